import {
  dataQualityIssues,
  DataQualityCheck,
  dataQualityMetrics,
  Lakehouse,
  lakehouseTables,
  qualifiedTableName,
  SqlParams,
  SqlRow,
  TableDeclaration,
} from '@finance-ppm/plugin-control-room-node';
import {
  canShareScan,
  CheckQuery,
  CheckScope,
  renderCheckQuery,
  renderSharedCheckQuery,
  renderCountQueryOfTables,
  renderTableCountQuery,
} from './checkSql';

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
  /**
   * Checks to evaluate on the rows that changed only, by check id. Their
   * result is the full run's: the other rows' results carry over from the
   * previous run, which is only possible while it kept every failing row;
   * otherwise the check runs in full.
   */
  scopes?: ReadonlyMap<string, ScopedCheck>;
  /**
   * The failing rows of each check's previous run, by check id, when the
   * caller has read them (`readPreviousFailing`); scoped runs need them.
   */
  previous?: ReadonlyMap<string, number>;
}

/** A check limited to the changed rows of its table. */
export interface ScopedCheck extends CheckScope {
  /**
   * The stored issues of rows outside the scope (a predicate over
   * gold.data_quality_issues), carried over. Without it the check is scoped
   * only after a run that found nothing.
   */
  keptIssues?: { where: string; params: SqlParams };
}

/** A row a check found failing, by its key, and the project it belongs to. */
interface FailingRow {
  key: string;
  project: string | null;
}

/** Stored issues of several scoped checks, read with one predicate. */
interface KeptIssuesRead {
  where: string;
  params: SqlParams;
  checkIds: string[];
}

/**
 * Which scoped checks can carry over their previous run, by what that
 * needs: nothing (it found no row) or a read of their kept issues, one per
 * predicate the checks share. The others must run in full.
 */
function planCarryOver(
  scoped: ReadonlyArray<{ check: DataQualityCheck; scope: ScopedCheck }>,
  previous: ReadonlyMap<string, number>,
  issueLimit: number,
): { keptNothing: string[]; reads: KeptIssuesRead[] } {
  const keptNothing: string[] = [];
  const reads = new Map<string, KeptIssuesRead>();
  for (const { check, scope } of scoped) {
    const failing = previous.get(check.id);
    // Past the limit the previous run did not keep every failing row.
    if (failing === undefined || failing > issueLimit) continue;
    if (!scope.keptIssues) {
      if (failing === 0) keptNothing.push(check.id);
      continue;
    }
    const { where, params } = scope.keptIssues;
    const group = `${where}\u0000${JSON.stringify(params)}`;
    const read = reads.get(group) ?? { where, params, checkIds: [] };
    read.checkIds.push(check.id);
    reads.set(group, read);
  }
  return { keptNothing, reads: [...reads.values()] };
}

/**
 * The failing rows each scoped check carries over from its previous run,
 * by check id; a check missing from the map must run in full.
 */
async function readCarriedOver(
  lakehouse: Pick<Lakehouse, 'query'>,
  scoped: ReadonlyArray<{ check: DataQualityCheck; scope: ScopedCheck }>,
  previous: ReadonlyMap<string, number>,
  issueLimit: number,
): Promise<Map<string, FailingRow[]>> {
  const { keptNothing, reads } = planCarryOver(scoped, previous, issueLimit);
  const carried = new Map<string, FailingRow[]>(
    keptNothing.map(id => [id, []]),
  );
  for (const { where, params, checkIds } of reads) {
    const names = checkIds.map((_, i) => `kept_check_${i}`);
    const rows = await lakehouse.query<{
      check_id: string;
      row_key: string;
      project_id: string | null;
    }>(
      `SELECT check_id, row_key, project_id FROM ${qualifiedTableName(
        dataQualityIssues,
      )}
       WHERE check_id IN (${names.map(name => `:${name}`).join(', ')})
         AND (${where})`,
      {
        ...params,
        ...Object.fromEntries(names.map((name, i) => [name, checkIds[i]])),
      },
    );
    for (const id of checkIds) {
      carried.set(
        id,
        rows
          .filter(row => row.check_id === id)
          .map(row => ({ key: row.row_key, project: row.project_id })),
      );
    }
  }
  return carried;
}

function rowKey(row: SqlRow, keyColumns: string[]): string {
  return keyColumns.map(c => String(row[c] ?? '')).join('|');
}

interface Found {
  failingRows: number;
  failing: FailingRow[];
}

async function runOne(
  lakehouse: Pick<Lakehouse, 'query'>,
  query: CheckQuery,
): Promise<Found> {
  const found = await lakehouse.query(query.sql, query.params);
  return {
    failingRows: found.length > 0 ? Number(found[0].failing_rows) : 0,
    failing: found.map(row => ({
      key: rowKey(row, query.keyColumns),
      project: query.projectColumn
        ? (row[query.projectColumn] as string | null) ?? null
        : null,
    })),
  };
}

function byTable(
  checks: readonly DataQualityCheck[],
): Map<string, DataQualityCheck[]> {
  const groups = new Map<string, DataQualityCheck[]>();
  for (const check of checks) {
    const name = qualifiedTableName(check.table);
    groups.set(name, [...(groups.get(name) ?? []), check]);
  }
  return groups;
}

/**
 * Runs the unscoped row-wise checks that share a table in one scan per
 * table, answering per check what its own query would have found.
 */
async function runSharedScans(
  lakehouse: Pick<Lakehouse, 'query'>,
  checks: readonly DataQualityCheck[],
  tables: readonly TableDeclaration[],
  issueLimit: number,
): Promise<Map<string, Found>> {
  const found = new Map<string, Found>();
  for (const group of byTable(checks.filter(canShareScan)).values()) {
    if (group.length < 2) continue;
    const query = renderSharedCheckQuery(group, tables, issueLimit);
    const rows = await lakehouse.query(query.sql, query.params);
    group.forEach((check, i) => {
      const flag = query.flags[i];
      const failing = rows
        .filter(row => row[flag.failed] === true)
        .sort((a, b) => Number(a[flag.rank]) - Number(b[flag.rank]))
        .map(row => ({
          key: rowKey(row, query.keyColumns),
          project: query.projectColumn
            ? (row[query.projectColumn] as string | null) ?? null
            : null,
        }));
      found.set(check.id, {
        failingRows: rows.length > 0 ? Number(rows[0][flag.failingRows]) : 0,
        failing,
      });
    });
  }
  return found;
}

interface CountedCheck {
  check: DataQualityCheck;
  /** The check's own query over the rows it is limited to. */
  query: CheckQuery;
  /** The rows it is limited to, when it is scoped. */
  scope?: CheckScope;
}

/**
 * Runs checks, whole or scoped: one statement counts every check's
 * failing rows (a scoped check's in its scope only), then only the
 * failing checks read their failing rows' keys (unscoped row-wise ones of
 * one table again in one scan). A freshness check's key, its newest value,
 * comes with its count.
 */
async function runCounted(
  lakehouse: Pick<Lakehouse, 'query'>,
  checks: readonly CountedCheck[],
  tables: readonly TableDeclaration[],
  issueLimit: number,
  now: Date,
): Promise<Map<string, Found>> {
  const found = new Map<string, Found>();
  const failing: CountedCheck[] = [];
  const entries = new Map(checks.map(entry => [entry.check, entry]));
  const groups = [...byTable(checks.map(({ check }) => check)).values()];
  // Every table's counts in one statement, each table's names prefixed.
  const queries = groups.map((group, t) =>
    renderTableCountQuery(
      group,
      tables,
      now,
      group.map(check => entries.get(check)!.scope),
      `t${t}_`,
    ),
  );
  const counted = renderCountQueryOfTables(queries);
  const [row] =
    queries.length > 0
      ? await lakehouse.query(counted.sql, counted.params)
      : [];
  groups.forEach((group, t) => {
    const query = queries[t];
    group.forEach((check, i) => {
      const failingRows = Number(row?.[query.counts[i]] ?? 0);
      const newest = query.newest[i];
      if (failingRows === 0) {
        found.set(check.id, { failingRows, failing: [] });
      } else if (newest) {
        found.set(check.id, {
          failingRows,
          failing: [{ key: rowKey(row, [newest]), project: null }],
        });
      } else {
        failing.push(entries.get(check)!);
      }
    });
  });
  const shared = await runSharedScans(
    lakehouse,
    failing.filter(({ scope }) => !scope).map(({ check }) => check),
    tables,
    issueLimit,
  );
  for (const { check, query } of failing) {
    found.set(
      check.id,
      shared.get(check.id) ?? (await runOne(lakehouse, query)),
    );
  }
  return found;
}

/** What a failing row means, for people reading the issue list. */
function issueMessage(check: DataQualityCheck): string {
  return check.description;
}

/** What one run of checks found, and the rows that record it. */
export interface EvaluatedChecks {
  checks: readonly DataQualityCheck[];
  results: DataQualityResult[];
  /** One row per check for gold.data_quality_metrics. */
  metricRows: SqlRow[];
  /** The failing rows for gold.data_quality_issues. */
  issueRows: SqlRow[];
}

/** The failing rows of every check's latest recorded run, by check id. */
export async function readPreviousFailing(
  lakehouse: Pick<Lakehouse, 'query'>,
): Promise<Map<string, number>> {
  const rows = await lakehouse.query<{
    check_id: string;
    failing_rows: bigint | number;
  }>(
    `SELECT check_id, failing_rows FROM ${qualifiedTableName(
      dataQualityMetrics,
    )}`,
  );
  return new Map(rows.map(row => [row.check_id, Number(row.failing_rows)]));
}

/**
 * Runs the checks (reads only) and returns their results with the rows
 * that record them, so the caller chooses where and when they are written
 * (`recordIssues`, `recordMetrics`).
 */
export async function evaluateDataQualityChecks(
  lakehouse: Pick<Lakehouse, 'query'>,
  checks: readonly DataQualityCheck[],
  now: Date,
  options: DataQualityRunOptions = {},
): Promise<EvaluatedChecks> {
  const tables = options.tables ?? lakehouseTables;
  const issueLimit = options.issueLimit ?? DEFAULT_ISSUE_LIMIT;
  const ids = new Set<string>();
  for (const check of checks) {
    if (ids.has(check.id)) {
      throw new Error(`Two data-quality checks share the id ${check.id}`);
    }
    ids.add(check.id);
  }
  const scopes = options.scopes ?? new Map<string, ScopedCheck>();
  // Render every query first, so a bad declaration or scope fails before
  // anything is read or written.
  for (const check of checks) {
    renderCheckQuery(check, tables, issueLimit, now, scopes.get(check.id));
  }
  const previous =
    scopes.size === 0
      ? new Map<string, number>()
      : options.previous ?? (await readPreviousFailing(lakehouse));
  const carried = await readCarriedOver(
    lakehouse,
    checks.flatMap(check => {
      const scope = scopes.get(check.id);
      return scope ? [{ check, scope }] : [];
    }),
    previous,
    issueLimit,
  );
  // A scoped check without what its previous run found runs in full.
  const counted = checks.map(check => {
    const scope = carried.has(check.id) ? scopes.get(check.id) : undefined;
    return {
      check,
      scope,
      query: renderCheckQuery(check, tables, issueLimit, now, scope),
    };
  });
  const found = await runCounted(lakehouse, counted, tables, issueLimit, now);

  const results: DataQualityResult[] = [];
  const metricRows: SqlRow[] = [];
  const issueRows: SqlRow[] = [];
  const measuredAt = now.toISOString();
  for (const check of checks) {
    let { failingRows, failing } = found.get(check.id)!;
    const kept = carried.get(check.id);
    if (kept && kept.length > 0) {
      // Single-column keys: their text sorts as the full run's ORDER BY.
      failingRows += kept.length;
      failing = [...failing, ...kept]
        .sort((a, b) => (a.key < b.key ? -1 : Number(a.key > b.key)))
        .slice(0, issueLimit);
    }
    const keys = failing.map(row => row.key);
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
    failing.forEach(row => {
      issueRows.push({
        issue_id: `${check.id}|${row.key}`,
        check_id: check.id,
        table_name: qualifiedTableName(check.table),
        check_kind: check.kind,
        severity: check.severity,
        row_key: row.key,
        project_id: row.project,
        message: issueMessage(check),
        detected_at: measuredAt,
      });
    });
  }
  return { checks, results, metricRows, issueRows };
}

/**
 * Replaces the issues of the evaluated checks in gold.data_quality_issues
 * with the failing rows they found; other checks' issues stay.
 */
export async function recordIssues(
  target: Pick<Lakehouse, 'execute' | 'upsert'>,
  evaluated: EvaluatedChecks,
): Promise<void> {
  const { checks, issueRows } = evaluated;
  if (checks.length > 0) {
    const names = checks.map((_, i) => `check_${i}`);
    await target.execute(
      `DELETE FROM ${qualifiedTableName(
        dataQualityIssues,
      )} WHERE check_id IN (${names.map(name => `:${name}`).join(', ')})`,
      Object.fromEntries(checks.map((check, i) => [names[i], check.id])),
    );
  }
  if (issueRows.length > 0) {
    await target.upsert(dataQualityIssues, issueRows);
  }
}

/** Writes one gold.data_quality_metrics row per check of the runs. */
export async function recordMetrics(
  target: Pick<Lakehouse, 'upsert'>,
  runs: readonly EvaluatedChecks[],
): Promise<void> {
  const metricRows = runs.flatMap(run => run.metricRows);
  if (metricRows.length > 0) {
    await target.upsert(dataQualityMetrics, metricRows);
  }
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
  const evaluated = await evaluateDataQualityChecks(
    lakehouse,
    checks,
    now,
    options,
  );
  await recordIssues(lakehouse, evaluated);
  await recordMetrics(lakehouse, [evaluated]);
  return evaluated.results;
}
