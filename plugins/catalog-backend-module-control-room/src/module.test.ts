import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  coreServices,
  createServiceFactory,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  DuckDbLakehouse,
  Lakehouse,
  lakehouseServiceRef,
  notionProjects,
  notionPrograms,
  azureResources,
} from '@finance-ppm/plugin-control-room-node';
import request from 'supertest';
import { catalogModuleControlRoom } from './module';

const programId = '11111111-2222-4333-8444-555555555555';
const projectA = 'aaaaaaaa-0000-4000-8000-000000000001';
const projectB = 'bbbbbbbb-0000-4000-8000-000000000002';
const vmId =
  '/subscriptions/sub-1/resourceGroups/rg-ledger/providers/Microsoft.Compute/virtualMachines/vm-ledger-1';

async function seed(lakehouse: Lakehouse) {
  for (const table of [notionPrograms, notionProjects, azureResources]) {
    await lakehouse.execute(lakehouse.dialect.createSchema(table.schema));
    await lakehouse.execute(lakehouse.dialect.createTable(table));
  }
  await lakehouse.upsert(notionPrograms, [
    { program_id: programId, name: 'Finance Systems', is_archived: false },
  ]);
  await lakehouse.upsert(notionProjects, [
    {
      project_id: projectA,
      program_id: programId,
      name: 'Ledger Migration',
      status: 'Active',
      is_archived: false,
    },
    {
      project_id: projectB,
      program_id: programId,
      name: 'Billing Revamp',
      status: 'Planned',
      is_archived: false,
    },
  ]);
  await lakehouse.upsert(azureResources, [
    {
      resource_id: vmId,
      name: 'vm-ledger-1',
      type: 'microsoft.compute/virtualmachines',
      project_id: projectA,
    },
  ]);
}

async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 40_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error('timed out waiting for the catalog');
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}

jest.setTimeout(60_000);

describe('catalogModuleControlRoom', () => {
  let lakehouse: DuckDbLakehouse;
  beforeEach(async () => {
    lakehouse = await DuckDbLakehouse.open({ path: ':memory:' });
    await seed(lakehouse);
  });
  afterEach(() => lakehouse.close());

  async function start() {
    // One functional scheduler for the whole test backend, so the test can
    // run the provider's refresh task on demand.
    const scheduler: SchedulerService = mockServices.scheduler();
    const { server } = await startTestBackend({
      features: [
        createServiceFactory({
          service: coreServices.scheduler,
          deps: {},
          factory: () => scheduler,
        }),
        catalogPlugin,
        catalogModuleControlRoom,
        createServiceFactory({
          service: lakehouseServiceRef,
          deps: {},
          factory: () => lakehouse,
        }),
        mockServices.rootConfig.factory({
          data: {
            catalog: { processingInterval: { seconds: 1 } },
          },
        }),
      ],
    });
    const entity = (kind: string, name: string) =>
      request(server)
        .get(`/api/catalog/entities/by-name/${kind}/default/${name}`)
        .then(res => (res.status === 200 ? res.body : undefined));
    const refresh = () => scheduler.triggerTask('control-room:refresh');
    await refresh();
    return { entity, refresh };
  }

  it('ingests programs, projects and resources with resolved relations, and drops trashed projects', async () => {
    const { entity, refresh } = await start();

    const project = await waitFor(async () => {
      const found = await entity('component', 'ledger-migration');
      return found?.relations?.some((r: any) => r.type === 'partOf')
        ? found
        : undefined;
    });
    expect(project.spec).toMatchObject({
      type: 'project',
      system: 'finance-systems',
    });
    expect(project.relations).toEqual(
      expect.arrayContaining([
        { type: 'partOf', targetRef: 'system:default/finance-systems' },
        { type: 'ownedBy', targetRef: 'group:default/finance-pmo' },
      ]),
    );
    const vm = await waitFor(async () => {
      const found = await entity('resource', 'vm-ledger-1');
      return found?.relations?.some((r: any) => r.type === 'dependencyOf')
        ? found
        : undefined;
    });
    expect(vm.relations).toEqual(
      expect.arrayContaining([
        {
          type: 'dependencyOf',
          targetRef: 'component:default/ledger-migration',
        },
      ]),
    );
    expect(await entity('system', 'finance-systems')).toBeDefined();

    await lakehouse.execute(
      'UPDATE silver.notion_projects SET is_archived = true WHERE project_id = :id',
      { id: projectB },
    );
    await refresh();
    await waitFor(async () =>
      (await entity('component', 'billing-revamp')) ? undefined : true,
    );
    expect(await entity('component', 'ledger-migration')).toBeDefined();
  });

  it('removes a deleted Azure resource at the next provider run', async () => {
    const { entity, refresh } = await start();
    await waitFor(() => entity('resource', 'vm-ledger-1'));

    // What a complete Azure pull does to a resource it no longer returns.
    await lakehouse.execute(
      'UPDATE silver.azure_resources SET removed_at = current_timestamp WHERE resource_id = :id',
      { id: vmId },
    );
    await refresh();

    await waitFor(async () =>
      (await entity('resource', 'vm-ledger-1')) ? undefined : true,
    );
    expect(await entity('component', 'ledger-migration')).toBeDefined();
  });

  it('keeps the catalog as it was when a read fails', async () => {
    const { entity, refresh } = await start();
    await waitFor(() => entity('component', 'billing-revamp'));

    await lakehouse.execute('DROP TABLE silver.azure_resources');
    await refresh();
    await new Promise(resolve => setTimeout(resolve, 2000));

    expect(await entity('component', 'billing-revamp')).toBeDefined();
    expect(await entity('resource', 'vm-ledger-1')).toBeDefined();
  });
});
