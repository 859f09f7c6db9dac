import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  catalogProjectDirectory,
  projectEntitiesById,
} from './projectDirectory';

function entity(
  kind: string,
  name: string,
  projectId: string,
  spec: Entity['spec'],
  namespace?: string,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: {
      name,
      ...(namespace && { namespace }),
      annotations: { 'notion.so/project-id': projectId },
    },
    spec,
  };
}

describe('projectEntitiesById', () => {
  it("prefers the project's Component and reads its owner as a full ref", () => {
    const byId = projectEntitiesById([
      entity('Resource', 'vm', 'p1', { owner: 'group:default/platform' }),
      entity(
        'Component',
        'ledger',
        'p1',
        { type: 'project', owner: 'team-a' },
        'finance',
      ),
      entity('Component', 'bad-owner', 'p2', {
        type: 'project',
        owner: 'user:',
      }),
    ]);
    expect(byId.get('p1')).toEqual({
      entityRef: 'component:finance/ledger',
      ownerRef: 'group:finance/team-a',
      financePath: '/catalog/finance/component/ledger/finance',
    });
    expect(byId.get('p2')).toEqual({
      entityRef: 'component:default/bad-owner',
      financePath: '/catalog/default/component/bad-owner/finance',
    });
  });
});

describe('catalogProjectDirectory', () => {
  it('asks the catalog by annotation, in batches, and answers by the ids asked', async () => {
    const entities = Array.from({ length: 60 }, (_, i) =>
      entity('Component', `project-${i}`, `id-${i}`, {
        type: 'project',
        owner: `user:default/owner-${i}`,
      }),
    );
    const catalog = catalogServiceMock({ entities });
    const getEntities = jest.spyOn(catalog, 'getEntities');
    const lookup = catalogProjectDirectory(catalog, mockServices.auth());

    const found = await lookup([
      ...entities.map(e => e.metadata.annotations!['notion.so/project-id']),
      'ID-7',
      'unknown',
    ]);

    expect(getEntities).toHaveBeenCalledTimes(2);
    expect(found.size).toBe(61);
    expect(found.get('ID-7')?.ownerRef).toBe('user:default/owner-7');
    expect(found.has('unknown')).toBe(false);
    expect(await lookup([])).toEqual(new Map());
  });
});
