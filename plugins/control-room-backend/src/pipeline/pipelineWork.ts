import { CronTime } from 'cron';
import {
  goldChecks,
  Lakehouse,
  silverChecks,
} from '@finance-ppm/plugin-control-room-node';
import {
  FinanceSettings,
  runGoldBuild,
  writeFxRates,
  writeHealthThresholds,
  writeJobSchedules,
} from '../finance';
import { clusterNotionSilver } from '../lakehouse/clusterTables';
import { SqlModel } from '../lakehouse/models';
import { runDataQualityChecks } from '../quality';
import {
  lastSilverTransformStart,
  projectsOfPagesIngestedSince,
} from './goldRefresh';
import { JobOutcome, JobRunTrigger } from './jobRuns';
import { pipelineJobs, scheduledPipelineJobs } from './jobs';
import { assertModelsExist, countModelRows, runSqlJob } from './sqlJobs';

/** Why a run started, and the scheduler's signal to stop it. */
export interface JobRunContext {
  trigger: JobRunTrigger;
  /** Aborted on the task's timeout, a cancel or shutdown; work stops between pages and models. */
  signal?: AbortSignal;
}

/** What a job does. */
export type JobWork = (run?: JobRunContext) => Promise<JobOutcome>;

export interface PipelineWorkOptions {
  lakehouse: Lakehouse;
  models: SqlModel[];
  finance: FinanceSettings;
  notionPulls?: {
    notion_sync_bronze: JobWork;
    notion_transform_silver: JobWork;
  };
  azurePulls?: {
    azure_rg_ingest_bronze: JobWork;
    azure_advisor_transform: JobWork;
    azure_cost_ingest?: JobWork;
  };
  now?: () => Date;
  /** Cron per job id where config replaces the plan's, for bronze.job_schedules. */
  schedules?: Record<string, string>;
  /**
   * Told the projects each Notion silver rebuild changed (their rows before
   * and after), to refresh their gold rows; must not throw.
   */
  onSilverChanged?: (projectIds: string[]) => Promise<void>;
}

/** The next start of a UTC cron schedule after `from`. */
export function nextRunTime(cron: string, from: Date): Date {
  return new CronTime(cron, 'UTC').getNextDateFrom(from).toJSDate();
}

/**
 * Every plan job with its next start after `at`, for bronze.job_schedules;
 * `schedules` replaces the plan's cron where config does.
 */
function jobSchedulesAt(at: Date, schedules: Record<string, string> = {}) {
  return scheduledPipelineJobs(schedules).map(job => ({
    jobId: job.id,
    jobName: job.name,
    cron: job.cron,
    nextRunTime: nextRunTime(job.cron, at),
  }));
}

/**
 * Writes the reference tables the SQL models read and cannot compute:
 * rates, health thresholds and job schedules. With the databricks
 * orchestrator the bundle runs the models, so the backend writes these on
 * its own schedule and before each run-now.
 */
export async function writeReferenceData(
  lakehouse: Lakehouse,
  finance: FinanceSettings,
  at: Date,
  schedules?: Record<string, string>,
): Promise<void> {
  await writeFxRates(lakehouse, finance, at);
  await writeHealthThresholds(lakehouse, finance, at);
  await writeJobSchedules(lakehouse, jobSchedulesAt(at, schedules), at);
}

/**
 * With the databricks orchestrator, runs the gold checks once after each
 * bundle gold build the backend has copied a successful run of. Returns
 * whether it ran them.
 */
export function createBundleGoldChecker(
  lakehouse: Lakehouse,
  now: () => Date = () => new Date(),
): () => Promise<boolean> {
  let checkedBuildEnd: string | undefined;
  return async () => {
    const [latest] = await lakehouse.query<{ ended: string | null }>(
      `SELECT max(ended_at) AS ended
         FROM bronze.job_runs
        WHERE job_id = 'ppm_marts_gold' AND status = 'SUCCESS'`,
    );
    if (!latest?.ended || latest.ended === checkedBuildEnd) {
      return false;
    }
    await runDataQualityChecks(lakehouse, goldChecks, now());
    checkedBuildEnd = latest.ended;
    return true;
  };
}

/**
 * What each job does, keyed by job id. Silver builds are followed by the
 * data-quality checks; the gold build writes its reference data first.
 */
export function buildPipelineWork(
  options: PipelineWorkOptions,
): Record<string, JobWork> {
  const { lakehouse, models, finance, notionPulls, azurePulls } = options;
  const now = options.now ?? (() => new Date());
  const thenCheckSilver =
    (work: JobWork): JobWork =>
    async run => {
      const outcome = await work(run);
      await runDataQualityChecks(lakehouse, silverChecks, now());
      return outcome;
    };
  // The full rebuild leaves new pages at the end of their tables; the
  // checks and the gold refresh that follow read them back in order.
  const thenCluster =
    (work: JobWork): JobWork =>
    async run => {
      const outcome = await work(run);
      await clusterNotionSilver(lakehouse);
      return outcome;
    };
  const goldModels =
    pipelineJobs.find(job => job.id === 'ppm_marts_gold')?.models ?? [];
  // The projects of pages that reached bronze since the last transform, as
  // silver had them before this rebuild and has them after it.
  const thenRefreshGold =
    (work: JobWork): JobWork =>
    async run => {
      const { onSilverChanged } = options;
      const since = onSilverChanged
        ? await lastSilverTransformStart(lakehouse)
        : undefined;
      if (!onSilverChanged || !since) {
        return work(run);
      }
      const before = await projectsOfPagesIngestedSince(lakehouse, since);
      const outcome = await work(run);
      const after = await projectsOfPagesIngestedSince(lakehouse, since);
      await onSilverChanged([...new Set([...before, ...after])]);
      return outcome;
    };

  return {
    ...(notionPulls && {
      notion_sync_bronze: notionPulls.notion_sync_bronze,
      notion_transform_silver: thenRefreshGold(
        thenCheckSilver(thenCluster(notionPulls.notion_transform_silver)),
      ),
    }),
    ...(azurePulls && {
      azure_rg_ingest_bronze: azurePulls.azure_rg_ingest_bronze,
      azure_advisor_transform: thenCheckSilver(
        azurePulls.azure_advisor_transform,
      ),
    }),
    ...(azurePulls?.azure_cost_ingest && {
      azure_cost_ingest: thenCheckSilver(azurePulls.azure_cost_ingest),
    }),
    ppm_marts_gold: async run => {
      assertModelsExist(models, goldModels);
      await runGoldBuild({
        lakehouse,
        models,
        settings: finance,
        only: goldModels,
        now: now(),
        signal: run?.signal,
      });
      return { rowsWritten: await countModelRows(lakehouse, goldModels) };
    },
    control_room_status_refresh: async run => {
      const at = now();
      await writeJobSchedules(
        lakehouse,
        jobSchedulesAt(at, options.schedules),
        at,
      );
      return runSqlJob(
        lakehouse,
        models,
        ['gold.control_room_status'],
        run?.signal,
      );
    },
  };
}
