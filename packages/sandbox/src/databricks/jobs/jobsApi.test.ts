import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  DatabricksJobsClient,
  mapRunState,
} from '@finance-ppm/plugin-control-room-node';
import {
  startSqlWarehouseEmulator,
  SqlWarehouseEmulator,
} from '../warehouse/server';
import { orderTasks, readBundleJobs } from './bundle';
import { EmulatedJobsApi } from './jobsApi';
import { fetchTrusting } from './trustingFetch';

const TOKEN = 'dapi-jobs';
const repoBundle = path.resolve(__dirname, '../../../../../databricks');

jest.setTimeout(60_000);

/** A small bundle: two tasks, the second after the first, and a third alone. */
function writeBundle(directory: string, secondSql: string) {
  fs.mkdirSync(path.join(directory, 'resources'), { recursive: true });
  fs.mkdirSync(path.join(directory, 'sql'), { recursive: true });
  fs.writeFileSync(
    path.join(directory, 'databricks.yml'),
    `bundle:
  name: tiny
include:
  - resources/*.yml
variables:
  catalog:
    default: finance_ppm
targets:
  dev:
    mode: development
    default: true
  prod:
    mode: production
`,
  );
  fs.writeFileSync(
    path.join(directory, 'resources', 'steps.job.yml'),
    `resources:
  jobs:
    steps:
      name: '[PPM] Steps'
      schedule:
        quartz_cron_expression: '0 * * * * ?'
        timezone_id: UTC
      tags:
        catalog: \${var.catalog}
        control_room_job: steps
      tasks:
        - task_key: second
          depends_on:
            - task_key: first
          sql_task:
            warehouse_id: x
            file:
              path: ../sql/second.sql
        - task_key: first
          sql_task:
            warehouse_id: x
            file:
              path: ../sql/first.sql
        - task_key: alone
          sql_task:
            warehouse_id: x
            file:
              path: ../sql/alone.sql
`,
  );
  fs.writeFileSync(
    path.join(directory, 'sql', 'first.sql'),
    "-- the first step\nINSERT INTO gold.steps VALUES ('first');",
  );
  fs.writeFileSync(path.join(directory, 'sql', 'second.sql'), secondSql);
  fs.writeFileSync(
    path.join(directory, 'sql', 'alone.sql'),
    "INSERT INTO gold.steps VALUES ('alone');",
  );
}

describe('readBundleJobs', () => {
  it('reads the project bundle for a target, with the dev name prefix', () => {
    const dev = readBundleJobs({ directory: repoBundle, user: 'jane' });
    const prod = readBundleJobs({ directory: repoBundle, target: 'prod' });
    expect(dev.map(job => job.name).sort()).toEqual([
      '[dev jane] [PPM] Compute Gold Marts',
      '[dev jane] [PPM] Control Room Status',
    ]);
    expect(dev.every(job => job.schedule?.paused)).toBe(true);
    const gold = prod.find(job => job.key === 'ppm_marts_gold')!;
    expect(gold.name).toBe('[PPM] Compute Gold Marts');
    expect(gold.schedule).toEqual({
      quartzCron: '0 0 * * * ?',
      timezone: 'UTC',
      paused: false,
    });
    expect(gold.tags).toMatchObject({
      catalog: 'finance_ppm',
      control_room_job: 'ppm_marts_gold',
    });
    const order = gold.tasks.map(task => task.taskKey);
    expect(order.indexOf('forecast')).toBeGreaterThan(
      order.indexOf('budget_vs_actual'),
    );
    expect(gold.tasks.every(task => fs.existsSync(task.sqlFile))).toBe(true);
  });

  it('refuses an unknown target and dependency cycles', () => {
    expect(() =>
      readBundleJobs({ directory: repoBundle, target: 'staging' }),
    ).toThrow('The bundle has no target staging');
    expect(() =>
      orderTasks([
        { taskKey: 'a', dependsOn: ['b'], sqlFile: '' },
        { taskKey: 'b', dependsOn: ['a'], sqlFile: '' },
      ]),
    ).toThrow('depends on itself');
    expect(() =>
      orderTasks([{ taskKey: 'a', dependsOn: ['z'], sqlFile: '' }]),
    ).toThrow('unknown task z');
  });
});

describe('the emulated Jobs API, through the DatabricksJobsClient', () => {
  let directory: string;
  let workspace: SqlWarehouseEmulator;
  let client: DatabricksJobsClient;

  async function start(secondSql: string, target?: string) {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-'));
    writeBundle(directory, secondSql);
    workspace = await startSqlWarehouseEmulator({
      token: TOKEN,
      bundle: { directory, target, user: 'jane' },
    });
    await workspace.lakehouse.execute('CREATE SCHEMA gold');
    await workspace.lakehouse.execute('CREATE TABLE gold.steps (step VARCHAR)');
    client = new DatabricksJobsClient({
      host: `${workspace.host}:${workspace.port}`,
      auth: { token: TOKEN },
      catalog: 'finance_ppm',
      fetch: fetchTrusting(workspace.certificate),
      retry: { delayMinMs: 5, delayMaxMs: 10 },
    });
  }

  afterEach(async () => {
    await workspace?.close();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it('runs a job on run-now, its tasks in dependency order, and reports SUCCESS', async () => {
    await start("INSERT INTO gold.steps VALUES ('second');");
    const since = new Date(Date.now() - 1000);

    const { runId } = await client.runNow('steps');
    const ended = await workspace.jobs!.waitForRun(runId);

    expect(ended.state).toEqual({
      life_cycle_state: 'TERMINATED',
      result_state: 'SUCCESS',
      state_message: '',
    });
    expect(
      (await workspace.lakehouse.query('SELECT step FROM gold.steps')).map(
        row => row.step,
      ),
    ).toEqual(['first', 'second', 'alone']);
    // Found by key although the dev target renamed the job.
    const runs = await client.listJobRuns(['steps'], { since });
    expect(runs.map(run => [run.jobKey, run.runId, run.status])).toEqual([
      ['steps', runId, 'SUCCESS'],
    ]);
  });

  it('fails a run whose task fails, skipping what depends on it', async () => {
    await start("INSERT INTO gold.steps VALUES ('second');");
    fs.writeFileSync(
      path.join(directory, 'sql', 'first.sql'),
      'INSERT INTO gold.no_such_table VALUES (1);',
    );
    const { runId } = await client.runNow('steps');
    const ended = await workspace.jobs!.waitForRun(runId);

    expect(ended.state.result_state).toBe('FAILED');
    expect(ended.state.state_message).toMatch(
      /^Task first failed with message: \[TABLE_OR_VIEW_NOT_FOUND\]/,
    );
    expect(
      ended.tasks.map(task => [task.task_key, task.state.result_state]),
    ).toEqual([
      ['first', 'FAILED'],
      ['second', 'UPSTREAM_FAILED'],
      ['alone', 'SUCCESS'],
    ]);
    expect(mapRunState(ended.state)).toMatchObject({ status: 'FAILED' });
    const [run] = await client.listJobRuns(['steps'], { since: new Date(0) });
    expect(run.error).toMatch(/^FAILED: Task first failed/);
  });

  it('cancels a running run', async () => {
    await start("INSERT INTO gold.steps VALUES ('second');");
    const release = workspace.hangStatements(sql => sql.includes("'second'"));
    const { runId } = await client.runNow('steps');
    await new Promise(resolve => setTimeout(resolve, 200));
    const url = `https://${workspace.host}:${workspace.port}/api/2.1/jobs/runs`;
    const trusted = fetchTrusting(workspace.certificate);
    const running = await (
      await trusted(`${url}/get?run_id=${runId}`, {
        headers: { Authorization: `Bearer ${TOKEN}` },
      })
    ).json();
    expect(running.state.life_cycle_state).toBe('RUNNING');

    const cancel = await trusted(`${url}/cancel`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ run_id: runId }),
    });
    expect(cancel.status).toBe(200);
    const ended = await workspace.jobs!.waitForRun(runId);
    release();
    expect(ended.state).toMatchObject({
      life_cycle_state: 'TERMINATED',
      result_state: 'CANCELED',
    });
    expect(
      (await workspace.lakehouse.query('SELECT step FROM gold.steps')).map(
        row => row.step,
      ),
    ).not.toContain('second');
  });

  it('starts one run for a repeated idempotency token and pages the lists', async () => {
    await start("INSERT INTO gold.steps VALUES ('second');");
    const api = workspace.jobs!;
    const first = api.runNow({ job_id: 1001, idempotency_token: 't-1' });
    const again = api.runNow({ job_id: 1001, idempotency_token: 't-1' });
    const other = api.runNow({ job_id: 1001 });
    expect(again.run_id).toBe(first.run_id);
    expect(other.run_id).not.toBe(first.run_id);
    const page = api.listRuns(new URLSearchParams({ limit: '1' }));
    expect(page).toMatchObject({ has_more: true, next_page_token: '1' });
    expect(page.runs[0].run_id).toBe(other.run_id);
    await api.waitForRun(other.run_id);
    expect(() => api.listJobs(new URLSearchParams({ limit: '0' }))).toThrow(
      'limit must be between 1 and 100',
    );
    expect(() => api.getRun(new URLSearchParams({ run_id: '1' }))).toThrow(
      'Run 1 does not exist.',
    );
  });

  it('runs unpaused schedules when they fire, never paused ones', async () => {
    let now = Date.parse('2026-03-01T10:00:30Z');
    const prod = readBundleJobs({ directory: repoBundle, target: 'prod' });
    const submitted: string[] = [];
    const api = new EmulatedJobsApi({
      jobs: prod,
      submitSql: sql => {
        submitted.push(sql);
        return { done: Promise.resolve(), cancel: () => undefined };
      },
      now: () => now,
    });
    now = Date.parse('2026-03-01T10:14:00Z');
    expect(api.tick()).toEqual([]);
    now = Date.parse('2026-03-01T10:15:01Z');
    const [statusRun] = api.tick();
    const ended = await api.waitForRun(statusRun);
    expect(ended).toMatchObject({
      trigger: 'PERIODIC',
      run_name: '[PPM] Control Room Status',
      state: { result_state: 'SUCCESS' },
    });
    expect(submitted).toHaveLength(1);

    const dev = new EmulatedJobsApi({
      jobs: readBundleJobs({ directory: repoBundle }),
      submitSql: () => ({ done: Promise.resolve(), cancel: () => undefined }),
      now: () => now,
    });
    now = Date.parse('2026-03-01T12:00:01Z');
    expect(dev.tick()).toEqual([]);
  });
});

describe('a long-running emulated Jobs API', () => {
  it('keeps the newest 1000 runs and forgets older ended ones', async () => {
    const api = new EmulatedJobsApi({
      jobs: readBundleJobs({ directory: repoBundle }),
      submitSql: () => ({ done: Promise.resolve(), cancel: () => undefined }),
    });
    let last = 0;
    for (let run = 0; run < 1005; run++) {
      last = api.runNow({ job_id: 1001, idempotency_token: `t-${run}` }).run_id;
      await api.waitForRun(last);
    }
    const all = api.listRuns(new URLSearchParams({ limit: '25' }));
    expect(all.runs[0].run_id).toBe(last);
    expect(() => api.getRun(new URLSearchParams({ run_id: '5001' }))).toThrow(
      'does not exist',
    );
    // A forgotten token starts a new run rather than naming a gone one.
    expect(api.runNow({ job_id: 1001, idempotency_token: 't-0' }).run_id).toBe(
      last + 1,
    );
  });
});
