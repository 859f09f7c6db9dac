import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { CronTime } from 'cron';
import { pipelineJobs } from './pipeline/jobs';
import { DEFAULT_JOB_RUN_RETENTION_DAYS } from './pipeline/jobRuns';
import {
  JOB_TASK_TIMEOUT_MINUTES,
  Orchestrator,
} from './pipeline/schedulePipeline';
import { DEFAULT_MAX_KPI_MONTHS } from './service/validation';

const ORCHESTRATORS: Orchestrator[] = ['backstage', 'databricks'];

/** The parts of `controlRoom` config the plugin reads, with defaults applied. */
export interface ControlRoomSettings {
  orchestrator: Orchestrator;
  /** Folder of the SQL models; found from the working directory when unset. */
  modelsDirectory?: string;
  /** Run every job once when the backend starts. */
  runOnStartup: boolean;
  /** Longest period `/kpis` answers, in months. */
  maxKpiMonths: number;
  /** Days bronze.job_runs keeps a finished run. */
  jobRunRetentionDays: number;
  /** Cron per job id where config replaces the plan's schedule. */
  schedules: Record<string, string>;
  /** Longest a pipeline task may run, in milliseconds. */
  taskTimeoutMs: number;
}

/** Reads and checks the `controlRoom` config block; see config.d.ts. */
export function readControlRoomConfig(config: Config): ControlRoomSettings {
  const orchestrator =
    config.getOptionalString('controlRoom.lakehouse.orchestrator') ??
    'backstage';
  if (!ORCHESTRATORS.includes(orchestrator as Orchestrator)) {
    throw new InputError(
      `controlRoom.lakehouse.orchestrator must be one of ${ORCHESTRATORS.join(
        ', ',
      )}; got '${orchestrator}'`,
    );
  }
  return {
    orchestrator: orchestrator as Orchestrator,
    modelsDirectory: config.getOptionalString(
      'controlRoom.lakehouse.modelsDirectory',
    ),
    runOnStartup:
      config.getOptionalBoolean('controlRoom.pipeline.runOnStartup') ?? true,
    maxKpiMonths: readMaxKpiMonths(config),
    jobRunRetentionDays: readJobRunRetentionDays(config),
    schedules: readSchedules(config),
    taskTimeoutMs: readTaskTimeoutSeconds(config) * 1000,
  };
}

function readSchedules(config: Config): Record<string, string> {
  const key = 'controlRoom.pipeline.schedules';
  const block = config.getOptionalConfig(key);
  const schedules: Record<string, string> = {};
  for (const jobId of block?.keys() ?? []) {
    if (!pipelineJobs.some(job => job.id === jobId)) {
      throw new InputError(
        `${key}.${jobId}: no such job; the jobs are ${pipelineJobs
          .map(job => job.id)
          .join(', ')}`,
      );
    }
    const cron = block!.getString(jobId);
    try {
      // eslint-disable-next-line no-new
      new CronTime(cron);
    } catch (error) {
      throw new InputError(
        `${key}.${jobId} is not a cron expression: '${cron}' (${
          (error as Error).message
        })`,
      );
    }
    schedules[jobId] = cron;
  }
  return schedules;
}

function readTaskTimeoutSeconds(config: Config): number {
  const key = 'controlRoom.pipeline.taskTimeoutSeconds';
  const seconds =
    config.getOptionalNumber(key) ?? JOB_TASK_TIMEOUT_MINUTES * 60;
  if (!Number.isInteger(seconds) || seconds < 1) {
    throw new InputError(
      `${key} must be a whole number of seconds, 1 or more; got ${seconds}`,
    );
  }
  return seconds;
}

function readJobRunRetentionDays(config: Config): number {
  const days =
    config.getOptionalNumber('controlRoom.pipeline.jobRunRetentionDays') ??
    DEFAULT_JOB_RUN_RETENTION_DAYS;
  if (!Number.isInteger(days) || days < 1) {
    throw new InputError(
      `controlRoom.pipeline.jobRunRetentionDays must be a whole number of days, 1 or more; got ${days}`,
    );
  }
  return days;
}

function readMaxKpiMonths(config: Config): number {
  const months =
    config.getOptionalNumber('controlRoom.api.maxKpiMonths') ??
    DEFAULT_MAX_KPI_MONTHS;
  if (!Number.isInteger(months) || months < 1 || months > 1200) {
    throw new InputError(
      `controlRoom.api.maxKpiMonths must be a whole number from 1 to 1200; got ${months}`,
    );
  }
  return months;
}
