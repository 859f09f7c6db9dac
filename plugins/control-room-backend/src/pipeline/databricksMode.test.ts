import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import {
  DatabricksJobsClient,
  DatabricksLakehouse,
  DuckDbLakehouse,
  Lakehouse,
  lakehouseTables,
} from '@finance-ppm/plugin-control-room-node';
import {
  fetchTrusting,
  startSqlWarehouseEmulator,
  SqlWarehouseEmulator,
} from '@finance-ppm/sandbox';
import { defaultHealthThresholds, FinanceSettings } from '../finance';
import {
  portfolioFxRates,
  seedPortfolio,
} from '../finance/__testUtils__/testPortfolio';
import { migrateLakehouse } from '../lakehouse/migrations';
import { loadModels, runModels } from '../lakehouse/modelRunner';
import { copyDatabricksRuns } from './databricksRuns';
import { pipelineJobs } from './jobs';
import { createBundleGoldChecker, writeReferenceData } from './pipelineWork';
import { schedulePipeline } from './schedulePipeline';

const TOKEN = 'dapi-databricks-mode';
const repoRoot = path.resolve(__dirname, '../../../..');
const finance: FinanceSettings = {
  reportingCurrency: 'USD',
  fxRates: portfolioFxRates,
  health: defaultHealthThresholds,
};
const goldTables = pipelineJobs.find(job => job.id === 'ppm_marts_gold')!
  .models!;

jest.setTimeout(120_000);

type ScheduledTask = SchedulerServiceTaskScheduleDefinition & {
  id: string;
  fn: () => Promise<void>;
};

/** Rows of a gold table without the build time, as sorted JSON text. */
async function goldRows(lakehouse: Lakehouse, table: string) {
  const rows = await lakehouse.query(`SELECT * FROM ${table}`);
  return rows
    .map(({ computed_at: _computedAt, ...row }) =>
      JSON.stringify(row, (_key, value) =>
        typeof value === 'bigint' ? `${value}` : value,
      ),
    )
    .sort();
}

describe('orchestrator databricks, against the emulated warehouse and Jobs API', () => {
  let workspace: SqlWarehouseEmulator;
  let lakehouse: DatabricksLakehouse;
  let reference: DuckDbLakehouse;

  beforeAll(async () => {
    workspace = await startSqlWarehouseEmulator({
      token: TOKEN,
      catalog: 'finance_ppm',
      // The dev target: job names carry "[dev jane] ", schedules paused.
      bundle: { directory: path.join(repoRoot, 'databricks'), user: 'jane' },
    });
    lakehouse = new DatabricksLakehouse({
      host: `${workspace.host}:${workspace.port}`,
      httpPath: workspace.httpPath,
      catalog: 'finance_ppm',
      auth: { token: TOKEN },
    });
    await migrateLakehouse(lakehouse, lakehouseTables);
    await seedPortfolio(lakehouse);

    // The same portfolio built by the backend on DuckDB, for comparison.
    reference = await DuckDbLakehouse.open({ path: ':memory:' });
    await migrateLakehouse(reference, lakehouseTables);
    await seedPortfolio(reference);
    await writeReferenceData(reference, finance, new Date());
    await runModels(
      reference,
      await loadModels(path.join(repoRoot, 'databricks', 'sql')),
      { only: goldTables },
    );
  });

  afterAll(async () => {
    await lakehouse?.close();
    await reference?.close();
    await workspace?.close();
  });

  it('runs ppm_marts_gold on run-now as a bundle run, shows it and checks it; gold equals the DuckDB build to the cent', async () => {
    const jobsClient = new DatabricksJobsClient({
      host: `${workspace.host}:${workspace.port}`,
      auth: { token: TOKEN },
      catalog: 'finance_ppm',
      fetch: fetchTrusting(workspace.certificate),
    });
    const tasks: ScheduledTask[] = [];
    const scheduler = mockServices.scheduler.mock({
      scheduleTask: async task => {
        tasks.push(task as ScheduledTask);
      },
      triggerTask: async id => tasks.find(t => t.id === id)!.fn(),
    });
    const checkGold = createBundleGoldChecker(lakehouse);
    const { runNow } = await schedulePipeline({
      scheduler,
      lakehouse,
      logger: mockServices.logger.mock(),
      orchestrator: 'databricks',
      work: {},
      writeReferenceData: () =>
        writeReferenceData(lakehouse, finance, new Date()),
      runBundleJob: async jobId => {
        await jobsClient.runNow(jobId);
      },
      syncDatabricksRuns: async () => {
        const copied = await copyDatabricksRuns(
          jobsClient,
          lakehouse,
          pipelineJobs.filter(job => job.kind === 'sql'),
          new Date(Date.now() - 3_600_000),
        );
        await checkGold();
        return copied;
      },
    });

    await runNow('ppm_marts_gold');
    // Copied at once, still running or queued.
    const [started] = await lakehouse.query(
      "SELECT status FROM bronze.job_runs WHERE job_id = 'ppm_marts_gold'",
    );
    expect(['PENDING', 'RUNNING', 'SUCCESS']).toContain(started.status);

    const bundleRuns = workspace.jobs!.listRuns(new URLSearchParams());
    expect(bundleRuns.runs).toHaveLength(1);
    const ended = await workspace.jobs!.waitForRun(bundleRuns.runs[0].run_id);
    expect(ended.run_name).toBe('[dev jane] [PPM] Compute Gold Marts');
    expect(ended.state.result_state).toBe('SUCCESS');

    await tasks.find(task => task.id === 'databricks_job_runs_sync')!.fn();
    expect(
      await lakehouse.query(
        "SELECT job_id, status, trigger FROM bronze.job_runs WHERE job_id = 'ppm_marts_gold'",
      ),
    ).toEqual([
      { job_id: 'ppm_marts_gold', status: 'SUCCESS', trigger: 'databricks' },
    ]);
    // The gold checks ran on the bundle's build.
    const [checks] = await lakehouse.query<{ n: bigint }>(
      "SELECT count(*) AS n FROM gold.data_quality_metrics WHERE table_name LIKE 'gold.%'",
    );
    expect(checks.n).toBeGreaterThan(0n);

    // Rates and thresholds were there: every figure matches the DuckDB build.
    for (const table of goldTables) {
      expect(await goldRows(lakehouse, table)).toEqual(
        await goldRows(reference, table),
      );
    }
  });

  it('never shows a reader an empty or doubled gold table while the bundle reruns ppm_marts_gold 20 times', async () => {
    const counts = async () => {
      const result: Record<string, number> = {};
      for (const table of goldTables) {
        const [row] = await lakehouse.query<{ n: bigint }>(
          `SELECT count(*) AS n FROM ${table}`,
        );
        result[table] = Number(row.n);
      }
      return result;
    };
    const baseline = await counts();
    const jobs = workspace.jobs!;
    const goldJobId = jobs
      .listJobs(new URLSearchParams())
      .jobs.find(
        job => job.settings.tags.control_room_job === 'ppm_marts_gold',
      )!.job_id;
    const runIds = Array.from(
      { length: 20 },
      () => jobs.runNow({ job_id: goldJobId }).run_id,
    );
    const seen: Array<Record<string, number>> = [];
    let running = true;
    const reading = (async () => {
      while (running) seen.push(await counts());
    })();
    try {
      for (const runId of runIds) {
        expect((await jobs.waitForRun(runId)).state.result_state).toBe(
          'SUCCESS',
        );
      }
    } finally {
      running = false;
      await reading;
    }
    expect(seen.length).toBeGreaterThan(1);
    for (const observed of seen) {
      expect(observed).toEqual(baseline);
    }
  });

  it('gives every job a next run time once the status job ran', async () => {
    await writeReferenceData(lakehouse, finance, new Date());
    const jobsClient = new DatabricksJobsClient({
      host: `${workspace.host}:${workspace.port}`,
      auth: { token: TOKEN },
      fetch: fetchTrusting(workspace.certificate),
    });
    await jobsClient.runNow('control_room_status_refresh');
    const [latest] = workspace.jobs!.listRuns(new URLSearchParams()).runs;
    expect(
      (await workspace.jobs!.waitForRun(latest.run_id)).state,
    ).toMatchObject({ result_state: 'SUCCESS' });
    const rows = await lakehouse.query<{
      job_id: string;
      next_run_time: string | null;
    }>('SELECT job_id, next_run_time FROM gold.control_room_status');
    expect(rows.map(row => row.job_id).sort()).toEqual(
      pipelineJobs.map(job => job.id).sort(),
    );
    expect(rows.every(row => row.next_run_time !== null)).toBe(true);
  });
});
