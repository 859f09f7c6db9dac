import {
  DatabricksLakehouse,
  DuckDbLakehouse,
  Lakehouse,
  lakehouseTables,
  NotionService,
} from '@finance-ppm/plugin-control-room-node';
import {
  createNotionSandbox,
  generatePortfolio,
  startSqlWarehouseEmulator,
  SqlWarehouseEmulator,
} from '@finance-ppm/sandbox';
import { setupServer } from 'msw/node';
import { migrateLakehouse } from '../lakehouse/migrations';
import { createSandboxNotionPulls } from '../sources/notion/__testUtils__/sandboxNotionPulls';

/*
 * The data path of `yarn start:databricks` before the bundle runs: the
 * Notion pulls and the silver transform write through the Databricks engine
 * (real driver, emulated warehouse) exactly what they write on DuckDB.
 */

const TOKEN = 'dapi-pulls';
const server = setupServer();
// The warehouse is real HTTP on loopback; only Notion is answered by msw.
beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
afterAll(() => server.close());

jest.setTimeout(120_000);

const SILVER = [
  'silver.notion_programs',
  'silver.notion_projects',
  'silver.notion_budget_lines',
  'silver.notion_risks',
  'silver.notion_actions',
];

/** Rows without the sync times, as sorted JSON text. */
async function silverRows(lakehouse: Lakehouse, table: string) {
  const rows = await lakehouse.query(`SELECT * FROM ${table}`);
  return rows
    .map(({ synced_at: _syncedAt, ...row }) =>
      JSON.stringify(row, (_key, value) =>
        typeof value === 'bigint' ? `${value}` : value,
      ),
    )
    .sort();
}

describe('Notion pulls on the Databricks engine', () => {
  let warehouse: SqlWarehouseEmulator;
  const opened: Array<{ lakehouse: Lakehouse; notion: NotionService }> = [];

  beforeAll(async () => {
    warehouse = await startSqlWarehouseEmulator({ token: TOKEN });
    const sandbox = createNotionSandbox({
      portfolio: generatePortfolio({
        seed: 11,
        programs: 2,
        projectsPerProgram: 3,
        budgetLines: 40,
      }),
      requestsPerSecond: 1000,
      burst: 1000,
    });
    server.use(...sandbox.handlers);

    const pullInto = async (lakehouse: Lakehouse) => {
      await migrateLakehouse(lakehouse, lakehouseTables);
      const { pulls, notion } = createSandboxNotionPulls({
        lakehouse,
        databaseIds: sandbox.databaseIds,
      });
      opened.push({ lakehouse, notion });
      await pulls.notion_sync_bronze();
      await pulls.notion_transform_silver();
    };

    await pullInto(
      new DatabricksLakehouse({
        host: `${warehouse.host}:${warehouse.port}`,
        httpPath: warehouse.httpPath,
        catalog: 'finance_ppm',
        auth: { token: TOKEN },
      }),
    );
    await pullInto(await DuckDbLakehouse.open({ path: ':memory:' }));
  });

  afterAll(async () => {
    for (const { lakehouse, notion } of opened) {
      await notion.stop();
      await lakehouse.close();
    }
    await warehouse?.close();
  });

  it.each(SILVER)('fills %s as the DuckDB engine does', async table => {
    const [databricks, duckdb] = opened.map(({ lakehouse }) => lakehouse);
    const expected = await silverRows(duckdb, table);
    expect(expected.length).toBeGreaterThan(0);
    expect(await silverRows(databricks, table)).toEqual(expected);
  });
});
