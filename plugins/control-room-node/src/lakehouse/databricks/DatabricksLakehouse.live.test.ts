import { LakehouseSchema, TableDeclaration } from '../types';
import { DatabricksLakehouse } from './DatabricksLakehouse';
import { DatabricksAuth } from './options';

/**
 * Runs against a real SQL warehouse when DATABRICKS_HOST is set, with
 * DATABRICKS_HTTP_PATH, DATABRICKS_CATALOG and either DATABRICKS_TOKEN or
 * DATABRICKS_CLIENT_ID + DATABRICKS_CLIENT_SECRET. Everything happens in a
 * throwaway schema that is dropped afterwards.
 */
const describeLive = process.env.DATABRICKS_HOST ? describe : describe.skip;

function liveAuth(): DatabricksAuth {
  const token = process.env.DATABRICKS_TOKEN;
  if (token) {
    return { token };
  }
  return {
    clientId: process.env.DATABRICKS_CLIENT_ID ?? '',
    clientSecret: process.env.DATABRICKS_CLIENT_SECRET ?? '',
  };
}

describeLive('DatabricksLakehouse against a live warehouse', () => {
  jest.setTimeout(600_000);

  // Declarations only name the three layers; the test stands a throwaway
  // schema in for one so it never touches real data.
  const schema = `ppm_live_test_${Date.now()}_${Math.floor(
    Math.random() * 1e6,
  )}` as LakehouseSchema;

  const table: TableDeclaration = {
    schema,
    name: 'upsert_roundtrip',
    description: 'Live test table',
    primaryKey: ['id'],
    partitionBy: ['category'],
    properties: { 'delta.autoOptimize.optimizeWrite': 'true' },
    columns: [
      { name: 'id', type: 'string', description: 'Key' },
      { name: 'category', type: 'string', description: 'Partition' },
      { name: 'amount', type: 'decimal(18,2)', description: 'Amount' },
      { name: 'big', type: 'bigint', description: 'Big number' },
      { name: 'n', type: 'int', description: 'Small number' },
      { name: 'ratio', type: 'double', description: 'Ratio' },
      { name: 'flag', type: 'boolean', description: 'Flag' },
      { name: 'day', type: 'date', description: 'Day' },
      { name: 'at', type: 'timestamp', description: 'Instant' },
      { name: 'props', type: 'map<string,string>', description: 'Map' },
      { name: 'payload', type: 'json', description: 'JSON text' },
      {
        name: 'loaded_at',
        type: 'timestamp',
        defaultSql: 'current_timestamp()',
        description: 'Load time',
      },
    ],
  };

  let lakehouse: DatabricksLakehouse;

  beforeAll(async () => {
    lakehouse = new DatabricksLakehouse({
      host: process.env.DATABRICKS_HOST ?? '',
      httpPath: process.env.DATABRICKS_HTTP_PATH ?? '',
      catalog: process.env.DATABRICKS_CATALOG ?? '',
      auth: liveAuth(),
    });
    await lakehouse.execute(lakehouse.dialect.createSchema(schema));
    await lakehouse.execute(lakehouse.dialect.createTable(table));
  });

  afterAll(async () => {
    await lakehouse?.execute(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await lakehouse?.close();
  });

  it('answers a ping', async () => {
    await expect(lakehouse.ping()).resolves.toBeUndefined();
  });

  it('upserts twice and reads the merged rows back exactly', async () => {
    const first = {
      id: 'a',
      category: 'x',
      amount: '1234.5',
      big: 9007199254740993n,
      n: 7,
      ratio: 0.25,
      flag: true,
      day: '2024-02-29',
      at: '2024-02-29T23:59:59.123Z',
      props: '{"Status":"Draft"}',
      payload: '{"k":[1,2]}',
    };
    await expect(
      lakehouse.upsert(table, [first, { id: 'b', category: 'y' }]),
    ).resolves.toEqual({ rows: 2 });
    await expect(
      lakehouse.upsert(table, [
        { ...first, amount: '99.99', props: '{"Status":"Done"}' },
        { id: 'c', category: 'y', amount: '0.05' },
        { id: 'c', category: 'y', amount: '0.10' },
      ]),
    ).resolves.toEqual({ rows: 2 });

    const rows = await lakehouse.query(
      `SELECT id, category, amount, big, n, ratio, flag, day, at, props, payload, loaded_at IS NOT NULL AS has_default FROM ${schema}.upsert_roundtrip WHERE id <> :skip ORDER BY id`,
      { skip: 'zzz' },
    );
    expect(rows).toEqual([
      {
        ...first,
        amount: '99.99',
        props: '{"Status":"Done"}',
        has_default: true,
      },
      expect.objectContaining({ id: 'b', amount: null, has_default: true }),
      expect.objectContaining({ id: 'c', amount: '0.10' }),
    ]);
  });

  it('binds dates and bigints as parameters', async () => {
    const rows = await lakehouse.query(
      'SELECT :at AS at, :big AS big, CAST(:amount AS DECIMAL(18, 2)) AS amount',
      {
        at: new Date('2024-05-01T12:00:00Z'),
        big: 9007199254740993n,
        amount: '5.5',
      },
    );
    expect(rows).toEqual([
      {
        at: '2024-05-01T12:00:00.000Z',
        big: 9007199254740993n,
        amount: '5.50',
      },
    ]);
  });
});
