import {
  azureResources,
  DuckDbLakehouse,
  Lakehouse,
  notionPrograms,
  notionProjects,
} from '@finance-ppm/plugin-control-room-node';
import { ConfigReader } from '@backstage/config';
import { readCatalogModuleConfig } from '../config';
import { createProjectRefLookup } from './lookups';

const projectId = 'aaaaaaaa-0000-4000-8000-000000000001';
const { mapping } = readCatalogModuleConfig(new ConfigReader({}));

describe('createProjectRefLookup', () => {
  let lakehouse: Lakehouse;
  let queries: string[];
  beforeEach(async () => {
    lakehouse = await DuckDbLakehouse.open({ path: ':memory:' });
    for (const table of [notionPrograms, notionProjects, azureResources]) {
      await lakehouse.execute(lakehouse.dialect.createSchema(table.schema));
      await lakehouse.execute(lakehouse.dialect.createTable(table));
    }
    queries = [];
    const query = lakehouse.query.bind(lakehouse);
    lakehouse.query = (sql, params) => {
      queries.push(sql);
      return query(sql, params);
    };
  });
  afterEach(() => lakehouse.close());

  const addProject = (id: string, name: string, syncedAt: string) =>
    lakehouse.upsert(notionProjects, [
      { project_id: id, name, is_archived: false, synced_at: syncedAt },
    ]);

  it('links a project that arrived in silver after the names were first read', async () => {
    const lookup = createProjectRefLookup(lakehouse, mapping, () => 0);
    // First start: the processor asks before the first sync wrote silver.
    await expect(lookup(projectId)).resolves.toBeUndefined();

    await addProject(projectId, 'Ledger Migration', '2026-11-25T06:00:00Z');

    // Well within the minute the names are kept for.
    await expect(lookup(projectId)).resolves.toBe(
      'component:default/ledger-migration',
    );
  });

  it('does not re-read the names for a miss when silver has not changed', async () => {
    await addProject(projectId, 'Ledger Migration', '2026-11-25T06:00:00Z');
    const lookup = createProjectRefLookup(lakehouse, mapping, () => 0);
    await expect(lookup(projectId)).resolves.toBe(
      'component:default/ledger-migration',
    );
    const reads = () =>
      queries.filter(sql => sql.includes('FROM silver.azure_resources')).length;
    const before = reads();

    await expect(
      lookup('bbbbbbbb-0000-4000-8000-000000000002'),
    ).resolves.toBeUndefined();
    await expect(
      lookup('bbbbbbbb-0000-4000-8000-000000000002'),
    ).resolves.toBeUndefined();

    expect(reads()).toBe(before);
  });

  it('re-reads the names after a minute', async () => {
    let clock = 0;
    await addProject(projectId, 'Ledger Migration', '2026-11-25T06:00:00Z');
    const lookup = createProjectRefLookup(lakehouse, mapping, () => clock);
    await lookup(projectId);
    await lakehouse.execute(
      "UPDATE silver.notion_projects SET name = 'Ledger Platform' WHERE project_id = :id",
      { id: projectId },
    );
    await expect(lookup(projectId)).resolves.toBe(
      'component:default/ledger-migration',
    );
    clock = 61_000;
    await expect(lookup(projectId)).resolves.toBe(
      'component:default/ledger-platform',
    );
  });
});
