import path from 'node:path';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import request from 'supertest';
import { controlRoomSandboxServiceRef } from '@finance-ppm/plugin-control-room-node';
import {
  fetchTrusting,
  startSqlWarehouseEmulator,
  SqlWarehouseEmulator,
} from '@finance-ppm/sandbox';
import { controlRoomPlugin } from './plugin';

const inMemoryDuckDb = {
  controlRoom: { lakehouse: { duckdb: { path: ':memory:' } } },
};

/** The tests run on no real source: the sandbox switch lets them start. */
async function startWith(
  config: { controlRoom?: object },
  sandbox: boolean = true,
  extraFeatures: any[] = [],
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
      ...extraFeatures,
    ],
  });
  return server;
}

async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
): Promise<T> {
  const deadline = Date.now() + 45_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}

jest.setTimeout(90_000);

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

  it('with orchestrator databricks on the emulated workspace, writes the reference tables and starts the bundle jobs at start', async () => {
    const token = 'dapi-plugin-test';
    const workspace: SqlWarehouseEmulator = await startSqlWarehouseEmulator({
      token,
      catalog: 'finance_ppm',
      bundle: {
        directory: path.resolve(__dirname, '../../../databricks'),
        user: 'test',
      },
    });
    try {
      const server = await startWith(
        {
          controlRoom: {
            lakehouse: {
              engine: 'databricks',
              orchestrator: 'databricks',
              databricks: {
                host: `${workspace.host}:${workspace.port}`,
                httpPath: workspace.httpPath,
                token,
                catalog: 'finance_ppm',
              },
            },
          },
        },
        true,
        [
          createServiceFactory({
            service: controlRoomSandboxServiceRef,
            deps: {},
            factory: () => ({
              databricks: { fetch: fetchTrusting(workspace.certificate) },
            }),
          }),
        ],
      );
      const health = await request(server).get('/api/control-room/health');
      expect(health.body).toMatchObject({ status: 'ok', engine: 'databricks' });

      const jobs = workspace.jobs!;
      const runs = await eventually(
        async () => jobs.listRuns(new URLSearchParams()).runs,
        started => started.length >= 2,
      );
      expect(runs.map(run => run.run_name).sort()).toEqual([
        '[dev test] [PPM] Compute Gold Marts',
        '[dev test] [PPM] Control Room Status',
      ]);
      for (const run of runs) {
        expect((await jobs.waitForRun(run.run_id)).state.result_state).toBe(
          'SUCCESS',
        );
      }
      const [rates] = await workspace.lakehouse.query<{ n: bigint }>(
        'SELECT count(*) AS n FROM bronze.fx_rates',
      );
      expect(rates.n).toBeGreaterThan(0n);
      const status = await workspace.lakehouse.query<{
        next_run_time: string | null;
      }>('SELECT next_run_time FROM gold.control_room_status');
      expect(status.length).toBeGreaterThan(0);
      expect(status.every(row => row.next_run_time !== null)).toBe(true);
    } finally {
      await workspace.close();
    }
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
