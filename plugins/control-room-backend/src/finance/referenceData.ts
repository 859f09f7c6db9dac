import {
  fxRates,
  healthThresholds,
  jobSchedules,
  Lakehouse,
  LogicalType,
  qualifiedTableName,
  SqlParams,
  SqlRow,
  TableDeclaration,
} from '@finance-ppm/plugin-control-room-node';
import { FinanceSettings } from './financeSettings';

/** Spark SQL types (DuckDB reads them too) of the reference tables' columns. */
const SQL_TYPES: Partial<Record<LogicalType, string>> = {
  string: 'STRING',
  int: 'INT',
  double: 'DOUBLE',
  timestamp: 'TIMESTAMP',
};

/**
 * Replaces every row of a reference table in one `INSERT OVERWRITE`, an
 * atomic commit on both engines. A gold run reading the table meanwhile
 * (the next bundle job started by the same run-now, or a schedule) sees
 * the old rows or the new ones, never an empty table.
 */
export async function replaceReferenceRows(
  lakehouse: Lakehouse,
  table: TableDeclaration,
  rows: readonly SqlRow[],
): Promise<void> {
  const params: SqlParams = {};
  const selects = (rows.length ? rows : [undefined]).map(
    (row, r) =>
      `SELECT ${table.columns
        .map((column, c) => {
          const type = SQL_TYPES[column.type];
          if (!type) {
            throw new Error(
              `${qualifiedTableName(table)}.${
                column.name
              }: no reference-table type for ${column.type}`,
            );
          }
          if (!row) return `CAST(NULL AS ${type})`;
          const name = `v${r}_${c}`;
          params[name] = row[column.name] ?? null;
          return `CAST(:${name} AS ${type})`;
        })
        .join(', ')}${row ? '' : ' WHERE 1 = 0'}`,
  );
  await lakehouse.execute(
    `INSERT OVERWRITE ${qualifiedTableName(table)} (${table.columns
      .map(column => column.name)
      .join(', ')})\n${selects.join('\nUNION ALL\n')}`,
    params,
  );
}

/** Rows of bronze.fx_rates; the reporting currency always converts at 1. */
export function fxRateRows(settings: FinanceSettings, now: Date): SqlRow[] {
  const rates = { ...settings.fxRates, [settings.reportingCurrency]: 1 };
  return Object.entries(rates)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, rate]) => ({
      currency,
      rate_to_reporting: rate,
      reporting_currency: settings.reportingCurrency,
      updated_at: now.toISOString(),
    }));
}

/**
 * Replaces bronze.fx_rates with the configured rates, so a rate removed
 * from config stops converting. Run before each gold build.
 */
export async function writeFxRates(
  lakehouse: Lakehouse,
  settings: FinanceSettings,
  now: Date = new Date(),
): Promise<number> {
  const rows = fxRateRows(settings, now);
  await replaceReferenceRows(lakehouse, fxRates, rows);
  return rows.length;
}

/** Writes the health thresholds row. Run before each gold build. */
export async function writeHealthThresholds(
  lakehouse: Lakehouse,
  settings: FinanceSettings,
  now: Date = new Date(),
): Promise<void> {
  const h = settings.health;
  await lakehouse.upsert(healthThresholds, [
    {
      thresholds_id: 'default',
      cost_variance_pct_amber: h.costVariancePctAmber,
      cost_variance_pct_red: h.costVariancePctRed,
      cpi_amber: h.cpiAmber,
      cpi_red: h.cpiRed,
      spi_amber: h.spiAmber,
      spi_red: h.spiRed,
      overdue_actions_red: h.overdueActionsRed,
      open_high_risks_red: h.openHighRisksRed,
      dq_issues_amber: h.dqIssuesAmber,
      cloud_over_actual_pct_amber: h.cloudOverActualPctAmber ?? null,
      updated_at: now.toISOString(),
    },
  ]);
}

/** A job and its next start, as the scheduler's cron gives it. */
export interface JobSchedule {
  jobId: string;
  jobName: string;
  cron: string;
  nextRunTime: Date | null;
}

/**
 * Replaces bronze.job_schedules, which gold.control_room_status joins for
 * next_run_time. Run before each status refresh.
 */
export async function writeJobSchedules(
  lakehouse: Lakehouse,
  schedules: readonly JobSchedule[],
  now: Date = new Date(),
): Promise<void> {
  await replaceReferenceRows(
    lakehouse,
    jobSchedules,
    schedules.map(s => ({
      job_id: s.jobId,
      job_name: s.jobName,
      cron: s.cron,
      next_run_time: s.nextRunTime?.toISOString() ?? null,
      updated_at: now.toISOString(),
    })),
  );
}
