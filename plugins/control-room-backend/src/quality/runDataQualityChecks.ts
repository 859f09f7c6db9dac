import {
  dataQualityIssues,
  DataQualityCheck,
  dataQualityMetrics,
  Lakehouse,
  lakehouseTables,
  qualifiedTableName,
  SqlRow,
  TableDeclaration,
} from '@finance-ppm/plugin-control-room-node';
import { renderCheckQuery } from './checkSql';

/** Failing keys kept in the metrics row. */
const SAMPLE_KEYS = 10;

/** Issue rows kept per check; the metrics row still has the full count. */
const DEFAULT_ISSUE_LIMIT = 1000;

/** The outcome of one check. */
export interface DataQualityResult {
  checkId: string;
  status: 'pass' | 'fail';
  failingRows: number;
  sampleKeys: string[];
}

export interface DataQualityRunOptions {
  /** Tables checks may name; default: every declared table. */
  tables?: readonly TableDeclaration[];
  /** Issue rows kept per check (default 1000). */
  issueLimit?: number;
}

function rowKey(row: SqlRow, keyColumns: string[]): string {
  return keyColumns.map(c => String(row[c] ?? '')).join('|');
}

/** What a failing row means, for people reading the issue list. */
function issueMessage(check: DataQualityCheck): string {
  return check.description;
}

/**
 * Runs the checks and records their latest result: one row per check in
 * gold.data_quality_metrics, and the failing rows of these checks (replacing
 * their previous ones) in gold.data_quality_issues. Other checks' rows are
 * left alone, so silver and gold checks can run at different times.
 */
export async function runDataQualityChecks(
  lakehouse: Lakehouse,
  checks: readonly DataQualityCheck[],
  now: Date,
  options: DataQualityRunOptions = {},
): Promise<DataQualityResult[]> {
  const tables = options.tables ?? lakehouseTables;
  const issueLimit = options.issueLimit ?? DEFAULT_ISSUE_LIMIT;
  const ids = new Set<string>();
  for (const check of checks) {
    if (ids.has(check.id)) {
      throw new Error(`Two data-quality checks share the id ${check.id}`);
    }
    ids.add(check.id);
  }
  // Render every query first, so a bad declaration fails before any write.
  const queries = checks.map(check => ({
    check,
    query: renderCheckQuery(check, tables, issueLimit, now),
  }));

  const results: DataQualityResult[] = [];
  const metricRows: SqlRow[] = [];
  const issueRows: SqlRow[] = [];
  const measuredAt = now.toISOString();
  for (const { check, query } of queries) {
    const rows = await lakehouse.query(query.sql, query.params);
    const failingRows = rows.length > 0 ? Number(rows[0].failing_rows) : 0;
    const keys = rows.map(row => rowKey(row, query.keyColumns));
    results.push({
      checkId: check.id,
      status: failingRows > 0 ? 'fail' : 'pass',
      failingRows,
      sampleKeys: keys.slice(0, SAMPLE_KEYS),
    });
    metricRows.push({
      check_id: check.id,
      table_name: qualifiedTableName(check.table),
      check_kind: check.kind,
      severity: check.severity,
      status: failingRows > 0 ? 'fail' : 'pass',
      failing_rows: BigInt(failingRows),
      sample_keys: JSON.stringify(keys.slice(0, SAMPLE_KEYS)),
      measured_at: measuredAt,
    });
    rows.forEach((row, index) => {
      issueRows.push({
        issue_id: `${check.id}|${keys[index]}`,
        check_id: check.id,
        table_name: qualifiedTableName(check.table),
        check_kind: check.kind,
        severity: check.severity,
        row_key: keys[index],
        project_id: query.projectColumn
          ? (row[query.projectColumn] as string | null) ?? null
          : null,
        message: issueMessage(check),
        detected_at: measuredAt,
      });
    });
  }

  for (const check of checks) {
    await lakehouse.execute(
      `DELETE FROM ${qualifiedTableName(
        dataQualityIssues,
      )} WHERE check_id = :check_id`,
      { check_id: check.id },
    );
  }
  if (metricRows.length > 0) {
    await lakehouse.upsert(dataQualityMetrics, metricRows);
  }
  if (issueRows.length > 0) {
    await lakehouse.upsert(dataQualityIssues, issueRows);
  }
  return results;
}
