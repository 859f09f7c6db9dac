import { Entity } from '@backstage/catalog-model';
import {
  normalizeNotionId,
  ProjectRelationProcessor,
  validateAnnotations,
} from './ProjectRelationProcessor';

const projectId = 'aaaaaaaa-0000-4000-8000-000000000001';
const location = {
  type: 'url',
  target: 'https://example.com/catalog-info.yaml',
};

function entity(kind: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'invoice-service', namespace: 'default', annotations },
    spec: {},
  };
}

async function relationsOf(
  subject: Entity,
  lookup: (projectId: string) => Promise<string | undefined> = async () =>
    'component:default/ledger',
) {
  const emitted: any[] = [];
  await new ProjectRelationProcessor(lookup).postProcessEntity(
    subject,
    location,
    result => emitted.push(result),
  );
  return emitted;
}

describe('ProjectRelationProcessor', () => {
  it('makes a software component part of its project', async () => {
    const emitted = await relationsOf(
      entity('Component', {
        'notion.so/project-id': projectId.replace(/-/g, ''),
      }),
    );
    expect(
      emitted.map(e => [
        e.type,
        e.relation.type,
        e.relation.source.name,
        e.relation.target.name,
      ]),
    ).toEqual([
      ['relation', 'partOf', 'invoice-service', 'ledger'],
      ['relation', 'hasPart', 'ledger', 'invoice-service'],
    ]);
  });

  it('makes an Azure resource a dependency of its project', async () => {
    const emitted = await relationsOf(
      entity('Resource', { 'notion.so/project-id': projectId }),
    );
    expect(emitted.map(e => e.relation.type)).toEqual([
      'dependencyOf',
      'dependsOn',
    ]);
  });

  it('reports a project that silver does not know', async () => {
    const emitted = await relationsOf(
      entity('Component', { 'notion.so/project-id': projectId }),
      async () => undefined,
    );
    expect(emitted).toHaveLength(1);
    expect(emitted[0].type).toBe('error');
    expect(emitted[0].error.message).toContain(
      `names Notion project ${projectId}`,
    );
  });

  it('leaves entities without the annotation alone', async () => {
    expect(await relationsOf(entity('Component', {}))).toEqual([]);
  });
});

describe('validateAnnotations', () => {
  it('names the entity, the annotation and the expected form', () => {
    expect(() =>
      validateAnnotations(
        entity('Component', { 'notion.so/project-id': 'proj-1' }),
      ),
    ).toThrow(
      "component:default/invoice-service: annotation notion.so/project-id must be a Notion page id (32 hex digits, dashes allowed), got 'proj-1'",
    );
    expect(() =>
      validateAnnotations(
        entity('Resource', { 'management.azure.com/resource-id': 'vm-1' }),
      ),
    ).toThrow(/must be an Azure resource id/);
  });

  it('accepts well-formed annotations', () => {
    expect(() =>
      validateAnnotations(
        entity('Resource', {
          'notion.so/project-id': projectId,
          'management.azure.com/resource-id':
            '/subscriptions/s/resourceGroups/g/providers/Microsoft.Web/sites/app',
        }),
      ),
    ).not.toThrow();
  });
});

describe('normalizeNotionId', () => {
  it('dashes a compact id', () => {
    expect(normalizeNotionId('AAAAAAAA000040008000000000000001')).toBe(
      projectId,
    );
  });
});
