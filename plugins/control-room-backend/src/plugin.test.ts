import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import request from 'supertest';
import { controlRoomPlugin } from './plugin';

const inMemoryDuckDb = {
  controlRoom: { lakehouse: { duckdb: { path: ':memory:' } } },
};

/** The tests run on no real source: the sandbox switch lets them start. */
async function startWith(
  config: { controlRoom?: object },
  sandbox: boolean = true,
) {
  const { server } = await startTestBackend({
    features: [
      controlRoomPlugin,
      mockServices.rootConfig.factory({
        data: {
          ...config,
          controlRoom: { ...config.controlRoom, sandbox: { enabled: sandbox } },
        },
      }),
    ],
  });
  return server;
}

describe('control room backend plugin', () => {
  it('answers /health without credentials once DuckDB is migrated', async () => {
    const server = await startWith(inMemoryDuckDb);

    const res = await request(server).get('/api/control-room/health');

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', engine: 'duckdb' });
    expect(Number.isNaN(Date.parse(res.body.checked_at))).toBe(false);
  });

  it('starts with an unreachable Databricks warehouse and reports degraded without the token', async () => {
    const server = await startWith({
      controlRoom: {
        lakehouse: {
          engine: 'databricks',
          databricks: {
            host: 'warehouse.invalid',
            httpPath: '/sql/1.0/warehouses/abc',
            token: 'dapi-test-token-not-real',
            catalog: 'finance_ppm',
            retry: { maxAttempts: 1, timeoutMs: 1000 },
          },
        },
      },
    });

    const res = await request(server).get('/api/control-room/health');

    expect(res.status).toBe(200);
    expect(res.body.status).toBe('degraded');
    expect(res.body.engine).toBe('databricks');
    expect(res.body.message).toMatch(/warehouse\.invalid/);
    expect(JSON.stringify(res.body)).not.toContain('dapi-test-token-not-real');
  });

  it('refuses to start without the sandbox, naming every missing key at once', async () => {
    const failure = startWith(
      {
        controlRoom: {
          lakehouse: {
            engine: 'databricks',
            databricks: { host: 'adb-1.azuredatabricks.net' },
          },
        },
      },
      false,
    );
    await expect(failure).rejects.toThrow(
      /controlRoom\.notion\.token, controlRoom\.azure\.subscriptions, controlRoom\.lakehouse\.databricks\.httpPath, controlRoom\.lakehouse\.databricks\.catalog, controlRoom\.lakehouse\.databricks\.token/,
    );
    await expect(failure).rejects.not.toThrow(/databricks\.host/);
  });

  it('starts without the sandbox once every source is configured', async () => {
    const server = await startWith(
      {
        controlRoom: {
          notion: { token: 'secret_notion_not_real' },
          azure: { subscriptions: ['00000000-0000-0000-0000-000000000001'] },
          pipeline: { runOnStartup: false },
          lakehouse: { duckdb: { path: ':memory:' } },
        },
      },
      false,
    );
    const res = await request(server).get('/api/control-room/health');
    expect(res.status).toBe(200);
  });

  it('refuses to start with an unknown engine and names the key', async () => {
    await expect(
      startWith({ controlRoom: { lakehouse: { engine: 'sqlite' } } }),
    ).rejects.toThrow(
      /controlRoom\.lakehouse\.engine must be one of duckdb, databricks/,
    );
  });

  it('refuses to start with an unknown orchestrator and names the key', async () => {
    await expect(
      startWith({
        controlRoom: {
          lakehouse: { duckdb: { path: ':memory:' }, orchestrator: 'airflow' },
        },
      }),
    ).rejects.toThrow(
      /controlRoom\.lakehouse\.orchestrator must be one of backstage, databricks/,
    );
  });
});
