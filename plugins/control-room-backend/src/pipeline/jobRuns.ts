import { randomUUID } from 'node:crypto';
import { jobRuns, Lakehouse } from '@finance-ppm/plugin-control-room-node';
import { PipelineJob } from './jobs';

export type JobRunStatus = 'SUCCESS' | 'FAILED' | 'RUNNING' | 'PENDING';
export type JobRunTrigger =
  | 'schedule'
  | 'manual'
  | 'startup'
  | 'webhook'
  | 'databricks';

/** A row of bronze.job_runs. */
export interface JobRun {
  run_id: string;
  job_id: string;
  job_name: string;
  status: JobRunStatus;
  trigger: JobRunTrigger;
  started_at: string;
  ended_at: string | null;
  duration_seconds: number | null;
  rows_written: bigint | null;
  error_message: string | null;
}

/** What a job's work reports back. */
export interface JobOutcome {
  rowsWritten: number;
}

const MAX_ERROR_LENGTH = 2000;

/** Keeps error text short and free of anything that looks like a secret. */
export function describeJobError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text
    .replace(/(bearer\s+)[\w.~+/-]+=*/gi, '$1***')
    .replace(/((?:token|secret|password|key)\s*[=:]\s*)[^\s&,;]+/gi, '$1***')
    .replace(/\b(?:dapi|secret_|ntn_)[A-Za-z0-9]{8,}\b/g, '***')
    .slice(0, MAX_ERROR_LENGTH);
}

/** The finished form of a run. */
export function finishJobRun(
  run: JobRun,
  endedAt: Date,
  result: { outcome: JobOutcome } | { error: unknown },
): JobRun {
  const durationMs = endedAt.getTime() - Date.parse(run.started_at);
  const base = {
    ...run,
    ended_at: endedAt.toISOString(),
    duration_seconds: Math.max(0, Math.round(durationMs / 1000)),
  };
  if ('outcome' in result) {
    return {
      ...base,
      status: 'SUCCESS',
      rows_written: BigInt(result.outcome.rowsWritten),
      error_message: null,
    };
  }
  return {
    ...base,
    status: 'FAILED',
    rows_written: null,
    error_message: describeJobError(result.error),
  };
}

export interface RecordedRunOptions {
  now?: () => Date;
  /**
   * Told about the recorded end of every run, failed ones included (alerts,
   * live updates). It must not throw: its error would count as the job's.
   */
  onFinished?: (run: JobRun) => Promise<void>;
  /** The scheduler's abort signal; a run it stops is recorded as cancelled. */
  signal?: AbortSignal;
}

/** Why a run the scheduler aborted ended. */
export const CANCELLED_REASON =
  'Cancelled: the scheduler aborted the task (its timeout passed, it was cancelled, or the backend is shutting down)';

/** Throws when the scheduler has aborted the task; called between pages and models. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) {
    throw new Error(CANCELLED_REASON);
  }
}

/**
 * Runs a job's work and records it in bronze.job_runs: RUNNING first, so the
 * Pipelines tab shows it, then SUCCESS or FAILED. A failed job's error is
 * recorded and rethrown so the scheduler logs it too.
 */
export async function runRecordedJob(
  lakehouse: Lakehouse,
  job: PipelineJob,
  trigger: JobRunTrigger,
  work: () => Promise<JobOutcome>,
  options: RecordedRunOptions = {},
): Promise<JobRun> {
  const now = options.now ?? (() => new Date());
  const started: JobRun = {
    run_id: randomUUID(),
    job_id: job.id,
    job_name: job.name,
    status: 'RUNNING',
    trigger,
    started_at: now().toISOString(),
    ended_at: null,
    duration_seconds: null,
    rows_written: null,
    error_message: null,
  };
  await lakehouse.upsert(jobRuns, [{ ...started }]);
  let finished: JobRun;
  try {
    finished = finishJobRun(started, now(), { outcome: await work() });
  } catch (thrown) {
    const error = options.signal?.aborted
      ? new Error(CANCELLED_REASON)
      : thrown;
    finished = finishJobRun(started, now(), { error });
    await lakehouse.upsert(jobRuns, [{ ...finished }]);
    await options.onFinished?.(finished);
    throw error;
  }
  await lakehouse.upsert(jobRuns, [{ ...finished }]);
  await options.onFinished?.(finished);
  return finished;
}

/** How long job_runs keeps a finished run by default. */
export const DEFAULT_JOB_RUN_RETENTION_DAYS = 90;

/**
 * Marks FAILED every run of the backend's own jobs still RUNNING after its
 * task timeout: the replica running it stopped and will never finish it.
 * Bundle runs (`databricks`) are copied from the Jobs API and left alone.
 * Returns how many runs it ended.
 */
export async function failAbandonedRuns(
  lakehouse: Lakehouse,
  options: { timeoutMs: number; now: Date; jobId?: string },
): Promise<number> {
  const cutoff = new Date(options.now.getTime() - options.timeoutMs);
  const ofJob = options.jobId ? ' AND job_id = :job_id' : '';
  const where = `status = 'RUNNING' AND trigger <> 'databricks' AND started_at < :cutoff${ofJob}`;
  const [{ n }] = await lakehouse.query<{ n: number | bigint }>(
    `SELECT count(*) AS n FROM bronze.job_runs WHERE ${where}`,
    { cutoff, ...(options.jobId && { job_id: options.jobId }) },
  );
  if (Number(n) === 0) return 0;
  await lakehouse.execute(
    `UPDATE bronze.job_runs
        SET status = 'FAILED', ended_at = :now,
            duration_seconds = CAST(:timeout_seconds AS INT),
            error_message = :reason
      WHERE ${where}`,
    {
      now: options.now,
      cutoff,
      ...(options.jobId && { job_id: options.jobId }),
      timeout_seconds: Math.round(options.timeoutMs / 1000),
      reason: `No end recorded within the task timeout (${describeDuration(
        options.timeoutMs,
      )}): the backend running it stopped`,
    },
  );
  return Number(n);
}

function describeDuration(ms: number): string {
  return ms % 60_000 === 0
    ? `${ms / 60_000} min`
    : `${Math.round(ms / 1000)} s`;
}

/** Deletes finished runs that started more than `retentionDays` ago. */
export async function pruneJobRuns(
  lakehouse: Lakehouse,
  options: { retentionDays: number; now: Date },
): Promise<void> {
  await lakehouse.execute(
    `DELETE FROM bronze.job_runs WHERE status <> 'RUNNING' AND started_at < :cutoff`,
    {
      cutoff: new Date(
        options.now.getTime() - options.retentionDays * 24 * 60 * 60 * 1000,
      ),
    },
  );
}
