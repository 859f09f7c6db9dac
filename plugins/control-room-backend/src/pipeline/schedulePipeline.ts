import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  jobRuns,
  Lakehouse,
  qualifiedTableName,
} from '@finance-ppm/plugin-control-room-node';
import { PipelineJob, pipelineJobs, scheduledPipelineJobs } from './jobs';
import {
  DEFAULT_JOB_RUN_RETENTION_DAYS,
  failAbandonedRuns,
  JobOutcome,
  JobRun,
  pruneJobRuns,
  runRecordedJob,
  throwIfCancelled,
} from './jobRuns';
import { JobRunContext, JobWork, nextRunTime } from './pipelineWork';
import { GOLD_REFRESH_REQUEST } from './goldRefresh';
import {
  createTaskTrigger,
  memoryTaskRequests,
  TaskRequests,
} from './taskRequests';

/** How early a start still counts as the coming slot's run. */
const EARLY_START_TOLERANCE_MS = 1_500;

/**
 * How long a scheduled run waits for its slot. Backstage's scheduler starts
 * a newly registered cron task a second before its slot, and schedules the
 * next run from when a run ends: a run that ended before its slot would run
 * again in the same slot.
 */
export function earlyStartDelayMs(cron: string, now: Date): number {
  const untilSlot = nextRunTime(cron, now).getTime() - now.getTime();
  return untilSlot <= EARLY_START_TOLERANCE_MS ? untilSlot + 1 : 0;
}

export type Orchestrator = 'backstage' | 'databricks';

/** Scheduler task that copies bundle job runs into bronze.job_runs. */
export const DATABRICKS_RUNS_SYNC_TASK = 'databricks_job_runs_sync';
/** Scheduler task that ends abandoned runs and prunes old ones. */
export const JOB_RUNS_HOUSEKEEPING_TASK = 'control_room_job_runs_housekeeping';
/** Default longest a pipeline job's task may run; a run still RUNNING after it was abandoned. */
export const JOB_TASK_TIMEOUT_MINUTES = 30;
/** Scheduler task that writes the reference tables in databricks mode. */
export const REFERENCE_DATA_TASK = 'control_room_reference_data';
/** Scheduler task that syncs the Notion databases webhooks and new actions asked for. */
export const NOTION_REQUESTED_SYNC_TASK = 'notion_requested_sync';
/** Scheduler task that runs the pipeline once after the backend starts. */
export const STARTUP_RUN_TASK = 'control_room_startup_run';

// A start-up run this recent serves the replicas that start after it.
const STARTUP_RUN_FRESH_MS = 10 * 60_000;
// How often the requested-sync task looks for requests.
export const REQUESTED_SYNC_POLL_SECONDS = 1;
// Most rounds one requested-sync run serves before leaving the rest to its next run.
const MAX_REQUESTED_SYNC_ROUNDS = 10;
const FIVE_MINUTES_MS = 5 * 60_000;

export interface PipelineOptions {
  scheduler: SchedulerService;
  lakehouse: Lakehouse;
  logger: LoggerService;
  orchestrator: Orchestrator;
  /** What each job does, keyed by job id; jobs without work are skipped. */
  work: Record<string, JobWork>;
  /** With the databricks orchestrator: copies bundle job runs into job_runs. */
  syncDatabricksRuns?: JobWork;
  /**
   * With the databricks orchestrator: writes the reference tables the
   * bundle's SQL reads, at start, every 5 minutes and before each run-now.
   */
  writeReferenceData?: () => Promise<void>;
  /** With the databricks orchestrator: starts a bundle job (Jobs API run-now). */
  runBundleJob?: (jobId: string) => Promise<void>;
  /** Told about every recorded run's end; must not throw. */
  onRunFinished?: (run: JobRun) => Promise<void>;
  /** Called after each copy of the Databricks runs; must not throw. */
  onRunsCopied?: () => Promise<void>;
  /** Days job_runs keeps a finished run; default 90. */
  jobRunRetentionDays?: number;
  /**
   * Where task requests wait for the replica that runs the task; the
   * plugin database with several replicas. Default: this process only.
   */
  requests?: TaskRequests;
  /** Cron per job id, replacing the plan's schedule (5 fields, or 6 with seconds). */
  schedules?: Record<string, string>;
  /** Longest a task may run before the scheduler aborts it; default 30 min. */
  taskTimeoutMs?: number;
  /**
   * Syncs one Notion database now: the work of the requested-sync task,
   * which webhooks and new actions trigger; followed by the silver transform.
   */
  syncNotionDatabase?: (
    name: string,
    signal?: AbortSignal,
  ) => Promise<{ rowsWritten: number; mode?: string }>;
  /**
   * The rest of the requested-sync task's work: `silverSince` maps only
   * what its syncs wrote to silver (a full sync rebuilds all of silver),
   * and `refreshGold` then recomputes the gold rows of changed projects,
   * also when a scheduled silver rebuild asked for it.
   */
  requestedSync?: {
    silverSince?: {
      mark: () => Promise<Date | undefined>;
      transformSince: JobRunSinceWork;
    };
    /** `deferred`: not now; the task's next scheduled run asks again. */
    refreshGold?: () => Promise<'done' | 'deferred'>;
  };
  /** How often a started bundle run's copy is refreshed until it ends; default 5 s. */
  bundleRunPollMs?: number;
}

/** Work on what bronze received since a mark. */
export type JobRunSinceWork = (
  since: Date,
  run: JobRunContext,
) => Promise<JobOutcome>;

/** Whether a copied bundle run of the job is still RUNNING in job_runs. */
export async function bundleRunInFlight(lakehouse: Lakehouse, jobId: string) {
  const [row] = await lakehouse.query<{ n: bigint | number }>(
    `SELECT count(*) AS n FROM ${qualifiedTableName(jobRuns)}
      WHERE job_id = :jobId AND status = 'RUNNING' AND run_id LIKE 'databricks-%'`,
    { jobId },
  );
  return Number(row?.n ?? 0) > 0;
}

/**
 * The jobs this backend runs itself: every pull it has work for, and the
 * SQL jobs only when it orchestrates them.
 */
export function jobsRunByBackstage(
  orchestrator: Orchestrator,
  jobIdsWithWork: string[],
): PipelineJob[] {
  return pipelineJobs.filter(
    job =>
      jobIdsWithWork.includes(job.id) &&
      (job.kind === 'pull' || orchestrator === 'backstage'),
  );
}

/** Pulls first, then the SQL jobs, so a fresh portal shows data. */
function startupOrder(jobs: PipelineJob[]): PipelineJob[] {
  return [
    ...jobs.filter(job => job.kind === 'pull'),
    ...jobs.filter(job => job.kind === 'sql'),
  ];
}

/**
 * Registers the pipeline jobs with the Backstage scheduler, which runs each
 * task on one replica at a time. Every lakehouse write runs in one of these
 * tasks; events only request a run (`runNow`, `requestNotionSync`,
 * `requestStartupRun`). Cron schedules are evaluated in the backend's local
 * time zone; run it with TZ=UTC so they match the bundle's UTC schedules.
 */
export async function schedulePipeline(options: PipelineOptions) {
  const { scheduler, lakehouse, logger, orchestrator, work } = options;
  const jobs = jobsRunByBackstage(orchestrator, Object.keys(work));
  const requests = options.requests ?? memoryTaskRequests();
  const trigger = createTaskTrigger({ scheduler, requests });
  const timeoutMs = options.taskTimeoutMs ?? JOB_TASK_TIMEOUT_MINUTES * 60_000;
  const timeout = { milliseconds: timeoutMs };
  const recordOptions = (signal?: AbortSignal) => ({
    onFinished: options.onRunFinished,
    signal,
  });
  const scheduled = scheduledPipelineJobs(options.schedules);
  for (const job of jobs) {
    const cron = scheduled.find(s => s.id === job.id)!.cron;
    await scheduler.scheduleTask({
      id: job.id,
      frequency: { cron },
      timeout,
      fn: async (signal?: AbortSignal) => {
        // The scheduler hands a task on only after its last run released
        // it or timed out, so an old RUNNING row of this job is abandoned.
        await failAbandonedRuns(lakehouse, {
          timeoutMs,
          now: new Date(),
          jobId: job.id,
        });
        const [request] = await requests.take(job.id);
        const runTrigger = request?.trigger ?? 'schedule';
        const early = request ? 0 : earlyStartDelayMs(cron, new Date());
        if (early > 0) await new Promise(r => setTimeout(r, early));
        logger.info(`Running job ${job.id} (${runTrigger})`);
        await runRecordedJob(
          lakehouse,
          job,
          runTrigger,
          () => work[job.id]({ trigger: runTrigger, signal }),
          recordOptions(signal),
        );
      },
    });
  }
  const bundleJobs =
    orchestrator === 'databricks' && options.runBundleJob
      ? pipelineJobs.filter(job => job.kind === 'sql')
      : [];
  /**
   * Starts a job now: one of ours through its scheduled task, recorded with
   * trigger `manual` by whichever replica runs it; a bundle job through the
   * Jobs API, after fresh reference data, and its run is copied at once for
   * the Pipelines tab.
   */
  const copyBundleRuns = () =>
    scheduler
      .triggerTask(DATABRICKS_RUNS_SYNC_TASK)
      .catch(error =>
        logger.warn('Copying the Databricks runs failed', error as Error),
      );
  /**
   * Copies the runs again every few seconds while a started bundle run is
   * RUNNING, so its end shows without waiting for the 5-minute copy.
   */
  const followBundleRun = async (jobId: string) => {
    const pollMs = options.bundleRunPollMs ?? 5_000;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      await new Promise(resolve => setTimeout(resolve, pollMs));
      await copyBundleRuns();
      if (!(await bundleRunInFlight(lakehouse, jobId))) return;
    }
  };
  const runNow = async (jobId: string) => {
    if (bundleJobs.some(job => job.id === jobId)) {
      await options.writeReferenceData?.();
      await options.runBundleJob!(jobId);
      await copyBundleRuns();
      followBundleRun(jobId).catch(error =>
        logger.warn(`Following the run of ${jobId} failed`, error as Error),
      );
      return;
    }
    if (!jobs.some(job => job.id === jobId)) {
      throw new NotFoundError(
        `Job ${jobId} is not run by this backend (orchestrator ${orchestrator})`,
      );
    }
    await trigger(jobId, { trigger: 'manual' }, 'refuse');
  };
  await scheduler.scheduleTask({
    id: JOB_RUNS_HOUSEKEEPING_TASK,
    // A short task timeout (tests) ends abandoned runs as soon.
    frequency:
      timeoutMs < FIVE_MINUTES_MS
        ? { milliseconds: timeoutMs }
        : { minutes: 5 },
    timeout: { minutes: 5 },
    fn: async () => {
      const now = new Date();
      const ended = await failAbandonedRuns(lakehouse, { timeoutMs, now });
      if (ended > 0) {
        logger.warn(
          `Marked ${ended} abandoned run(s) FAILED: still RUNNING after the task timeout`,
        );
      }
      await pruneJobRuns(lakehouse, {
        retentionDays:
          options.jobRunRetentionDays ?? DEFAULT_JOB_RUN_RETENTION_DAYS,
        now,
      });
    },
  });
  if (orchestrator === 'databricks' && options.writeReferenceData) {
    const write = options.writeReferenceData;
    await scheduler.scheduleTask({
      id: REFERENCE_DATA_TASK,
      frequency: { minutes: 5 },
      timeout: { minutes: 5 },
      fn: write,
    });
  }
  if (orchestrator === 'databricks' && options.syncDatabricksRuns) {
    const sync = options.syncDatabricksRuns;
    await scheduler.scheduleTask({
      id: DATABRICKS_RUNS_SYNC_TASK,
      frequency: { minutes: 5 },
      timeout: { minutes: 5 },
      fn: async () => {
        await sync();
        await options.onRunsCopied?.();
      },
    });
  }

  const syncJob = pipelineJobs.find(job => job.id === 'notion_sync_bronze')!;
  const silverJob = pipelineJobs.find(
    job => job.id === 'notion_transform_silver',
  )!;
  const syncNotionDatabase = options.syncNotionDatabase;
  const transformSilver = work.notion_transform_silver;
  if (syncNotionDatabase && transformSilver) {
    const { silverSince, refreshGold } = options.requestedSync ?? {};
    await scheduler.scheduleTask({
      id: NOTION_REQUESTED_SYNC_TASK,
      // Every second, besides each request's trigger: Backstage's workers
      // look for due tasks at the shortest cadence among them (5 s at
      // most), so a triggered request waits at most a second. An idle run
      // reads the plugin database's requests and ends.
      frequency: { seconds: REQUESTED_SYNC_POLL_SECONDS },
      timeout,
      fn: async (signal?: AbortSignal) => {
        for (let round = 0; round < MAX_REQUESTED_SYNC_ROUNDS; round++) {
          const requested = await requests.take(NOTION_REQUESTED_SYNC_TASK);
          if (requested.length === 0) return;
          const names = [
            ...new Set(
              requested.flatMap(r =>
                r.detail && r.detail !== GOLD_REFRESH_REQUEST.detail
                  ? [r.detail]
                  : [],
              ),
            ),
          ];
          if (names.length > 0) {
            const mark = await silverSince?.mark();
            let fullSync = false;
            await runRecordedJob(
              lakehouse,
              syncJob,
              'webhook',
              async () => {
                let rowsWritten = 0;
                for (const name of names) {
                  throwIfCancelled(signal);
                  const synced = await syncNotionDatabase(name, signal);
                  rowsWritten += synced.rowsWritten;
                  fullSync ||= synced.mode === 'full';
                }
                return { rowsWritten };
              },
              recordOptions(signal),
            );
            const run = { trigger: 'webhook' as const, signal };
            // A full sync also marks removed pages, which no mark finds.
            await runRecordedJob(
              lakehouse,
              silverJob,
              'webhook',
              () =>
                silverSince && mark && !fullSync
                  ? silverSince.transformSince(mark, run)
                  : transformSilver(run),
              recordOptions(signal),
            );
          }
          throwIfCancelled(signal);
          const refreshed = await refreshGold?.().catch(error => {
            // Its requests stay; the next refresh or the hourly build does it.
            logger.warn('The incremental gold refresh failed', error as Error);
            return 'done' as const;
          });
          if (refreshed === 'deferred') {
            await requests.add(
              NOTION_REQUESTED_SYNC_TASK,
              GOLD_REFRESH_REQUEST,
            );
            return;
          }
        }
      },
    });
  }

  await scheduler.scheduleTask({
    id: STARTUP_RUN_TASK,
    frequency: { trigger: 'manual' },
    timeout,
    fn: async (signal?: AbortSignal) => {
      const requested = await requests.take(STARTUP_RUN_TASK);
      if (requested.length === 0) return;
      // A rolling deployment starts its replicas minutes apart; the first
      // one's run already gave the portal fresh data.
      if (await startupRunSince(lakehouse, Date.now() - STARTUP_RUN_FRESH_MS)) {
        logger.info(
          'Skipping the start-up run: another replica ran one in the last 10 minutes',
        );
        return;
      }
      await runPipelineOnce(
        lakehouse,
        startupOrder(jobs),
        work,
        logger,
        options.onRunFinished,
        signal,
      );
      // The bundle's SQL jobs run in the workspace; start them too.
      for (const job of bundleJobs) {
        throwIfCancelled(signal);
        await runNow(job.id).catch(error =>
          logger.warn(
            `Start-up run of bundle job ${job.id} failed`,
            error as Error,
          ),
        );
      }
      // Replicas that started while this ran are served by it.
      await requests.take(STARTUP_RUN_TASK);
    },
  });

  logger.info(
    `Scheduled pipeline jobs (orchestrator ${orchestrator}): ${jobs
      .map(j => j.id)
      .join(', ')}`,
  );
  return {
    jobs,
    runNow,
    /** Asks for a sync of one Notion database (a webhook, a new action). */
    requestNotionSync: (name: string) =>
      trigger(
        NOTION_REQUESTED_SYNC_TASK,
        { trigger: 'webhook', detail: name },
        'keep',
      ),
    /**
     * Asks for one run of every job after a start; replicas starting
     * together share it.
     */
    requestStartupRun: () =>
      trigger(STARTUP_RUN_TASK, { trigger: 'startup' }, 'keep'),
  };
}

/** Whether a start-up run began after `since`; false when the lakehouse cannot say. */
async function startupRunSince(
  lakehouse: Lakehouse,
  since: number,
): Promise<boolean> {
  try {
    const [row] = await lakehouse.query<{ n: number | bigint }>(
      `SELECT count(*) AS n FROM bronze.job_runs
        WHERE trigger = 'startup' AND started_at > :since`,
      { since: new Date(since) },
    );
    return Number(row?.n ?? 0) > 0;
  } catch {
    return false;
  }
}

/**
 * Runs the given jobs once, in the plan's order, recording each run, so a
 * fresh portal shows data without waiting for the schedules. A failed job
 * is recorded and the next one still runs; an aborted task stops.
 */
export async function runPipelineOnce(
  lakehouse: Lakehouse,
  jobs: PipelineJob[],
  work: Record<string, JobWork>,
  logger: LoggerService,
  onRunFinished?: (run: JobRun) => Promise<void>,
  signal?: AbortSignal,
) {
  for (const job of jobs) {
    if (signal?.aborted) return;
    try {
      await runRecordedJob(
        lakehouse,
        job,
        'startup',
        () => work[job.id]({ trigger: 'startup', signal }),
        { onFinished: onRunFinished, signal },
      );
    } catch (error) {
      logger.warn(`Start-up run of ${job.id} failed`, error as Error);
    }
  }
}
