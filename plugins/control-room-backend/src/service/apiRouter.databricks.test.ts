import request from 'supertest';
import { DatabricksLakehouse } from '@finance-ppm/plugin-control-room-node';
import {
  startSqlWarehouseEmulator,
  SqlWarehouseEmulator,
} from '@finance-ppm/sandbox';
import { BASE, useSeededApi } from './__testUtils__/startApi';
import { seedPortfolio } from './__testUtils__/portfolio';

const TOKEN = 'dapi-api';

jest.setTimeout(60_000);

describe('the API on the emulated Databricks SQL warehouse', () => {
  const { startApi } = useSeededApi();
  let warehouse: SqlWarehouseEmulator;
  let lakehouse: DatabricksLakehouse;

  beforeAll(async () => {
    warehouse = await startSqlWarehouseEmulator({ token: TOKEN });
    await seedPortfolio(warehouse.lakehouse);
    lakehouse = new DatabricksLakehouse({
      host: `${warehouse.host}:${warehouse.port}`,
      httpPath: warehouse.httpPath,
      catalog: 'finance_ppm',
      auth: { token: TOKEN },
      statementTimeoutSeconds: 1,
      retry: { maxAttempts: 2, delayMinMs: 5, delayMaxMs: 10 },
    });
  });

  afterAll(async () => {
    await lakehouse?.close();
    await warehouse?.close();
  });

  it('answers from the last good data with as_of when a read passes its timeout', async () => {
    const { server } = await startApi({ lakehouse });
    const fresh = await request(server)
      .get(`${BASE}/projects?health=red`)
      .expect(200);
    expect(fresh.body.data.length).toBeGreaterThan(0);
    expect(fresh.body.as_of).toBeUndefined();

    const release = warehouse.hangStatements(() => true);
    try {
      const stale = await request(server)
        .get(`${BASE}/projects?health=red`)
        .expect(200);
      expect(stale.body.data).toEqual(fresh.body.data);
      expect(Number.isNaN(Date.parse(stale.body.as_of))).toBe(false);
    } finally {
      release();
    }
    // The warehouse cancelled the statement at its timeout and said so.
    expect(warehouse.statements).toContainEqual(
      expect.objectContaining({ state: 'TIMEDOUT', sqlState: '57KD0' }),
    );
  });

  it('answers the portfolio KPIs as DuckDB does', async () => {
    const query = `${BASE}/kpis?from=2026-01-01&to=2026-12-31&dimension=portfolio`;
    // The warehouse's own DuckDB, read directly, is the reference.
    const duckDb = await startApi({ lakehouse: warehouse.lakehouse });
    const expected = await request(duckDb.server).get(query).expect(200);
    expect(expected.body.data.length).toBeGreaterThan(0);
    const { server } = await startApi({ lakehouse });
    const res = await request(server).get(query).expect(200);
    expect(res.body).toEqual(expected.body);
  });
});
