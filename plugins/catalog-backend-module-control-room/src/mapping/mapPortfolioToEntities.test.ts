import {
  componentEntityV1alpha1Validator,
  Entity,
  FieldFormatEntityPolicy,
  resourceEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import { mockServices } from '@backstage/backend-test-utils';
import { readCatalogModuleConfig } from '../config';
import { assignEntityNames, sanitizeEntityName } from './entityNames';
import {
  azureResourceType,
  mapPortfolioToEntities,
} from './mapPortfolioToEntities';
import { PortfolioSnapshot } from './types';

const mapping = readCatalogModuleConfig(
  mockServices.rootConfig({ data: {} }),
).mapping;

const programId = '11111111-2222-4333-8444-555555555555';
const projectA = 'aaaaaaaa-0000-4000-8000-000000000001';
const projectB = 'bbbbbbbb-0000-4000-8000-000000000002';
const resourceId =
  '/subscriptions/sub-1/resourceGroups/rg-ledger/providers/Microsoft.Compute/virtualMachines/vm-ledger-1';

const snapshot: PortfolioSnapshot = {
  programs: [
    {
      program_id: programId,
      name: 'Finance Systems',
      owner: null,
      status: 'Active',
    },
  ],
  projects: [
    {
      project_id: projectA,
      program_id: programId,
      name: 'Ledger Migration',
      status: 'Active',
      owner: 'Guest@Example.com',
      notion_url: null,
    },
    {
      project_id: projectB,
      program_id: programId,
      name: 'Ledger  migration!',
      status: 'Done',
      owner: 'nobody@example.com',
      notion_url: 'https://www.notion.so/ledger-b',
    },
  ],
  resources: [
    {
      resource_id: resourceId,
      name: 'vm-ledger-1',
      type: 'microsoft.compute/virtualMachines',
      resource_group: 'rg-ledger',
      subscription_id: 'sub-1',
      location: 'westeurope',
      project_id: projectA,
    },
  ],
};

const owners = new Map([['guest@example.com', 'user:default/guest']]);

async function validate(entity: Entity) {
  const validators = [
    systemEntityV1alpha1Validator,
    componentEntityV1alpha1Validator,
    resourceEntityV1alpha1Validator,
  ];
  const results = await Promise.all(validators.map(v => v.check(entity)));
  expect(results).toContain(true);
  await new FieldFormatEntityPolicy().enforce(entity);
}

describe('mapPortfolioToEntities', () => {
  const entities = mapPortfolioToEntities(snapshot, mapping, owners);
  const byKind = (kind: string) => entities.filter(e => e.kind === kind);

  it('emits entities that pass Backstage validation', async () => {
    expect(entities).toHaveLength(4);
    for (const entity of entities) {
      await validate(entity);
    }
  });

  it('maps a program to a System of type program', () => {
    const [system] = byKind('System');
    expect(system.metadata.name).toBe('finance-systems');
    expect(system.spec).toEqual({
      type: 'program',
      owner: 'group:default/finance-pmo',
    });
    expect(system.metadata.annotations!['notion.so/program-id']).toBe(
      programId,
    );
  });

  it('maps projects to project Components with lifecycle, system and owner', () => {
    const [a, b] = byKind('Component');
    expect(a.metadata.name).toBe('ledger-migration');
    expect(a.spec).toEqual({
      type: 'project',
      lifecycle: 'production',
      owner: 'user:default/guest',
      system: 'finance-systems',
    });
    expect(a.metadata.annotations!['notion.so/project-id']).toBe(projectA);
    expect(a.metadata.annotations!['backstage.io/view-url']).toBe(
      'https://www.notion.so/aaaaaaaa000040008000000000000001',
    );
    // The second "ledger migration" collides and gets an id suffix.
    expect(b.metadata.name).toBe('ledger-migration-00000002');
    expect(b.spec).toMatchObject({
      lifecycle: 'deprecated',
      owner: 'group:default/finance-pmo',
    });
  });

  it('falls back to the default group for an owner known only by name', () => {
    // A Notion person or bot without an email arrives in silver as its name.
    const [component] = mapPortfolioToEntities(
      {
        programs: [],
        projects: [{ ...snapshot.projects[0], owner: 'Ada Lovelace' }],
        resources: [],
      },
      mapping,
      new Map([...owners, ['ada lovelace', 'user:default/ada']]),
    );
    expect(component.spec?.owner).toBe('group:default/finance-pmo');
  });

  it('maps an Azure resource to a Resource linked to its project', () => {
    const [resource] = byKind('Resource');
    expect(resource.spec).toEqual({
      type: 'azure-virtualmachines',
      owner: 'user:default/guest',
      system: 'finance-systems',
    });
    expect(resource.metadata.annotations).toMatchObject({
      'management.azure.com/resource-id': resourceId,
      'notion.so/project-id': projectA,
      'backstage.io/view-url': `https://portal.azure.com/#@/resource${resourceId}`,
    });
  });

  it('honours include and exclude filters and switched-off kinds', () => {
    const filtered = mapPortfolioToEntities(
      snapshot,
      {
        ...mapping,
        exclude: [projectB],
        resources: { ...mapping.resources, enabled: false },
      },
      owners,
    );
    expect(filtered.map(e => e.metadata.name)).toEqual([
      'finance-systems',
      'ledger-migration',
    ]);
  });
});

describe('entity names', () => {
  it('sanitises free text into valid names', () => {
    expect(sanitizeEntityName('Café Ünïcode — Phase 2!', 'x')).toBe(
      'cafe-unicode-phase-2',
    );
    expect(sanitizeEntityName('***', 'fallback-1')).toBe('fallback-1');
    expect(sanitizeEntityName('a'.repeat(80), 'x')).toHaveLength(63);
  });

  it('resolves collisions the same way whatever the input order', () => {
    const items = [
      { id: 'b-2', name: 'Same' },
      { id: 'a-1', name: 'Same' },
      { id: 'c-3', name: 'same' },
    ];
    const forward = assignEntityNames(
      items,
      i => i.id,
      i => i.name,
    );
    const reversed = assignEntityNames(
      [...items].reverse(),
      i => i.id,
      i => i.name,
    );
    expect([...forward.entries()]).toEqual([...reversed.entries()]);
    expect(new Set(forward.values()).size).toBe(3);
    expect(forward.get('a-1')).toBe('same');
  });

  it('derives resource types from the Azure type', () => {
    expect(
      azureResourceType('Microsoft.Storage/storageAccounts', 'azure-'),
    ).toBe('azure-storageaccounts');
    expect(azureResourceType(null, 'azure-')).toBe('azure-resource');
  });
});
