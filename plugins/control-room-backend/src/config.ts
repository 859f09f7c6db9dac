import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { DEFAULT_JOB_RUN_RETENTION_DAYS } from './pipeline/jobRuns';
import { Orchestrator } from './pipeline/schedulePipeline';
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
  };
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
