import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { TableDeclaration } from '../types';
import {
  DatabricksLakehouse,
  DatabricksLakehouseDependencies,
  toDriverConnectOptions,
} from './DatabricksLakehouse';
import { THRIFT_TYPE_IDS } from './decode';
import { DatabricksLakehouseOptions } from './options';
import {
  driverErrors,
  FakeDatabricksDriver,
  resultSchema,
} from './__testUtils__/fakeDriver';

const TOKEN = 'test-token-not-a-real-credential';
const HOST = 'example.cloud.databricks.com';

const options: DatabricksLakehouseOptions = {
  host: `https://${HOST}/`,
  httpPath: '/sql/1.0/warehouses/abc',
  auth: { token: TOKEN },
  catalog: 'finance_ppm',
  retry: { maxAttempts: 3, delayMinMs: 100, delayMaxMs: 1_000 },
};

const notionRawPages: TableDeclaration = {
  schema: 'bronze',
  name: 'notion_raw_pages',
  description: 'Raw Notion pages',
  primaryKey: ['page_id'],
  columns: [
    { name: 'page_id', type: 'string', description: 'Page id' },
    { name: 'last_edited_time', type: 'timestamp', description: 'Edited' },
    { name: 'properties', type: 'map<string,string>', description: 'Props' },
    { name: 'budget', type: 'decimal(18,2)', description: 'Budget' },
    { name: 'row_count', type: 'bigint', description: 'Rows' },
    { name: 'is_archived', type: 'boolean', description: 'Archived' },
    {
      name: '_ingestion_timestamp',
      type: 'timestamp',
      defaultSql: 'current_timestamp()',
      description: 'Load time',
    },
  ],
};

function setup(extra: DatabricksLakehouseDependencies = {}) {
  const driver = new FakeDatabricksDriver();
  const delays: number[] = [];
  const lakehouse = new DatabricksLakehouse(options, {
    createClient: driver.factory,
    sleep: async ms => {
      delays.push(ms);
    },
    ...extra,
  });
  return { driver, delays, lakehouse };
}

describe('toDriverConnectOptions', () => {
  it('passes the host, path, token and the shared retry budget to the driver', () => {
    expect(toDriverConnectOptions(options)).toEqual({
      host: HOST,
      path: '/sql/1.0/warehouses/abc',
      authType: 'access-token',
      token: TOKEN,
      userAgentEntry: 'finance-ppm-control-room',
      retryMaxAttempts: 3,
      retriesTimeout: 120_000,
      retryDelayMin: 100,
      retryDelayMax: 1_000,
      preserveBigNumericPrecision: true,
      telemetryEnabled: false,
    });
  });

  it('passes a port written in the host to the driver', () => {
    expect(
      toDriverConnectOptions({ ...options, host: 'https://127.0.0.1:8443/' }),
    ).toMatchObject({ host: '127.0.0.1', port: 8443 });
  });

  it('uses Databricks OAuth machine-to-machine for a service principal', () => {
    expect(
      toDriverConnectOptions({
        ...options,
        auth: { clientId: 'sp-id', clientSecret: 'sp-secret' },
      }),
    ).toMatchObject({
      authType: 'databricks-oauth',
      oauthClientId: 'sp-id',
      oauthClientSecret: 'sp-secret',
      useDatabricksOAuthInAzure: true,
    });
  });
});

describe('DatabricksLakehouse', () => {
  it('is the databricks engine with the Delta dialect', () => {
    const { lakehouse } = setup();
    expect(lakehouse.engine).toBe('databricks');
    expect(lakehouse.dialect.columnType('json')).toBe('STRING');
  });

  it('sends SQL unchanged with typed named parameters', async () => {
    const { driver, lakehouse } = setup();
    await lakehouse.query(
      'SELECT * FROM silver.notion_projects WHERE synced_at >= :since AND budget_total > :min AND row_count = :n AND is_archived = :archived AND owner = :owner AND priority = :priority',
      {
        since: new Date('2024-01-01T00:00:00Z'),
        min: '1000.50',
        n: 9007199254740993n,
        archived: false,
        owner: null,
        priority: 2,
      },
    );
    expect(driver.statements).toHaveLength(1);
    expect(driver.statements[0].sql).toBe(
      'SELECT * FROM silver.notion_projects WHERE synced_at >= :since AND budget_total > :min AND row_count = :n AND is_archived = :archived AND owner = :owner AND priority = :priority',
    );
    expect(driver.statements[0].namedParameters).toEqual({
      since: { type: 'TIMESTAMP', value: new Date('2024-01-01T00:00:00Z') },
      min: { type: 'STRING', value: '1000.50' },
      n: { type: 'BIGINT', value: 9007199254740993n },
      archived: { type: 'BOOLEAN', value: false },
      owner: { value: null },
      priority: { value: 2 },
    });
    expect(
      driver.statements[0].namedParameters.since.toSparkParameter().value
        ?.stringValue,
    ).toBe('2024-01-01T00:00:00.000Z');
  });

  it('rejects parameter names that cannot be markers', async () => {
    const { driver, lakehouse } = setup();
    await expect(lakehouse.query('SELECT :a', { 'a b': 1 })).rejects.toThrow(
      "Invalid SQL parameter name 'a b'",
    );
    expect(driver.clientsCreated).toBe(0);
  });

  it('decodes rows with the result schema', async () => {
    const { driver, lakehouse } = setup();
    driver.answerStatements({
      rows: [
        {
          project_id: 'p-1',
          budget_total: '1500.5',
          rows: 3n,
          start_date: new Date(Date.UTC(2024, 5, 1)),
          synced_at: new Date('2024-06-02T10:00:00Z'),
          properties: { Status: 'Active' },
        },
      ],
      schema: resultSchema([
        ['project_id', THRIFT_TYPE_IDS.STRING],
        ['budget_total', THRIFT_TYPE_IDS.DECIMAL, 2],
        ['rows', THRIFT_TYPE_IDS.BIGINT],
        ['start_date', THRIFT_TYPE_IDS.DATE],
        ['synced_at', THRIFT_TYPE_IDS.TIMESTAMP],
        ['properties', THRIFT_TYPE_IDS.MAP],
      ]),
    });
    await expect(
      lakehouse.query('SELECT * FROM silver.notion_projects'),
    ).resolves.toEqual([
      {
        project_id: 'p-1',
        budget_total: '1500.50',
        rows: 3n,
        start_date: '2024-06-01',
        synced_at: '2024-06-02T10:00:00.000Z',
        properties: '{"Status":"Active"}',
      },
    ]);
    expect(driver.closedOperations).toEqual([1]);
  });

  it('opens one session in the configured catalog and reuses it', async () => {
    const { driver, lakehouse } = setup();
    await lakehouse.query('SELECT 1');
    await lakehouse.execute('CREATE SCHEMA IF NOT EXISTS bronze');
    await Promise.all([
      lakehouse.query('SELECT 2'),
      lakehouse.query('SELECT 3'),
    ]);
    expect(driver.clientsCreated).toBe(1);
    expect(driver.connects).toHaveLength(1);
    expect(driver.openSessionRequests).toEqual([
      {
        initialCatalog: 'finance_ppm',
        configuration: { TIMEZONE: 'UTC', STATEMENT_TIMEOUT: '300' },
      },
    ]);
    expect(new Set(driver.statements.map(s => s.session))).toEqual(
      new Set(['session-1']),
    );
  });

  it('opens a new session when the server says the session is gone', async () => {
    const { driver, lakehouse } = setup();
    await lakehouse.query('SELECT 1');
    driver.answerStatements(
      { error: driverErrors.invalidSession() },
      { rows: [{ n: 1 }] },
    );
    await expect(lakehouse.query('SELECT n FROM gold.kpis')).resolves.toEqual([
      { n: 1 },
    ]);
    expect(driver.openSessionRequests).toHaveLength(2);
    expect(driver.closedSessions).toEqual(['session-1']);
    expect(driver.statements.map(s => [s.session, s.sql])).toEqual([
      ['session-1', 'SELECT 1'],
      ['session-1', 'SELECT n FROM gold.kpis'],
      ['session-2', 'SELECT n FROM gold.kpis'],
    ]);
  });

  it('does not re-send a statement that was accepted before the session went', async () => {
    const { driver, lakehouse } = setup();
    driver.answerStatements({
      errorWhileRunning: driverErrors.invalidSession(),
    });
    await expect(
      lakehouse.execute('INSERT INTO gold.data_quality_metrics VALUES (1)'),
    ).rejects.toThrow('Invalid SessionHandle');
    expect(driver.statements).toHaveLength(1);
    expect(driver.closedOperations).toEqual([1]);

    driver.answerStatements({
      errorWhileRunning: driverErrors.invalidSession(),
    });
    await lakehouse.query('SELECT 1');
    // The gone session is dropped even when the INSERT is not re-sent; the
    // read that fails the same way is re-sent on a third session.
    expect(driver.statements.map(s => s.session)).toEqual([
      'session-1',
      'session-2',
      'session-3',
    ]);
  });

  it('reopens the session only once per call', async () => {
    const { driver, lakehouse } = setup();
    driver.answerStatements(
      { error: driverErrors.invalidSession() },
      { error: driverErrors.invalidSession() },
    );
    await expect(lakehouse.query('SELECT 1')).rejects.toThrow(
      'Databricks SQL statement failed: Invalid SessionHandle',
    );
    expect(driver.openSessionRequests).toHaveLength(2);
  });

  it('retries 429 and 503 with exponential backoff', async () => {
    const { driver, delays, lakehouse } = setup();
    driver.answerStatements(
      { error: driverErrors.httpStatus(503) },
      { error: driverErrors.httpStatus(429) },
      { rows: [{ ok: 1 }] },
    );
    await expect(lakehouse.query('SELECT 1 AS ok')).resolves.toEqual([
      { ok: 1 },
    ]);
    expect(driver.statements).toHaveLength(3);
    expect(delays).toEqual([100, 200]);
    expect(driver.openSessionRequests).toHaveLength(1);
  });

  it('retries a reset connection for reads and upserts', async () => {
    const { driver, lakehouse } = setup();
    driver.answerStatements(
      { error: driverErrors.network('ECONNRESET') },
      {},
      { error: driverErrors.network('ETIMEDOUT') },
      {},
    );
    await lakehouse.query('SELECT 1');
    await lakehouse.upsert(notionRawPages, [{ page_id: 'a' }]);
    expect(driver.statements).toHaveLength(4);
  });

  it('does not repeat a statement that may have run after a reset', async () => {
    const { driver, lakehouse } = setup();
    driver.answerStatements({ error: driverErrors.network('ECONNRESET') });
    await expect(
      lakehouse.execute('INSERT INTO gold.data_quality_metrics VALUES (1)'),
    ).rejects.toThrow(
      `Databricks SQL warehouse at ${HOST} is unreachable: ECONNRESET`,
    );
    expect(driver.statements).toHaveLength(1);
  });

  it('does repeat a statement the server turned away', async () => {
    const { driver, lakehouse } = setup();
    driver.answerStatements({ error: driverErrors.httpStatus(503) });
    await lakehouse.execute('INSERT INTO gold.data_quality_metrics VALUES (1)');
    expect(driver.statements).toHaveLength(2);
  });

  it('gives up on an unreachable warehouse with a clear error without the token', async () => {
    const { driver, delays, lakehouse } = setup();
    const refused = driverErrors.network(
      'ECONNREFUSED',
      ` (sent Authorization: Bearer ${TOKEN})`,
    );
    driver.failOpenSession(refused, refused, refused);
    const error = await lakehouse.ping().catch(e => e);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ServiceUnavailableError');
    expect(error.message).toBe(
      `Databricks SQL warehouse at ${HOST} is unreachable: ECONNREFUSED`,
    );
    expect(JSON.stringify(error)).not.toContain(TOKEN);
    expect(String(error.stack)).not.toContain(TOKEN);
    expect(driver.openSessionRequests).toHaveLength(3);
    expect(delays).toEqual([100, 200]);
    expect(driver.statements).toHaveLength(0);
  });

  it('does not add retries on top of the driver when it already gave up', async () => {
    const { driver, lakehouse } = setup();
    driver.answerStatements({
      error: driverErrors.retriesExhausted({ response: { status: 503 } }),
    });
    await expect(lakehouse.query('SELECT 1')).rejects.toThrow(
      `Databricks SQL warehouse at ${HOST} is unreachable: gave up after retrying (HTTP 503)`,
    );
    expect(driver.statements).toHaveLength(1);
  });

  it('stops retrying when the time budget is spent', async () => {
    let clock = 0;
    const driver = new FakeDatabricksDriver();
    const lakehouse = new DatabricksLakehouse(
      { ...options, retry: { ...options.retry, timeoutMs: 150 } },
      {
        createClient: driver.factory,
        now: () => clock,
        sleep: async ms => {
          clock += ms;
        },
      },
    );
    driver.answerStatements(
      { error: driverErrors.httpStatus(503) },
      { error: driverErrors.httpStatus(503) },
    );
    // Waits 100 ms after the first failure; a 200 ms wait would pass 150 ms.
    await expect(lakehouse.query('SELECT 1')).rejects.toThrow('HTTP 503');
    expect(driver.statements).toHaveLength(2);
    expect(clock).toBe(100);
  });

  it('reports SQL errors without retrying and with secrets removed', async () => {
    const { driver, lakehouse } = setup();
    driver.answerStatements({
      error: driverErrors.sql(
        `[TABLE_OR_VIEW_NOT_FOUND] The table silver.nope cannot be found; token ${TOKEN}`,
      ),
    });
    const error = await lakehouse
      .query('SELECT * FROM silver.nope')
      .catch(e => e);
    expect(error.message).toBe(
      'Databricks SQL statement failed: [TABLE_OR_VIEW_NOT_FOUND] The table silver.nope cannot be found; token ***',
    );
    expect(driver.statements).toHaveLength(1);
  });

  it('reports rejected credentials', async () => {
    const { driver, lakehouse } = setup();
    driver.failOpenSession(driverErrors.httpStatus(401));
    await expect(lakehouse.ping()).rejects.toThrow(
      `Databricks SQL warehouse at ${HOST} rejected the credentials: HTTP 401`,
    );
  });

  it('pings with SELECT 1', async () => {
    const { driver, lakehouse } = setup();
    await lakehouse.ping();
    expect(driver.sqlSent).toEqual(['SELECT 1']);
  });

  it('closes the session and the client, then refuses work', async () => {
    const { driver, lakehouse } = setup();
    await lakehouse.query('SELECT 1');
    await lakehouse.close();
    expect(driver.closedSessions).toEqual(['session-1']);
    expect(driver.clientsClosed).toBe(1);
    await expect(lakehouse.query('SELECT 1')).rejects.toThrow(
      'The Databricks lakehouse is closed',
    );
  });

  it('makes a new client after a failed connect', async () => {
    const { driver, lakehouse } = setup();
    driver.failConnect(driverErrors.network('ENOTFOUND'));
    await lakehouse.ping();
    expect(driver.clientsCreated).toBe(2);
    expect(driver.connects).toHaveLength(2);
  });

  it('logs retries and failed closes without secrets, and never throws from close', async () => {
    const logger = mockServices.logger.mock();
    const { driver, lakehouse } = setup({ logger });
    driver.answerStatements(
      { error: driverErrors.httpStatus(503) },
      {},
      { error: driverErrors.invalidSession() },
    );
    await lakehouse.query('SELECT 1');
    driver.failClose(new Error(`close failed for ${TOKEN}`));
    await lakehouse.query('SELECT 2');
    await expect(lakehouse.close()).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(
      'Databricks: transient failure (HTTP 503), attempt 1 of 3; retrying in 100 ms',
    );
    expect(logger.info).toHaveBeenCalledWith(
      'Databricks: session expired, opening a new one',
    );
    const logged = JSON.stringify([
      logger.debug.mock.calls,
      logger.info.mock.calls,
      logger.warn.mock.calls,
    ]);
    expect(logged).toContain('close failed for ***');
    expect(logged).not.toContain(TOKEN);
  });

  it('stops a call that fails after close', async () => {
    const driver = new FakeDatabricksDriver();
    let lakehouse: DatabricksLakehouse | undefined = undefined;
    lakehouse = new DatabricksLakehouse(options, {
      createClient: driver.factory,
      sleep: async () => {
        await lakehouse?.close();
      },
    });
    driver.answerStatements({ error: driverErrors.httpStatus(503) });
    await expect(lakehouse.query('SELECT 1')).rejects.toThrow(
      'The Databricks lakehouse is closed',
    );
  });

  it('closes cleanly when it never connected', async () => {
    const { driver, lakehouse } = setup();
    await lakehouse.close();
    expect(driver.clientsCreated).toBe(0);
  });

  it('is built from app-config', async () => {
    const driver = new FakeDatabricksDriver();
    const lakehouse = DatabricksLakehouse.fromConfig(
      new ConfigReader({
        controlRoom: {
          lakehouse: {
            statementTimeoutSeconds: 45,
            databricks: {
              host: HOST,
              httpPath: '/sql/1.0/warehouses/abc',
              catalog: 'ppm',
              clientId: 'sp-id',
              clientSecret: 'sp-secret',
            },
          },
        },
      }),
      { createClient: driver.factory },
    );
    await lakehouse.ping();
    expect(driver.connects[0]).toMatchObject({
      host: HOST,
      authType: 'databricks-oauth',
    });
    expect(driver.openSessionRequests[0]).toMatchObject({
      initialCatalog: 'ppm',
      // controlRoom.lakehouse.statementTimeoutSeconds, when set.
      configuration: { STATEMENT_TIMEOUT: '45' },
    });
  });

  describe('upsert', () => {
    it('MERGEs a de-duplicated batch with named parameters', async () => {
      const { driver, lakehouse } = setup();
      const result = await lakehouse.upsert(notionRawPages, [
        {
          page_id: 'a',
          last_edited_time: '2024-01-01T00:00:00.000Z',
          properties: '{"Status":"Draft"}',
          budget: '10.00',
          row_count: 1n,
          is_archived: false,
        },
        {
          page_id: 'b',
          last_edited_time: '2024-01-02T00:00:00.000Z',
          properties: null,
          budget: null,
          row_count: 2,
          is_archived: true,
        },
        {
          page_id: 'a',
          last_edited_time: '2024-01-03T00:00:00.000Z',
          properties: '{"Status":"Active"}',
          budget: '12.50',
          row_count: 3n,
          is_archived: false,
        },
      ]);
      expect(result).toEqual({ rows: 2 });
      expect(driver.sqlSent).toEqual([
        [
          'MERGE INTO bronze.notion_raw_pages AS t',
          'USING (',
          "  SELECT CAST(page_id AS STRING) AS page_id, CAST(last_edited_time AS TIMESTAMP) AS last_edited_time, from_json(properties, 'MAP<STRING,STRING>') AS properties, CAST(budget AS DECIMAL(18, 2)) AS budget, CAST(row_count AS BIGINT) AS row_count, CAST(is_archived AS BOOLEAN) AS is_archived",
          '  FROM VALUES (:p0_c0, :p0_c1, :p0_c2, :p0_c3, :p0_c4, :p0_c5), (:p1_c0, :p1_c1, :p1_c2, :p1_c3, :p1_c4, :p1_c5) AS v(page_id, last_edited_time, properties, budget, row_count, is_archived)',
          ') AS s',
          'ON t.page_id = s.page_id',
          'WHEN MATCHED THEN UPDATE SET t.last_edited_time = s.last_edited_time, t.properties = s.properties, t.budget = s.budget, t.row_count = s.row_count, t.is_archived = s.is_archived',
          'WHEN NOT MATCHED THEN INSERT (page_id, last_edited_time, properties, budget, row_count, is_archived) VALUES (s.page_id, s.last_edited_time, s.properties, s.budget, s.row_count, s.is_archived)',
        ].join('\n'),
      ]);
      expect(driver.statements[0].namedParameters).toEqual({
        p0_c0: { type: 'STRING', value: 'a' },
        p0_c1: { type: 'STRING', value: '2024-01-03T00:00:00.000Z' },
        p0_c2: { type: 'STRING', value: '{"Status":"Active"}' },
        p0_c3: { type: 'STRING', value: '12.50' },
        p0_c4: { type: 'BIGINT', value: 3n },
        p0_c5: { type: 'BOOLEAN', value: false },
        p1_c0: { type: 'STRING', value: 'b' },
        p1_c1: { type: 'STRING', value: '2024-01-02T00:00:00.000Z' },
        p1_c2: { value: null },
        p1_c3: { value: null },
        p1_c4: { type: 'BIGINT', value: 2n },
        p1_c5: { type: 'BOOLEAN', value: true },
      });
    });

    it('chunks large batches to stay within 256 parameters', async () => {
      const { driver, lakehouse } = setup();
      const rows = Array.from({ length: 100 }, (_, i) => ({
        page_id: `p${i}`,
        last_edited_time: '2024-01-01T00:00:00.000Z',
        properties: '{}',
        budget: '1.00',
        row_count: i,
        is_archived: false,
      }));
      await expect(lakehouse.upsert(notionRawPages, rows)).resolves.toEqual({
        rows: 100,
      });
      // 6 columns: 42 rows (252 parameters) per MERGE.
      expect(
        driver.statements.map(s => Object.keys(s.namedParameters).length),
      ).toEqual([252, 252, 96]);
    });

    it('rejects undeclared columns before sending anything', async () => {
      const { driver, lakehouse } = setup();
      await expect(
        lakehouse.upsert(notionRawPages, [{ page_id: 'a', colour: 'red' }]),
      ).rejects.toThrow(
        'Upsert into bronze.notion_raw_pages: row 0 has undeclared column(s) colour',
      );
      expect(driver.clientsCreated).toBe(0);
    });

    it('rejects rows without a key value before sending anything', async () => {
      const { driver, lakehouse } = setup();
      await expect(
        lakehouse.upsert(notionRawPages, [
          { page_id: 'a' },
          { page_id: null, budget: '1.00' },
        ]),
      ).rejects.toThrow(
        'Upsert into bronze.notion_raw_pages: row 1 has no value for key column(s) page_id',
      );
      expect(driver.clientsCreated).toBe(0);
    });

    it('sends nothing for an empty batch', async () => {
      const { driver, lakehouse } = setup();
      await expect(lakehouse.upsert(notionRawPages, [])).resolves.toEqual({
        rows: 0,
      });
      expect(driver.clientsCreated).toBe(0);
    });
  });
});
