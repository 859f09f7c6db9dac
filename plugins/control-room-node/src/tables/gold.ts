import { TableDeclaration } from '../lakehouse/types';
import { column } from './column';

const computedAt = column(
  'computed_at',
  'timestamp',
  'When the model last rebuilt the row.',
  {
    defaultSql: 'current_timestamp()',
  },
);

/**
 * The budget lines converted and summed per project, category, vendor and
 * month: the one pass over the lines every budget figure starts from. An
 * edit recomputes only its projects' rows here, and the portfolio totals
 * are then summed from this table instead of from every line.
 */
export const ppmBudgetLineTotals: TableDeclaration = {
  schema: 'gold',
  name: 'ppm_budget_line_totals',
  description:
    'Budget lines converted to the reporting currency and summed per project, category, vendor and month.',
  columns: [
    column('project_id', 'string', 'Project the lines belong to.', {
      nullable: false,
    }),
    column('category', 'string', "Category, or 'unassigned'.", {
      nullable: false,
    }),
    column('vendor', 'string', "Vendor, or 'unassigned'.", {
      nullable: false,
    }),
    column('period', 'date', 'First day of the month.', { nullable: false }),
    column('lines', 'bigint', 'Live lines of the group.'),
    column(
      'converted_lines',
      'bigint',
      'Lines whose currency has a rate; the others are not summed.',
    ),
    column('budget', 'decimal(18,2)', 'Sum of the converted budgets.'),
    column('committed', 'decimal(18,2)', 'Sum of the converted commitments.'),
    column('actual', 'decimal(18,2)', 'Sum of the converted actuals.'),
    computedAt,
  ],
  primaryKey: ['project_id', 'category', 'vendor', 'period'],
  enforceKey: false,
  partitionBy: ['period'],
};

export const ppmBudgetVsActual: TableDeclaration = {
  schema: 'gold',
  name: 'ppm_budget_vs_actual',
  description:
    'Budget, committed, actual and variance per dimension and month, in the reporting currency.',
  columns: [
    column(
      'metric_id',
      'string',
      'Deterministic key of metric, dimension, value and period.',
      { nullable: false },
    ),
    column(
      'metric_name',
      'string',
      'budget, committed, actual, variance, variance_pct, unconverted_lines, cloud_actual (Azure spend claimed by the member) or cloud_unallocated (spend no project claims, program member unallocated).',
      { nullable: false },
    ),
    column('dimension', 'string', 'program, project, category or vendor.', {
      nullable: false,
    }),
    column('dimension_value', 'string', 'Id or name of the dimension member.', {
      nullable: false,
    }),
    column('period', 'date', 'First day of the month.', { nullable: false }),
    column('value', 'decimal(18,2)', 'The figure.'),
    column('unit', 'string', 'Reporting currency, or % for variance_pct.', {
      defaultSql: "'USD'",
    }),
    computedAt,
  ],
  primaryKey: ['metric_id'],
  enforceKey: false,
  partitionBy: ['period'],
};

/**
 * Each project's totals over every month: what the project list sorts and
 * pages on, read by key rather than summed from the monthly rows per read.
 */
export const ppmProjectTotals: TableDeclaration = {
  schema: 'gold',
  name: 'ppm_project_totals',
  description:
    'Budget, actual and cloud spend per project over every month, in the reporting currency.',
  columns: [
    column('project_id', 'string', 'Project.', { nullable: false }),
    column(
      'budget',
      'decimal(18,2)',
      'Sum of the monthly budget; null without a converted line.',
    ),
    column(
      'actual',
      'decimal(18,2)',
      'Sum of the monthly actual; null without a converted line.',
    ),
    column(
      'cloud_actual',
      'decimal(18,2)',
      'Azure spend the project claims; null without any.',
    ),
    column('cloud_actual_unit', 'string', 'Currency of cloud_actual.'),
    column(
      'cloud_actual_to_date',
      'decimal(18,2)',
      'Azure spend the project claims up to the current month, in the currency of cloud_actual; null without any.',
    ),
    column(
      'unit',
      'string',
      'Currency of budget and actual (the reporting currency).',
    ),
    computedAt,
  ],
  primaryKey: ['project_id'],
  enforceKey: false,
};

export const ppmForecast: TableDeclaration = {
  schema: 'gold',
  name: 'ppm_forecast',
  description:
    'Per project and month to its end date: run-rate and earned-value figures.',
  columns: [
    column('project_id', 'string', 'Project.', { nullable: false }),
    column('period', 'date', 'First day of the month.', { nullable: false }),
    column('budget_at_completion', 'decimal(18,2)', 'BAC: the project budget.'),
    column(
      'planned_value',
      'decimal(18,2)',
      'PV: budget scheduled up to the period.',
    ),
    column(
      'earned_value',
      'decimal(18,2)',
      'EV: budget of the work done up to the period.',
    ),
    column('actual_cost', 'decimal(18,2)', 'AC: actual cost up to the period.'),
    column('cost_variance', 'decimal(18,2)', 'CV = EV - AC.'),
    column('schedule_variance', 'decimal(18,2)', 'SV = EV - PV.'),
    column('cpi', 'double', 'Cost performance index EV / AC.'),
    column('spi', 'double', 'Schedule performance index EV / PV.'),
    column(
      'eac',
      'decimal(18,2)',
      'Headline estimate at completion (method in docs).',
    ),
    column('eac_cpi', 'decimal(18,2)', 'EAC = BAC / CPI.'),
    column('eac_ac_plus_remaining', 'decimal(18,2)', 'EAC = AC + (BAC - EV).'),
    column(
      'eac_cpi_spi',
      'decimal(18,2)',
      'EAC = AC + (BAC - EV) / (CPI x SPI).',
    ),
    column('etc', 'decimal(18,2)', 'Estimate to complete = EAC - AC.'),
    column('vac', 'decimal(18,2)', 'Variance at completion = BAC - EAC.'),
    column(
      'tcpi',
      'double',
      'To-complete performance index (BAC - EV) / (BAC - AC).',
    ),
    column('run_rate', 'decimal(18,2)', 'Average monthly actual cost so far.'),
    column(
      'budget_exhausted_on',
      'date',
      'Projected date the budget runs out at the run rate.',
    ),
    column('unit', 'string', 'Reporting currency.', { defaultSql: "'USD'" }),
    computedAt,
  ],
  primaryKey: ['project_id', 'period'],
  enforceKey: false,
  partitionBy: ['period'],
};

export const ppmProjectHealth: TableDeclaration = {
  schema: 'gold',
  name: 'ppm_project_health',
  description: 'Red, amber or green per project, with the reasons.',
  columns: [
    column('project_id', 'string', 'Project.', { nullable: false }),
    column('program_id', 'string', 'Program of the project.'),
    column('health', 'string', 'red, amber or green.', { nullable: false }),
    column(
      'cost_variance_pct',
      'double',
      'Variance of actual against budget to date, in %.',
    ),
    column('cpi', 'double', 'Latest cost performance index.'),
    column('spi', 'double', 'Latest schedule performance index.'),
    column('overdue_actions', 'int', 'Open actions past their due date.'),
    column('open_high_risks', 'int', 'Open risks of high impact.'),
    column(
      'dq_issues',
      'int',
      'Failing data-quality checks that name the project.',
    ),
    column('reasons', 'json', 'JSON array of the reasons behind the colour.'),
    computedAt,
  ],
  primaryKey: ['project_id'],
  enforceKey: false,
};

export const azureAdvisorRecs: TableDeclaration = {
  schema: 'gold',
  name: 'azure_advisor_recs',
  description:
    'Advisor recommendations with savings in the reporting currency, their project and program, and whether a Notion action exists.',
  columns: [
    column('recommendation_id', 'string', 'Advisor recommendation id.', {
      nullable: false,
    }),
    column('project_id', 'string', 'Linked project, or null.'),
    column('program_id', 'string', 'Program of the linked project, or null.'),
    column('category', 'string', 'Advisor category.'),
    column('impact', 'string', 'High, Medium or Low.'),
    column('problem', 'string', 'What Advisor found.'),
    column('solution', 'string', 'What Advisor proposes.'),
    column('resource_id', 'string', 'Impacted resource.'),
    column(
      'monthly_savings',
      'decimal(18,2)',
      'Monthly savings in the reporting currency.',
    ),
    column(
      'annual_savings',
      'decimal(18,2)',
      'Annual savings in the reporting currency.',
    ),
    column('unit', 'string', 'Reporting currency.', { defaultSql: "'USD'" }),
    column(
      'savings_currency',
      'string',
      'Currency Advisor reported; savings stay null when it has no configured rate.',
    ),
    column(
      'action_id',
      'string',
      'Notion action created for it (source advisor), or null.',
    ),
    column('has_action', 'boolean', 'True when a Notion action exists for it.'),
    computedAt,
  ],
  primaryKey: ['recommendation_id'],
  enforceKey: false,
};

export const controlRoomStatus: TableDeclaration = {
  schema: 'gold',
  name: 'control_room_status',
  description: 'One row per pipeline job: its last run and next scheduled run.',
  columns: [
    column('job_id', 'string', 'Job id.', { nullable: false }),
    column('job_name', 'string', 'Display name.', { nullable: false }),
    column('last_run_id', 'string', 'Latest run.'),
    column('last_run_status', 'string', 'SUCCESS, FAILED, RUNNING or PENDING.'),
    column('last_run_time', 'timestamp', 'Start of the latest run.'),
    column('last_run_duration_seconds', 'int', 'Duration of the latest run.'),
    column('next_run_time', 'timestamp', 'Next scheduled start.'),
    column('error_message', 'string', 'Error of the latest run, if it failed.'),
    column('updated_at', 'timestamp', 'When the row was refreshed.', {
      defaultSql: 'current_timestamp()',
    }),
  ],
  primaryKey: ['job_id'],
  enforceKey: false,
};

export const dataQualityMetrics: TableDeclaration = {
  schema: 'gold',
  name: 'data_quality_metrics',
  description: 'The latest result of every declared data-quality check.',
  columns: [
    column('check_id', 'string', 'Table and check name.', { nullable: false }),
    column('table_name', 'string', 'Checked table.', { nullable: false }),
    column(
      'check_kind',
      'string',
      'not_null, unique, relationship, accepted_values, range or freshness.',
    ),
    column('severity', 'string', 'error or warn.'),
    column('status', 'string', 'pass or fail.'),
    column('failing_rows', 'bigint', 'Rows that break the check.'),
    column('sample_keys', 'json', 'JSON array of up to ten failing keys.'),
    column('measured_at', 'timestamp', 'When the check ran.'),
  ],
  primaryKey: ['check_id'],
};

export const goldTables = [
  ppmBudgetLineTotals,
  ppmBudgetVsActual,
  ppmProjectTotals,
  ppmForecast,
  ppmProjectHealth,
  azureAdvisorRecs,
  controlRoomStatus,
  dataQualityMetrics,
];
