import { DatabricksLakehouse } from '@finance-ppm/plugin-control-room-node';
import { startSqlWarehouseEmulator, SqlWarehouseEmulator } from './server';
import {
  emulatorEngine as engineFor,
  TEST_TOKEN as TOKEN,
} from './__testUtils__/emulatorEngine';

jest.setTimeout(30_000);

/** A warehouse for one describe block, and the engine that talks to it. */
async function startWarehouse(
  options: Partial<Parameters<typeof startSqlWarehouseEmulator>[0]>,
) {
  const warehouse = await startSqlWarehouseEmulator({
    token: TOKEN,
    catalog: 'finance_ppm',
    ...options,
  });
  return { warehouse, engine: engineFor(warehouse) };
}

async function stopWarehouse(
  warehouse: SqlWarehouseEmulator | undefined,
  engine: DatabricksLakehouse | undefined,
) {
  await engine?.close();
  await warehouse?.close();
}

describe('the emulated SQL warehouse, through the real @databricks/sql driver', () => {
  let warehouse: SqlWarehouseEmulator;
  let engine: DatabricksLakehouse;

  beforeAll(async () => {
    ({ warehouse, engine } = await startWarehouse({ maxRowsPerBatch: 40 }));
  });

  afterAll(() => stopWarehouse(warehouse, engine));

  beforeEach(() => {
    warehouse.requests.length = 0;
  });

  it('runs Delta DDL, a MERGE with named parameters and a typed read', async () => {
    await engine.execute('CREATE SCHEMA IF NOT EXISTS silver');
    await engine.execute(`CREATE TABLE IF NOT EXISTS silver.budget (
  id STRING NOT NULL COMMENT 'The line\\'s id',
  amount DECIMAL(18, 2) COMMENT 'Amount',
  rows_seen BIGINT,
  month DATE,
  synced_at TIMESTAMP,
  tags MAP<STRING, STRING>,
  active BOOLEAN
)
USING DELTA
PARTITIONED BY (month)
COMMENT 'Budget lines'
TBLPROPERTIES ('delta.feature.allowColumnDefaults' = 'supported')`);
    await engine.upsert(
      {
        schema: 'silver',
        name: 'budget',
        description: 'Budget lines',
        primaryKey: ['id'],
        columns: [
          { name: 'id', type: 'string', description: 'id' },
          { name: 'amount', type: 'decimal(18,2)', description: 'amount' },
          { name: 'rows_seen', type: 'bigint', description: 'n' },
          { name: 'month', type: 'date', description: 'month' },
          { name: 'synced_at', type: 'timestamp', description: 'at' },
          { name: 'tags', type: 'map<string,string>', description: 'tags' },
          { name: 'active', type: 'boolean', description: 'active' },
        ],
      },
      [
        {
          id: "it's-1",
          amount: '1234567.89',
          rows_seen: 9007199254740991n,
          month: '2024-05-01',
          synced_at: '2024-05-02T10:11:12.345Z',
          tags: '{"project":"alpha"}',
          active: true,
        },
        {
          id: 'line-2',
          amount: null,
          rows_seen: null,
          month: null,
          synced_at: null,
          tags: null,
          active: null,
        },
      ],
    );

    const rows = await engine.query(
      'SELECT * FROM silver.budget WHERE id = :id OR amount IS NULL ORDER BY id',
      { id: "it's-1" },
    );

    expect(rows).toEqual([
      {
        id: "it's-1",
        amount: '1234567.89',
        rows_seen: 9007199254740991n,
        month: '2024-05-01',
        synced_at: '2024-05-02T10:11:12.345Z',
        tags: '{"project":"alpha"}',
        active: true,
      },
      {
        id: 'line-2',
        amount: null,
        rows_seen: null,
        month: null,
        synced_at: null,
        tags: null,
        active: null,
      },
    ]);
  });

  it('fetches a large result in several batches and closes the operation', async () => {
    const rows = await engine.query(
      'SELECT range AS n FROM range(0, :count) ORDER BY n',
      { count: 100 },
    );
    expect(rows.map(row => row.n)).toEqual(
      Array.from({ length: 100 }, (_, n) => BigInt(n)),
    );
    expect(warehouse.requests.filter(m => m === 'FetchResults')).toHaveLength(
      3,
    );
    expect(warehouse.requests).toContain('CloseOperation');
    expect(warehouse.openHandles().operations).toBe(0);
  });

  it('polls the status of a statement that is still running', async () => {
    const release = warehouse.hangStatements(sql => sql.includes('slow'));
    const reading = engine.query("SELECT 'slow' AS kind");
    await new Promise(resolve => setTimeout(resolve, 300));
    expect(warehouse.requests).toContain('GetOperationStatus');
    release();
    await expect(reading).resolves.toEqual([{ kind: 'slow' }]);
    expect(warehouse.requests).toContain('CloseOperation');
  });

  it('ends a running statement when the session closes', async () => {
    warehouse.hangStatements(sql => sql.includes('abandoned'));
    const reading = engine.query("SELECT 'abandoned' AS kind");
    await new Promise(resolve => setTimeout(resolve, 200));
    await engine.close();
    await expect(reading).rejects.toThrow();
    expect(warehouse.statements.at(-1)).toMatchObject({ state: 'CLOSED' });
    engine = engineFor(warehouse);
  });

  it('reports a failed statement with its SQLSTATE and message', async () => {
    await expect(
      engine.query('SELECT * FROM gold.no_such_table'),
    ).rejects.toThrow(/TABLE_OR_VIEW_NOT_FOUND.*no_such_table/s);
    expect(warehouse.statements.at(-1)).toMatchObject({
      state: 'ERROR',
      sqlState: '42P01',
    });
  });

  it('refuses a wrong token with the driver’s authentication error', async () => {
    const intruder = engineFor(warehouse, { auth: { token: 'wrong-token' } });
    await expect(intruder.query('SELECT 1')).rejects.toThrow(
      /rejected the credentials: HTTP 403/,
    );
    await intruder.close();
  });

  it('closes the session when the engine closes', async () => {
    const own = engineFor(warehouse);
    await own.query('SELECT 1 AS one');
    const before = warehouse.openHandles().sessions;
    await own.close();
    expect(warehouse.openHandles().sessions).toBe(before - 1);
    expect(warehouse.requests).toContain('CloseSession');
  });
});

describe('direct results from the emulated SQL warehouse', () => {
  let warehouse: SqlWarehouseEmulator;
  let engine: DatabricksLakehouse;

  // Its own warehouse, waiting far longer than any slow machine takes to run
  // a quick statement: with the default 50 ms, a loaded test run could miss
  // the window and poll. The shared warehouse above keeps the default, which
  // the polling tests rely on.
  beforeAll(async () => {
    ({ warehouse, engine } = await startWarehouse({
      directResultsWaitMs: 60_000,
    }));
    await engine.query('SELECT 1 AS warm_up');
    warehouse.requests.length = 0;
  });

  afterAll(() => stopWarehouse(warehouse, engine));

  it('answers a quick statement directly, with its rows and closed', async () => {
    const rows = await engine.query('SELECT 41 + 1 AS answer');
    expect(rows).toEqual([{ answer: 42 }]);
    // The session is reused; the rows come with the answer, already closed.
    expect(warehouse.requests).toEqual(['ExecuteStatement']);
  });
});
