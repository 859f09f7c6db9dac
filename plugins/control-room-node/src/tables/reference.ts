import { TableDeclaration } from '../lakehouse/types';
import { column } from './column';

/*
 * Reference tables: settings the backend writes before a gold run, because
 * SQL models cannot read app-config. They live in bronze since they are
 * inputs, like the vendor data.
 */

export const fxRates: TableDeclaration = {
  schema: 'bronze',
  name: 'fx_rates',
  description:
    'Configured exchange rates into the reporting currency, written by the backend before each gold run. A currency without a row is never converted.',
  columns: [
    column('currency', 'string', 'ISO 4217 currency the rate converts from.', {
      nullable: false,
    }),
    column(
      'rate_to_reporting',
      'double',
      'Units of the reporting currency for one unit of this currency; models read it as DECIMAL(18,6), so rates carry at most six decimals.',
      { nullable: false },
    ),
    column(
      'reporting_currency',
      'string',
      'ISO 4217 currency gold figures are reported in.',
      { nullable: false },
    ),
    column('updated_at', 'timestamp', 'When the backend wrote the rate.'),
  ],
  primaryKey: ['currency'],
};

export const healthThresholds: TableDeclaration = {
  schema: 'bronze',
  name: 'health_thresholds',
  description:
    'The configured red/amber thresholds of gold.ppm_project_health, one row, written by the backend before each gold run.',
  columns: [
    column('thresholds_id', 'string', "Always 'default'.", {
      nullable: false,
    }),
    column(
      'cost_variance_pct_amber',
      'double',
      'Amber when actual cost to date is more than this % over budget.',
    ),
    column(
      'cost_variance_pct_red',
      'double',
      'Red when actual cost to date is more than this % over budget.',
    ),
    column('cpi_amber', 'double', 'Amber when CPI is below this.'),
    column('cpi_red', 'double', 'Red when CPI is below this.'),
    column('spi_amber', 'double', 'Amber when SPI is below this.'),
    column('spi_red', 'double', 'Red when SPI is below this.'),
    column(
      'overdue_actions_red',
      'int',
      'Red when at least this many open actions are overdue.',
    ),
    column(
      'open_high_risks_red',
      'int',
      'Red when at least this many high-impact risks are open.',
    ),
    column(
      'dq_issues_amber',
      'int',
      'Amber when at least this many data-quality issues name the project.',
    ),
    column(
      'cloud_over_actual_pct_amber',
      'double',
      'Amber when Azure spend to date exceeds the Notion actual to date by more than this %; null switches the rule off.',
    ),
    column('updated_at', 'timestamp', 'When the backend wrote the row.'),
  ],
  primaryKey: ['thresholds_id'],
};

export const jobSchedules: TableDeclaration = {
  schema: 'bronze',
  name: 'job_schedules',
  description:
    'Each pipeline job with its cron schedule and next start, written by the backend before the status refresh.',
  columns: [
    column('job_id', 'string', 'Job id.', { nullable: false }),
    column('job_name', 'string', 'Display name.'),
    column('cron', 'string', '5-field cron schedule, UTC.'),
    column('next_run_time', 'timestamp', 'Next scheduled start, UTC.'),
    column('updated_at', 'timestamp', 'When the backend wrote the row.'),
  ],
  primaryKey: ['job_id'],
};

/**
 * Projects whose silver rows changed and whose gold rows wait for the
 * incremental gold run. In the lakehouse, not in memory, so whichever
 * replica runs the task sees the requests any replica made.
 */
export const goldRefreshRequests: TableDeclaration = {
  schema: 'bronze',
  name: 'gold_refresh_requests',
  description:
    'Projects a silver change touched, waiting for the incremental gold run; written by the Notion silver transform, emptied by that run.',
  columns: [
    column('project_id', 'string', 'Project whose gold rows are stale.', {
      nullable: false,
    }),
    column('requested_at', 'timestamp', 'When the change was seen.', {
      nullable: false,
    }),
  ],
  primaryKey: ['project_id'],
};

export const referenceTables = [
  fxRates,
  healthThresholds,
  jobSchedules,
  goldRefreshRequests,
];
