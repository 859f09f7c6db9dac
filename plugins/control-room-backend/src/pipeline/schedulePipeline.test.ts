import { mockServices } from '@backstage/backend-test-utils';
import { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import {
  DuckDbLakehouse,
  jobRuns,
  Lakehouse,
  lakehouseTables,
} from '@finance-ppm/plugin-control-room-node';
import { migrateLakehouse } from '../lakehouse/migrations';
import { findModelsDirectory, loadModels } from '../lakehouse/modelRunner';
import { defaultHealthThresholds } from '../finance';
import { pipelineJobs } from './jobs';
import {
  buildPipelineWork,
  nextRunTime,
  writeReferenceData,
} from './pipelineWork';
import {
  earlyStartDelayMs,
  jobsRunByBackstage,
  PipelineOptions,
  runPipelineOnce,
  schedulePipeline,
} from './schedulePipeline';
import { runSqlJob } from './sqlJobs';
import { CANCELLED_REASON } from './jobRuns';
import { GOLD_REFRESH_REQUEST } from './goldRefresh';
import { createTaskTrigger, memoryTaskRequests } from './taskRequests';

type ScheduledTask = SchedulerServiceTaskScheduleDefinition & {
  id: string;
  fn: () => Promise<void>;
};

function recordingScheduler() {
  const tasks: ScheduledTask[] = [];
  const scheduler = mockServices.scheduler.mock({
    scheduleTask: async task => {
      tasks.push(task as ScheduledTask);
    },
  });
  return { scheduler, tasks };
}

/** The pipeline on a test scheduler: backstage orchestrator, quiet logger. */
function pipelineOn(
  scheduler: PipelineOptions['scheduler'],
  lakehouse: Lakehouse,
  options: Partial<PipelineOptions> & Pick<PipelineOptions, 'work'>,
) {
  return schedulePipeline({
    scheduler,
    lakehouse,
    logger: mockServices.logger.mock(),
    orchestrator: 'backstage',
    ...options,
  });
}

describe('earlyStartDelayMs', () => {
  it.each([
    // A first run started a second before its slot waits for the slot.
    ['*/20 * * * * *', '2026-11-29T02:13:39.750Z', 251],
    ['0 * * * *', '2026-11-29T01:59:59.000Z', 1_001],
    // On time or late: no wait.
    ['*/20 * * * * *', '2026-11-29T02:13:40.200Z', 0],
    ['0 * * * *', '2026-11-29T02:00:00.000Z', 0],
    ['0 * * * *', '2026-11-29T01:59:57.000Z', 0],
  ])('%s at %s waits %i ms', (cron, now, expected) => {
    expect(earlyStartDelayMs(cron, new Date(now))).toBe(expected);
  });
});

describe('jobsRunByBackstage', () => {
  const sqlIds = ['ppm_marts_gold', 'control_room_status_refresh'];

  it('runs the SQL jobs itself only with the backstage orchestrator', () => {
    expect(jobsRunByBackstage('backstage', sqlIds).map(j => j.id)).toEqual(
      sqlIds,
    );
    expect(jobsRunByBackstage('databricks', sqlIds)).toEqual([]);
  });

  it('always runs the pulls it has work for, and nothing without work', () => {
    expect(
      jobsRunByBackstage('databricks', ['notion_sync_bronze', ...sqlIds]).map(
        j => j.id,
      ),
    ).toEqual(['notion_sync_bronze']);
    expect(jobsRunByBackstage('backstage', [])).toEqual([]);
  });
});

describe('schedulePipeline', () => {
  let lakehouse: Lakehouse;
  beforeEach(async () => {
    lakehouse = await DuckDbLakehouse.open({ path: ':memory:' });
    await migrateLakehouse(lakehouse, lakehouseTables);
  });
  afterEach(() => lakehouse.close());

  it('schedules the gold jobs on their cron and records each run', async () => {
    const { scheduler, tasks } = recordingScheduler();
    const models = await loadModels(findModelsDirectory(__dirname));
    const work = buildPipelineWork({
      lakehouse,
      models,
      finance: {
        reportingCurrency: 'USD',
        fxRates: {},
        health: defaultHealthThresholds,
      },
    });

    await pipelineOn(scheduler, lakehouse, {
      work,
    });

    expect(tasks.map(t => [t.id, t.frequency])).toEqual([
      ['ppm_marts_gold', { cron: '0 * * * *' }],
      ['control_room_status_refresh', { cron: '*/15 * * * *' }],
      ['control_room_job_runs_housekeeping', { minutes: 5 }],
      ['control_room_startup_run', { trigger: 'manual' }],
    ]);

    await tasks[0].fn();
    await tasks[1].fn();
    const runs = await lakehouse.query(
      'SELECT job_id, status FROM bronze.job_runs ORDER BY started_at',
    );
    const status = await lakehouse.query(
      'SELECT job_id, last_run_status FROM gold.control_room_status',
    );
    expect(runs).toEqual([
      { job_id: 'ppm_marts_gold', status: 'SUCCESS' },
      { job_id: 'control_room_status_refresh', status: 'SUCCESS' },
    ]);
    expect(status).toEqual(
      expect.arrayContaining([
        { job_id: 'ppm_marts_gold', last_run_status: 'SUCCESS' },
      ]),
    );
  });

  it('runs a job now through its scheduled task, recorded and told as manual', async () => {
    const tasks: ScheduledTask[] = [];
    const scheduler = mockServices.scheduler.mock({
      scheduleTask: async task => {
        tasks.push(task as ScheduledTask);
      },
      // The real scheduler calls the task's fn; so does this one.
      triggerTask: async id => tasks.find(t => t.id === id)!.fn(),
    });
    const triggers: Array<string | undefined> = [];
    const { runNow } = await pipelineOn(scheduler, lakehouse, {
      work: {
        notion_sync_bronze: async run => {
          triggers.push(run?.trigger);
          return { rowsWritten: 0 };
        },
      },
    });

    await runNow('notion_sync_bronze');
    await tasks[0].fn();
    await expect(runNow('ppm_marts_gold')).rejects.toThrow(
      'Job ppm_marts_gold is not run by this backend (orchestrator backstage)',
    );

    expect(triggers).toEqual(['manual', 'schedule']);
    expect(
      await lakehouse.query(
        'SELECT trigger FROM bronze.job_runs ORDER BY started_at',
      ),
    ).toEqual([{ trigger: 'manual' }, { trigger: 'schedule' }]);
  });

  it('runs jobs once at start-up in order and goes on after a failure', async () => {
    const order: string[] = [];
    const finished: string[] = [];
    const jobs = pipelineJobs.filter(j => j.kind === 'pull').slice(0, 2);
    await runPipelineOnce(
      lakehouse,
      jobs,
      {
        [jobs[0].id]: async () => {
          order.push(jobs[0].id);
          throw new Error('Notion is down');
        },
        [jobs[1].id]: async () => {
          order.push(jobs[1].id);
          return { rowsWritten: 1 };
        },
      },
      mockServices.logger.mock(),
      async run => void finished.push(`${run.job_id} ${run.status}`),
    );

    expect(order).toEqual([jobs[0].id, jobs[1].id]);
    expect(finished).toEqual([`${jobs[0].id} FAILED`, `${jobs[1].id} SUCCESS`]);
    expect(
      await lakehouse.query(
        'SELECT job_id, status, trigger FROM bronze.job_runs ORDER BY started_at, job_id',
      ),
    ).toEqual([
      { job_id: jobs[0].id, status: 'FAILED', trigger: 'startup' },
      { job_id: jobs[1].id, status: 'SUCCESS', trigger: 'startup' },
    ]);
  });

  it('with the databricks orchestrator schedules only the run copier', async () => {
    const { scheduler, tasks } = recordingScheduler();
    const sync = jest.fn(async () => ({ rowsWritten: 3 }));
    const onRunsCopied = jest.fn(async () => {});

    await pipelineOn(scheduler, lakehouse, {
      orchestrator: 'databricks',
      work: {},
      syncDatabricksRuns: sync,
      onRunsCopied,
    });
    await tasks.find(t => t.id === 'databricks_job_runs_sync')!.fn();

    expect(tasks.map(t => t.id)).toEqual([
      'control_room_job_runs_housekeeping',
      'databricks_job_runs_sync',
      'control_room_startup_run',
    ]);
    expect(sync).toHaveBeenCalledTimes(1);
    // Copied runs are evaluated for alerts like the backend's own.
    expect(onRunsCopied).toHaveBeenCalledTimes(1);
  });

  it('with the databricks orchestrator starts a bundle job through the Jobs API after writing the reference data', async () => {
    const tasks: ScheduledTask[] = [];
    const calls: string[] = [];
    const scheduler = mockServices.scheduler.mock({
      scheduleTask: async task => {
        tasks.push(task as ScheduledTask);
      },
      triggerTask: async id => tasks.find(t => t.id === id)!.fn(),
    });
    const { runNow } = await pipelineOn(scheduler, lakehouse, {
      orchestrator: 'databricks',
      work: {},
      syncDatabricksRuns: async () => {
        calls.push('copy runs');
        return { rowsWritten: 1 };
      },
      writeReferenceData: async () => void calls.push('reference data'),
      runBundleJob: async jobId => void calls.push(`run-now ${jobId}`),
    });

    expect(tasks.map(t => [t.id, t.frequency])).toEqual([
      ['control_room_job_runs_housekeeping', { minutes: 5 }],
      ['control_room_reference_data', { minutes: 5 }],
      ['databricks_job_runs_sync', { minutes: 5 }],
      ['control_room_startup_run', { trigger: 'manual' }],
    ]);
    await runNow('ppm_marts_gold');
    // The run shows in the Pipelines tab at once: its copy follows.
    expect(calls).toEqual([
      'reference data',
      'run-now ppm_marts_gold',
      'copy runs',
    ]);
    await expect(runNow('notion_sync_bronze')).rejects.toMatchObject({
      name: 'NotFoundError',
    });
  });
  it('with the databricks orchestrator copies a started bundle run again until it ends', async () => {
    const tasks: ScheduledTask[] = [];
    const scheduler = mockServices.scheduler.mock({
      scheduleTask: async task => {
        tasks.push(task as ScheduledTask);
      },
      triggerTask: async id => tasks.find(t => t.id === id)!.fn(),
    });
    // The workspace reports the run RUNNING on the first two copies.
    const states = ['RUNNING', 'RUNNING', 'SUCCESS'] as const;
    let copies = 0;
    const { runNow } = await pipelineOn(scheduler, lakehouse, {
      orchestrator: 'databricks',
      work: {},
      syncDatabricksRuns: async () => {
        const status = states[Math.min(copies++, states.length - 1)];
        await lakehouse.upsert(jobRuns, [
          {
            run_id: 'databricks-7',
            job_id: 'ppm_marts_gold',
            job_name: 'Gold',
            status,
            trigger: 'databricks',
            started_at: '2026-03-01T10:00:00.000Z',
            ended_at: status === 'RUNNING' ? null : '2026-03-01T10:00:05.000Z',
          },
        ]);
        return { rowsWritten: 1 };
      },
      writeReferenceData: async () => undefined,
      runBundleJob: async () => undefined,
      bundleRunPollMs: 10,
    });
    await runNow('ppm_marts_gold');
    expect(copies).toBe(1);
    const status = async () =>
      (
        await lakehouse.query<{ status: string }>(
          "SELECT status FROM bronze.job_runs WHERE run_id = 'databricks-7'",
        )
      )[0].status;
    for (let i = 0; i < 200 && (await status()) !== 'SUCCESS'; i++) {
      await new Promise(resolve => setTimeout(resolve, 10));
    }
    expect(await status()).toBe('SUCCESS');
    // It stops once the run has ended.
    await new Promise(resolve => setTimeout(resolve, 100));
    expect(copies).toBe(3);
  });
});

describe('schedulePipeline tasks for events', () => {
  let lakehouse: Lakehouse;
  beforeEach(async () => {
    lakehouse = await DuckDbLakehouse.open({ path: ':memory:' });
    await migrateLakehouse(lakehouse, lakehouseTables);
  });
  afterEach(() => lakehouse.close());

  /** A scheduler whose trigger only marks the task due, as the real one does. */
  function dueScheduler() {
    const tasks: ScheduledTask[] = [];
    const due = new Set<string>();
    const scheduler = mockServices.scheduler.mock({
      scheduleTask: async task => void tasks.push(task as ScheduledTask),
      triggerTask: async id => void due.add(id),
    });
    const runDue = async (id: string, signal?: AbortSignal) => {
      expect(due.delete(id)).toBe(true);
      await (tasks.find(t => t.id === id)!.fn as any)(signal);
    };
    return { scheduler, tasks, runDue };
  }

  const runs = (lakehouse_: Lakehouse) =>
    lakehouse_.query(
      'SELECT job_id, trigger, status, error_message FROM bronze.job_runs ORDER BY started_at, job_id',
    );

  it('a webhook or new action only requests a sync; the requested-sync task syncs each database asked for once, then silver', async () => {
    const { scheduler, tasks, runDue } = dueScheduler();
    const synced: string[] = [];
    const { requestNotionSync } = await pipelineOn(scheduler, lakehouse, {
      work: {
        notion_transform_silver: async () => {
          synced.push('silver');
          return { rowsWritten: 2 };
        },
      },
      syncNotionDatabase: async name => {
        synced.push(name);
        return { rowsWritten: 1 };
      },
    });

    await requestNotionSync('projects');
    await requestNotionSync('actions');
    await requestNotionSync('projects');
    // Nothing is written until the scheduler runs the task.
    expect(synced).toEqual([]);
    expect(await runs(lakehouse)).toEqual([]);

    await runDue('notion_requested_sync');

    expect(synced).toEqual(['projects', 'actions', 'silver']);
    expect(await runs(lakehouse)).toEqual([
      {
        job_id: 'notion_sync_bronze',
        trigger: 'webhook',
        status: 'SUCCESS',
        error_message: null,
      },
      {
        job_id: 'notion_transform_silver',
        trigger: 'webhook',
        status: 'SUCCESS',
        error_message: null,
      },
    ]);
    // Its schedule, every second, finds nothing to do and records nothing.
    const task = tasks.find(t => t.id === 'notion_requested_sync')!;
    expect(task.frequency).toEqual({ seconds: 1 });
    await task.fn();
    expect(await runs(lakehouse)).toHaveLength(2);
  });

  it('maps only what its syncs wrote to silver, then refreshes gold in the same run; a full sync rebuilds silver whole', async () => {
    const { scheduler, runDue } = dueScheduler();
    const steps: string[] = [];
    const mark = new Date('2026-11-29T03:00:00Z');
    let syncMode = 'incremental';
    const { requestNotionSync } = await pipelineOn(scheduler, lakehouse, {
      work: {
        notion_transform_silver: async () => {
          steps.push('silver whole');
          return { rowsWritten: 9 };
        },
      },
      syncNotionDatabase: async name => {
        steps.push(`sync ${name}`);
        return { rowsWritten: 1, mode: syncMode };
      },
      requestedSync: {
        silverSince: {
          mark: async () => mark,
          transformSince: async (since, run) => {
            steps.push(`silver since ${since.toISOString()} (${run.trigger})`);
            return { rowsWritten: 1 };
          },
        },
        refreshGold: async () => {
          steps.push('gold');
          throw new Error('warehouse away');
        },
      },
    });

    await requestNotionSync('budget_lines');
    await runDue('notion_requested_sync');
    expect(steps).toEqual([
      'sync budget_lines',
      `silver since ${mark.toISOString()} (webhook)`,
      // A failed refresh keeps its requests and fails no recorded run.
      'gold',
    ]);

    steps.length = 0;
    syncMode = 'full';
    await requestNotionSync('budget_lines');
    await runDue('notion_requested_sync');
    expect(steps).toEqual(['sync budget_lines', 'silver whole', 'gold']);
    expect(
      (await runs(lakehouse)).map(run => `${run.job_id} ${run.status}`),
    ).toEqual([
      'notion_sync_bronze SUCCESS',
      'notion_transform_silver SUCCESS',
      'notion_sync_bronze SUCCESS',
      'notion_transform_silver SUCCESS',
    ]);
  });

  it('runs a gold refresh asked for after a scheduled silver rebuild, syncing nothing', async () => {
    const { scheduler, runDue } = dueScheduler();
    const steps: string[] = [];
    const requests = memoryTaskRequests();
    await pipelineOn(scheduler, lakehouse, {
      requests,
      work: { notion_transform_silver: async () => ({ rowsWritten: 0 }) },
      syncNotionDatabase: async name => {
        steps.push(`sync ${name}`);
        return { rowsWritten: 0 };
      },
      requestedSync: {
        refreshGold: async () => {
          steps.push('gold');
          return 'done';
        },
      },
    });
    await createTaskTrigger({ scheduler, requests })(
      'notion_requested_sync',
      GOLD_REFRESH_REQUEST,
      'keep',
    );
    await runDue('notion_requested_sync');
    expect(steps).toEqual(['gold']);
    expect(await runs(lakehouse)).toEqual([]);
  });

  it('leaves a deferred gold refresh to its next scheduled run', async () => {
    const { scheduler, runDue, tasks } = dueScheduler();
    const requests = memoryTaskRequests();
    let deferrals = 1;
    const refreshGold = jest.fn(async () =>
      deferrals-- > 0 ? ('deferred' as const) : ('done' as const),
    );
    await pipelineOn(scheduler, lakehouse, {
      requests,
      work: { notion_transform_silver: async () => ({ rowsWritten: 0 }) },
      syncNotionDatabase: async () => ({ rowsWritten: 0 }),
      requestedSync: { refreshGold },
    });
    await createTaskTrigger({ scheduler, requests })(
      'notion_requested_sync',
      GOLD_REFRESH_REQUEST,
      'keep',
    );
    await runDue('notion_requested_sync');
    // Asked once, not in a loop, and the request waits.
    expect(refreshGold).toHaveBeenCalledTimes(1);
    // The task's own schedule (every second) runs it again.
    await tasks.find(t => t.id === 'notion_requested_sync')!.fn();
    expect(refreshGold).toHaveBeenCalledTimes(2);
    expect(await requests.take('notion_requested_sync')).toEqual([]);
  });

  it('runs the pipeline once at start-up for every replica that asked', async () => {
    const { scheduler, runDue } = dueScheduler();
    const order: string[] = [];
    const job = (id: string) => async () => {
      order.push(id);
      return { rowsWritten: 0 };
    };
    const options = {
      scheduler,
      lakehouse,
      logger: mockServices.logger.mock(),
      orchestrator: 'backstage' as const,
      work: {
        control_room_status_refresh: job('control_room_status_refresh'),
        notion_sync_bronze: job('notion_sync_bronze'),
      },
    };
    const requests = memoryTaskRequests();
    const replicaA = await schedulePipeline({ ...options, requests });
    const replicaB = await schedulePipeline({ ...options, requests });

    await replicaA.requestStartupRun();
    await replicaB.requestStartupRun();
    await runDue('control_room_startup_run');

    // Pulls first; one run for both replicas.
    expect(order).toEqual([
      'notion_sync_bronze',
      'control_room_status_refresh',
    ]);
    expect(await runs(lakehouse)).toEqual([
      expect.objectContaining({
        job_id: 'notion_sync_bronze',
        trigger: 'startup',
      }),
      expect.objectContaining({
        job_id: 'control_room_status_refresh',
        trigger: 'startup',
      }),
    ]);
  });

  it('skips the start-up run of a replica that starts within 10 minutes of another one', async () => {
    const { scheduler, runDue } = dueScheduler();
    const order: string[] = [];
    const { requestStartupRun } = await pipelineOn(scheduler, lakehouse, {
      work: {
        notion_sync_bronze: async () => {
          order.push('notion_sync_bronze');
          return { rowsWritten: 0 };
        },
      },
    });

    await requestStartupRun();
    await runDue('control_room_startup_run');
    // The next replica of the same rollout starts a minute later.
    await requestStartupRun();
    await runDue('control_room_startup_run');

    expect(order).toEqual(['notion_sync_bronze']);
  });

  it('a run-now on one replica is recorded as manual by the replica that runs it', async () => {
    const { scheduler, runDue } = dueScheduler();
    const triggers: Array<string | undefined> = [];
    const requests = memoryTaskRequests();
    const options = {
      lakehouse,
      logger: mockServices.logger.mock(),
      orchestrator: 'backstage' as const,
      requests,
      work: {
        notion_sync_bronze: async (run?: { trigger: string }) => {
          triggers.push(run?.trigger);
          return { rowsWritten: 0 };
        },
      },
    };
    const replicaA = await schedulePipeline({ ...options, scheduler });
    const other = dueScheduler();
    await schedulePipeline({ ...options, scheduler: other.scheduler });

    await replicaA.runNow('notion_sync_bronze');
    // Replica B's worker claims it.
    await (other.tasks.find(t => t.id === 'notion_sync_bronze')!.fn as any)();

    expect(triggers).toEqual(['manual']);
    // Replica A's own worker finds nothing left to label manual.
    await runDue('notion_sync_bronze');
    expect(triggers).toEqual(['manual', 'schedule']);
  });

  it('stops at an aborted signal and records the run as cancelled with the reason', async () => {
    const { scheduler, tasks } = recordingScheduler();
    const controller = new AbortController();
    const models = await loadModels(findModelsDirectory(__dirname));
    const work = buildPipelineWork({
      lakehouse,
      models,
      finance: {
        reportingCurrency: 'USD',
        fxRates: {},
        health: defaultHealthThresholds,
      },
    });
    const all = await pipelineOn(scheduler, lakehouse, {
      work,
    });
    expect(all.jobs.map(j => j.id)).toContain('ppm_marts_gold');
    controller.abort();

    await expect(
      (tasks.find(t => t.id === 'ppm_marts_gold')!.fn as any)(
        controller.signal,
      ),
    ).rejects.toThrow(CANCELLED_REASON);

    expect(await runs(lakehouse)).toEqual([
      {
        job_id: 'ppm_marts_gold',
        trigger: 'schedule',
        status: 'FAILED',
        error_message: CANCELLED_REASON,
      },
    ]);
    // No gold model ran.
    const [gold] = await lakehouse.query<{ n: bigint }>(
      'SELECT count(*) AS n FROM gold.ppm_budget_vs_actual',
    );
    expect(gold.n).toBe(0n);
  });

  it('ends a RUNNING run of its job left by a stopped replica before its next run', async () => {
    const { scheduler, tasks } = dueScheduler();
    await pipelineOn(scheduler, lakehouse, {
      taskTimeoutMs: 60_000,
      work: { notion_sync_bronze: async () => ({ rowsWritten: 0 }) },
    });
    await lakehouse.upsert(jobRuns, [
      {
        run_id: 'abandoned',
        job_id: 'notion_sync_bronze',
        job_name: '[PPM] Notion Sync Bronze',
        status: 'RUNNING',
        trigger: 'schedule',
        started_at: new Date(Date.now() - 120_000).toISOString(),
        ended_at: null,
        duration_seconds: null,
        rows_written: null,
        error_message: null,
      },
    ]);

    await tasks.find(t => t.id === 'notion_sync_bronze')!.fn();

    expect(
      await lakehouse.query(
        "SELECT status, error_message FROM bronze.job_runs WHERE run_id = 'abandoned'",
      ),
    ).toEqual([
      {
        status: 'FAILED',
        error_message:
          'No end recorded within the task timeout (1 min): the backend running it stopped',
      },
    ]);
    // The housekeeping task runs as often as that short timeout.
    expect(
      tasks.find(t => t.id === 'control_room_job_runs_housekeeping')!.frequency,
    ).toEqual({ milliseconds: 60_000 });
  });
});

describe('writeReferenceData', () => {
  it("records a configured schedule in bronze.job_schedules instead of the plan's", async () => {
    const lakehouse = await DuckDbLakehouse.open({ path: ':memory:' });
    try {
      await migrateLakehouse(lakehouse, lakehouseTables);
      await writeReferenceData(
        lakehouse,
        {
          reportingCurrency: 'USD',
          fxRates: {},
          health: defaultHealthThresholds,
        },
        new Date('2026-03-01T05:59:30Z'),
        { notion_sync_bronze: '*/20 * * * * *' },
      );
      const rows = await lakehouse.query(
        "SELECT job_id, cron, strftime(next_run_time, '%H:%M:%S') AS next_run FROM bronze.job_schedules WHERE job_id IN ('notion_sync_bronze', 'ppm_marts_gold') ORDER BY job_id",
      );
      expect(rows).toEqual([
        {
          job_id: 'notion_sync_bronze',
          cron: '*/20 * * * * *',
          next_run: '05:59:40',
        },
        { job_id: 'ppm_marts_gold', cron: '0 * * * *', next_run: '06:00:00' },
      ]);
    } finally {
      await lakehouse.close();
    }
  });
});

describe('nextRunTime', () => {
  it('gives the next UTC start of a cron schedule', () => {
    const from = new Date('2026-03-01T05:59:30Z');
    expect(nextRunTime('0 6 * * *', from).toISOString()).toBe(
      '2026-03-01T06:00:00.000Z',
    );
    expect(nextRunTime('*/15 * * * *', from).toISOString()).toBe(
      '2026-03-01T06:00:00.000Z',
    );
  });
});

describe('runSqlJob', () => {
  it('names models that have no SQL file', async () => {
    const lakehouse = await DuckDbLakehouse.open({ path: ':memory:' });
    await expect(
      runSqlJob(lakehouse, [], ['gold.ppm_forecast']),
    ).rejects.toThrow('No SQL model file for gold.ppm_forecast');
    await lakehouse.close();
  });
});
