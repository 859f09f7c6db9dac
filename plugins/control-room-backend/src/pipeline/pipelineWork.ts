import { CronTime } from 'cron';
import { Lakehouse, silverChecks } from '@finance-ppm/plugin-control-room-node';
import { FinanceSettings, runGoldBuild, writeJobSchedules } from '../finance';
import { SqlModel } from '../lakehouse/models';
import { runDataQualityChecks } from '../quality';
import { JobOutcome, JobRunTrigger } from './jobRuns';
import { pipelineJobs } from './jobs';
import { assertModelsExist, countModelRows, runSqlJob } from './sqlJobs';

/** What a job does; `trigger` says why this run started. */
export type JobWork = (run?: { trigger: JobRunTrigger }) => Promise<JobOutcome>;

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
}

/** The next start of a UTC cron schedule after `from`. */
export function nextRunTime(cron: string, from: Date): Date {
  return new CronTime(cron, 'UTC').getNextDateFrom(from).toJSDate();
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
  const goldModels =
    pipelineJobs.find(job => job.id === 'ppm_marts_gold')?.models ?? [];

  return {
    ...(notionPulls && {
      notion_sync_bronze: notionPulls.notion_sync_bronze,
      notion_transform_silver: thenCheckSilver(
        notionPulls.notion_transform_silver,
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
    ppm_marts_gold: async () => {
      assertModelsExist(models, goldModels);
      await runGoldBuild({
        lakehouse,
        models,
        settings: finance,
        only: goldModels,
        now: now(),
      });
      return { rowsWritten: await countModelRows(lakehouse, goldModels) };
    },
    control_room_status_refresh: async () => {
      const at = now();
      await writeJobSchedules(
        lakehouse,
        pipelineJobs.map(job => ({
          jobId: job.id,
          jobName: job.name,
          cron: job.cron,
          nextRunTime: nextRunTime(job.cron, at),
        })),
        at,
      );
      return runSqlJob(lakehouse, models, ['gold.control_room_status']);
    },
  };
}
