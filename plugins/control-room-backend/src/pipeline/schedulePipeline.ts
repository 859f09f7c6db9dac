import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  jobRuns,
  Lakehouse,
  qualifiedTableName,
} from '@finance-ppm/plugin-control-room-node';
import { PipelineJob, pipelineJobs } from './jobs';
import {
  DEFAULT_JOB_RUN_RETENTION_DAYS,
  failAbandonedRuns,
  JobRun,
  pruneJobRuns,
  runRecordedJob,
} from './jobRuns';
import { JobWork } from './pipelineWork';

export type Orchestrator = 'backstage' | 'databricks';

/** Scheduler task that copies bundle job runs into bronze.job_runs. */
export const DATABRICKS_RUNS_SYNC_TASK = 'databricks_job_runs_sync';
/** Scheduler task that ends abandoned runs and prunes old ones. */
export const JOB_RUNS_HOUSEKEEPING_TASK = 'control_room_job_runs_housekeeping';
/** Longest a pipeline job's task may run; a run still RUNNING after it was abandoned. */
export const JOB_TASK_TIMEOUT_MINUTES = 30;
/** Scheduler task that writes the reference tables in databricks mode. */
export const REFERENCE_DATA_TASK = 'control_room_reference_data';

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
  /** How often a started bundle run's copy is refreshed until it ends; default 5 s. */
  bundleRunPollMs?: number;
}

/** Whether a copied bundle run of the job is still RUNNING in job_runs. */
async function bundleRunInFlight(lakehouse: Lakehouse, jobId: string) {
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

/**
 * Registers the pipeline jobs with the Backstage scheduler. Cron schedules
 * are evaluated in the backend's local time zone; run it with TZ=UTC so they
 * match the bundle's UTC schedules.
 */
export async function schedulePipeline(options: PipelineOptions) {
  const { scheduler, lakehouse, logger, orchestrator, work } = options;
  const jobs = jobsRunByBackstage(orchestrator, Object.keys(work));
  // Jobs asked to run now; the scheduler runs them through the same task, so
  // runs never overlap, and the task tells a manual run from a scheduled one.
  const manualRequests = new Set<string>();
  for (const job of jobs) {
    await scheduler.scheduleTask({
      id: job.id,
      frequency: { cron: job.cron },
      timeout: { minutes: JOB_TASK_TIMEOUT_MINUTES },
      fn: async () => {
        const trigger = manualRequests.delete(job.id) ? 'manual' : 'schedule';
        await runRecordedJob(
          lakehouse,
          job,
          trigger,
          () => work[job.id]({ trigger }),
          { onFinished: options.onRunFinished },
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
   * trigger `manual`; a bundle job through the Jobs API, after fresh
   * reference data, and its run is copied at once for the Pipelines tab.
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
    const deadline = Date.now() + JOB_TASK_TIMEOUT_MINUTES * 60_000;
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
    manualRequests.add(jobId);
    try {
      await scheduler.triggerTask(jobId);
    } catch (error) {
      manualRequests.delete(jobId);
      throw error;
    }
  };
  await scheduler.scheduleTask({
    id: JOB_RUNS_HOUSEKEEPING_TASK,
    frequency: { minutes: 5 },
    timeout: { minutes: 5 },
    fn: async () => {
      const now = new Date();
      const ended = await failAbandonedRuns(lakehouse, {
        timeoutMs: JOB_TASK_TIMEOUT_MINUTES * 60_000,
        now,
      });
      if (ended > 0) {
        logger.warn(
          `Marked ${ended} abandoned run(s) FAILED: still RUNNING after the ${JOB_TASK_TIMEOUT_MINUTES} min task timeout`,
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
  logger.info(
    `Scheduled pipeline jobs (orchestrator ${orchestrator}): ${jobs
      .map(j => j.id)
      .join(', ')}`,
  );
  return { jobs, runNow };
}

/**
 * Runs the given jobs once, in the plan's order, recording each run, so a
 * fresh portal shows data without waiting for the schedules. A failed job
 * is recorded and the next one still runs.
 */
export async function runPipelineOnce(
  lakehouse: Lakehouse,
  jobs: PipelineJob[],
  work: Record<string, JobWork>,
  logger: LoggerService,
  onRunFinished?: (run: JobRun) => Promise<void>,
) {
  for (const job of jobs) {
    try {
      await runRecordedJob(lakehouse, job, 'startup', work[job.id], {
        onFinished: onRunFinished,
      });
    } catch (error) {
      logger.warn(`Start-up run of ${job.id} failed`, error as Error);
    }
  }
}
