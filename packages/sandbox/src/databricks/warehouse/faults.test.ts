import {
  DatabricksLakehouse,
  DatabricksLakehouseOptions,
} from '@finance-ppm/plugin-control-room-node';
import { startSqlWarehouseEmulator, SqlWarehouseEmulator } from './server';
import {
  emulatorEngine,
  TEST_TOKEN as TOKEN,
} from './__testUtils__/emulatorEngine';

jest.setTimeout(30_000);

function recordingLogger() {
  const warnings: string[] = [];
  const logger = {
    warn: (message: string) => warnings.push(message),
    info: () => undefined,
    debug: () => undefined,
    error: () => undefined,
    child: () => logger,
  };
  return { warnings, logger: logger as never };
}

describe('the Databricks engine against warehouse faults', () => {
  let warehouse: SqlWarehouseEmulator;
  let engine: DatabricksLakehouse;
  let warnings: string[];

  function engineFor(overrides: Partial<DatabricksLakehouseOptions> = {}) {
    const recorded = recordingLogger();
    warnings = recorded.warnings;
    return emulatorEngine(warehouse, overrides, { logger: recorded.logger });
  }

  beforeAll(async () => {
    warehouse = await startSqlWarehouseEmulator({
      token: TOKEN,
      maxRowsPerBatch: 25,
    });
    await warehouse.lakehouse.execute('CREATE SCHEMA gold');
    await warehouse.lakehouse.execute(
      'CREATE TABLE gold.numbers AS SELECT range AS n FROM range(0, 100)',
    );
    await warehouse.lakehouse.execute('CREATE TABLE gold.writes (id INTEGER)');
  });

  beforeEach(() => {
    engine = engineFor();
  });

  afterEach(async () => {
    await engine.close();
  });

  afterAll(async () => {
    await warehouse?.close();
  });

  const readNumbers = () =>
    engine.query<{ n: bigint }>('SELECT n FROM gold.numbers ORDER BY n');

  it.each([503, 429] as const)(
    'retries a read refused with %i and Retry-After, and succeeds',
    async status => {
      warehouse.injectFault({
        kind: 'status',
        status,
        retryAfterSeconds: 1,
        method: 'ExecuteStatement',
      });
      const rows = await readNumbers();
      expect(rows).toHaveLength(100);
      expect(warnings.join('\n')).toContain(`HTTP ${status}`);
    },
  );

  it('lets the driver retry a status poll refused with 429, and reads', async () => {
    const release = warehouse.hangStatements(sql => sql.includes('polled'));
    warehouse.injectFault({
      kind: 'status',
      status: 429,
      retryAfterSeconds: 1,
      method: 'GetOperationStatus',
      times: 2,
    });
    warehouse.requests.length = 0;
    const reading = engine.query("SELECT 'polled' AS kind");
    await new Promise(resolve => setTimeout(resolve, 300));
    release();
    await expect(reading).resolves.toEqual([{ kind: 'polled' }]);
    // The two refused polls never reached the warehouse; later ones did.
    expect(warehouse.requests).toContain('GetOperationStatus');
    expect(warehouse.requests.filter(m => m === 'ExecuteStatement')).toEqual([
      'ExecuteStatement',
    ]);
  });

  it('reads again after the connection drops mid-fetch, without losing or repeating rows', async () => {
    warehouse.injectFault({
      kind: 'drop-connection',
      method: 'FetchResults',
    });
    const rows = await readNumbers();
    expect(rows.map(row => Number(row.n))).toEqual(
      Array.from({ length: 100 }, (_, n) => n),
    );
    expect(warnings.join('\n')).toMatch(/ECONNRESET|socket hang up/);
  });

  it('never sends a write twice when its outcome is unknown', async () => {
    warehouse.injectFault({
      kind: 'drop-connection',
      afterProcessing: true,
      method: 'ExecuteStatement',
    });
    await expect(
      engine.execute('INSERT INTO gold.writes VALUES (1)'),
    ).rejects.toThrow(/unreachable/);
    const rows = await warehouse.lakehouse.query(
      'SELECT count(*) AS writes FROM gold.writes',
    );
    expect(rows).toEqual([{ writes: 1n }]);
  });

  it('cancels a statement past its timeout and reports it', async () => {
    const release = warehouse.hangStatements(sql => sql.includes('stuck'));
    const stuck = engineFor({ statementTimeoutSeconds: 1 });
    try {
      await expect(
        stuck.execute("INSERT INTO gold.writes SELECT 99 WHERE 'stuck' <> ''"),
      ).rejects.toThrow(/QUERY_EXECUTION_TIMEOUT_EXCEEDED/);
    } finally {
      release();
      await stuck.close();
    }
    expect(warehouse.statements.at(-1)).toMatchObject({
      state: 'TIMEDOUT',
      sqlState: '57KD0',
    });
    const rows = await warehouse.lakehouse.query(
      'SELECT count(*) AS stuck FROM gold.writes WHERE id = 99',
    );
    expect(rows).toEqual([{ stuck: 0n }]);
  });
});
