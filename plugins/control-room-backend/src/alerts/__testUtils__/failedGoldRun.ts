import { JobRun } from '../../pipeline/jobRuns';
import { pipelineJobs } from '../../pipeline/jobs';

/** The gold job, whose failed run the alert tests record. */
export const goldJob = pipelineJobs.find(j => j.id === 'ppm_marts_gold')!;

/** A failed run of the gold job, with the fields a test changes. */
export function failedGoldRun(overrides: Partial<JobRun> = {}): JobRun {
  return {
    run_id: 'r1',
    job_id: goldJob.id,
    job_name: goldJob.name,
    status: 'FAILED',
    trigger: 'schedule',
    started_at: '2026-03-01T10:00:00.000Z',
    ended_at: '2026-03-01T10:01:00.000Z',
    duration_seconds: 60,
    rows_written: null,
    error_message: 'boom',
    ...overrides,
  };
}
