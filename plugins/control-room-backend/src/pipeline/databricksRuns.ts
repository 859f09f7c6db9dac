import {
  DatabricksJobRun,
  jobRuns,
  Lakehouse,
} from '@finance-ppm/plugin-control-room-node';
import { describeJobError, JobRun } from './jobRuns';
import { PipelineJob } from './jobs';

/** What the copier needs of the Databricks Jobs API client. */
export interface DatabricksRunSource {
  /** Runs of the jobs tagged with these keys (our job ids). */
  listJobRuns(
    jobKeys: string[],
    options: { since: Date },
  ): Promise<DatabricksJobRun[]>;
}

/** A bundle job run as a row of bronze.job_runs. */
export function toJobRunRow(run: DatabricksJobRun, job: PipelineJob): JobRun {
  return {
    run_id: `databricks-${run.runId}`,
    job_id: job.id,
    job_name: job.name,
    status: run.status,
    trigger: 'databricks',
    started_at: run.startedAt ?? new Date(0).toISOString(),
    ended_at: run.endedAt,
    duration_seconds: run.durationSeconds,
    rows_written: null,
    error_message: run.error ? describeJobError(run.error) : null,
  };
}

/**
 * Copies the bundle jobs' recent runs into bronze.job_runs, so the Pipelines
 * tab shows them like the backend's own. Upserting on the run id makes a
 * repeated copy change nothing.
 */
export async function copyDatabricksRuns(
  source: DatabricksRunSource,
  lakehouse: Lakehouse,
  jobs: PipelineJob[],
  since: Date,
): Promise<{ rowsWritten: number }> {
  // Matched on the key tag, never on display names: the bundle's dev
  // target prefixes those.
  const byKey = new Map(jobs.map(job => [job.id, job]));
  const runs = await source.listJobRuns([...byKey.keys()], { since });
  const rows = runs.flatMap(run => {
    const job = byKey.get(run.jobKey);
    return job ? [{ ...toJobRunRow(run, job) }] : [];
  });
  if (rows.length > 0) {
    await lakehouse.upsert(jobRuns, rows);
  }
  return { rowsWritten: rows.length };
}
