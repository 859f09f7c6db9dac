import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { Lakehouse } from '@finance-ppm/plugin-control-room-node';
import { runSqlJob } from './sqlJobs';
import { PipelineJob, pipelineJobs } from './jobs';
import { runRecordedJob } from './jobRuns';
import { SqlModel } from '../lakehouse/models';

export type Orchestrator = 'backstage' | 'databricks';

export interface PipelineOptions {
  scheduler: SchedulerService;
  lakehouse: Lakehouse;
  logger: LoggerService;
  orchestrator: Orchestrator;
  models: SqlModel[];
  /** Work for the `pull` jobs that are available, keyed by job id. */
  pulls?: Record<string, () => Promise<{ rowsWritten: number }>>;
  /** With the databricks orchestrator: copies bundle job runs into job_runs. */
  syncDatabricksRuns?: () => Promise<{ rowsWritten: number }>;
}

/** The jobs this backend schedules itself, given the orchestrator. */
export function jobsRunByBackstage(
  orchestrator: Orchestrator,
  pullIds: string[],
): PipelineJob[] {
  return pipelineJobs.filter(job =>
    job.kind === 'pull'
      ? pullIds.includes(job.id)
      : orchestrator === 'backstage',
  );
}

/**
 * Registers the pipeline jobs with the Backstage scheduler. Cron schedules
 * are evaluated in the backend's local time zone; run it with TZ=UTC so they
 * match the bundle's UTC schedules.
 */
export async function schedulePipeline(options: PipelineOptions) {
  const { scheduler, lakehouse, logger, orchestrator, models } = options;
  const pulls = options.pulls ?? {};
  const jobs = jobsRunByBackstage(orchestrator, Object.keys(pulls));
  for (const job of jobs) {
    const work =
      job.kind === 'pull'
        ? pulls[job.id]
        : () => runSqlJob(lakehouse, models, job.models ?? []);
    await scheduler.scheduleTask({
      id: job.id,
      frequency: { cron: job.cron },
      timeout: { minutes: 30 },
      fn: async () => {
        await runRecordedJob(lakehouse, job, 'schedule', work);
      },
    });
  }
  if (orchestrator === 'databricks' && options.syncDatabricksRuns) {
    const sync = options.syncDatabricksRuns;
    await scheduler.scheduleTask({
      id: 'databricks_job_runs_sync',
      frequency: { minutes: 5 },
      timeout: { minutes: 5 },
      fn: async () => {
        await sync();
      },
    });
  }
  logger.info(
    `Scheduled pipeline jobs (orchestrator ${orchestrator}): ${jobs
      .map(j => j.id)
      .join(', ')}`,
  );
  return jobs;
}
