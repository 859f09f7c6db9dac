import { entityPath, projectEntityPaths } from './catalogLinks';

const entity = (
  kind: string,
  name: string,
  projectId: string,
  type?: string,
) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, annotations: { 'notion.so/project-id': projectId } },
  spec: type ? { type } : {},
});

describe('catalog links', () => {
  it('builds the catalog path of an entity', () => {
    expect(
      entityPath({
        kind: 'Component',
        metadata: { name: 'a', namespace: 'ops' },
      }),
    ).toBe('/catalog/ops/component/a');
  });

  it("prefers the project's own component over other annotated entities", () => {
    const paths = projectEntityPaths([
      entity('Component', 'billing-service', 'p1', 'service'),
      entity('Component', 'ledger-migration', 'p1', 'project'),
      entity('System', 'data', 'p2'),
    ]);
    expect(paths.get('p1')).toBe('/catalog/default/component/ledger-migration');
    expect(paths.get('p2')).toBe('/catalog/default/system/data');
  });
});
