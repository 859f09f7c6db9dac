import { InputError } from '@backstage/errors';
import {
  DataQualityCheck,
  qualifiedTableName,
  SqlParams,
  TableDeclaration,
} from '@finance-ppm/plugin-control-room-node';
import { selectInParts } from '../lakehouse/scopedModels';

/** A check rendered as one parameterised query returning its failing rows. */
export interface CheckQuery {
  sql: string;
  params: SqlParams;
  /** Columns of the result that make up the row key, in order. */
  keyColumns: string[];
  /** Result column holding the project id, when the table has one. */
  projectColumn?: string;
}

/**
 * Rows of the checked table a check is limited to: a predicate over its
 * columns, with its parameters.
 */
export interface CheckScope {
  rows: string;
  params: SqlParams;
  /**
   * The same rows as `rows`, as disjoint conditions. An engine narrows a
   * scan by each on its own (zone maps of a clustered table), where
   * `project_id IN (...) OR project_id IS NULL` as one reads every row group.
   */
  rowsInParts?: readonly string[];
  /**
   * For unique checks: rows with one key are all in the scope or all out
   * of it, so duplicates never cross its edge.
   */
  keyDecidesScope?: boolean;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/** The rows of `table` a scope selects, as a subquery, part by part. */
function scopedRows(table: string, scope: CheckScope): string {
  return `(${selectInParts(table, scope.rowsInParts ?? [scope.rows])})`;
}

/** A column of `table`, or an InputError: only declared names reach SQL. */
function declaredColumn(
  check: DataQualityCheck,
  table: TableDeclaration,
  name: string,
): string {
  const found = table.columns.some(c => c.name === name);
  if (!found || !IDENTIFIER.test(name)) {
    throw new InputError(
      `Check ${check.id}: ${qualifiedTableName(
        table,
      )} declares no column '${name}'`,
    );
  }
  return name;
}

function declaredTable(
  check: DataQualityCheck,
  table: TableDeclaration,
  declared: readonly TableDeclaration[],
): string {
  const name = qualifiedTableName(table);
  const known = declared.some(t => qualifiedTableName(t) === name);
  if (
    !known ||
    !IDENTIFIER.test(table.schema) ||
    !IDENTIFIER.test(table.name)
  ) {
    throw new InputError(`Check ${check.id}: ${name} is not a declared table`);
  }
  return name;
}

/** Rows of a table count unless archived (Notion trash keeps them around). */
function liveRows(table: TableDeclaration, alias: string): string {
  return table.columns.some(c => c.name === 'is_archived')
    ? `NOT coalesce(${alias}.is_archived, false)`
    : 'true';
}

/** The condition a row breaks, and its parameters. */
function failureCondition(
  check: DataQualityCheck,
  declared: readonly TableDeclaration[],
  rowsOf: (table: string) => string,
  // Parameter names get it, so several checks fit in one query.
  paramPrefix: string = '',
): { where: string; params: SqlParams } {
  const col = (name: string) => `t.${declaredColumn(check, check.table, name)}`;
  switch (check.kind) {
    case 'not_null':
      return { where: `${col(check.column)} IS NULL`, params: {} };
    case 'unique': {
      if (check.columns.length === 0) {
        throw new InputError(`Check ${check.id}: unique needs columns`);
      }
      const columns = check.columns.map(col);
      const table = declaredTable(check, check.table, declared);
      const keys = check.columns.map(c =>
        declaredColumn(check, check.table, c),
      );
      const matches = keys.map(c => `d.${c} = t.${c}`).join(' AND ');
      // A row fails when another live row shares its key. The shared keys
      // are found in one grouping pass, not one lookup per row.
      return {
        where: `${columns.map(c => `${c} IS NOT NULL`).join(' AND ')}
          AND EXISTS (SELECT 1 FROM (
            SELECT ${keys.map(c => `u.${c}`).join(', ')} FROM ${rowsOf(
          table,
        )} AS u
            WHERE ${liveRows(check.table, 'u')}
            GROUP BY ${keys.map(c => `u.${c}`).join(', ')}
            HAVING count(*) > 1
          ) AS d WHERE ${matches})`,
        params: {},
      };
    }
    case 'relationship': {
      const parent = declaredTable(check, check.references, declared);
      const parentColumn = declaredColumn(
        check,
        check.references,
        check.referencedColumn,
      );
      if (check.fallback) {
        const { fallback } = check;
        const fallbackTable = declaredTable(check, fallback.table, declared);
        const through = col(fallback.through);
        const key = declaredColumn(check, fallback.table, fallback.key);
        const value = declaredColumn(check, fallback.table, fallback.column);
        // A null effective value matches nothing, so it fails as well.
        return {
          where: `NOT EXISTS (SELECT 1 FROM ${parent} AS r WHERE r.${parentColumn} = coalesce(${col(
            check.column,
          )}, (SELECT max(f.${value}) FROM ${fallbackTable} AS f WHERE f.${key} = ${through})))`,
          params: {},
        };
      }
      return {
        where: `${col(check.column)} IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM ${parent} AS r WHERE r.${parentColumn} = ${col(
          check.column,
        )})`,
        params: {},
      };
    }
    case 'no_rows':
      return { where: '1 = 1', params: {} };
    case 'accepted_values': {
      if (check.values.length === 0) {
        throw new InputError(`Check ${check.id}: accepted_values needs values`);
      }
      const names = check.values.map((_, i) => `${paramPrefix}accepted_${i}`);
      return {
        where: `${col(check.column)} IS NOT NULL AND ${col(
          check.column,
        )} NOT IN (${names.map(n => `:${n}`).join(', ')})`,
        params: Object.fromEntries(names.map((n, i) => [n, check.values[i]])),
      };
    }
    case 'range': {
      const bounds: string[] = [];
      const params: SqlParams = {};
      if (check.min !== undefined) {
        bounds.push(`${col(check.column)} < :${paramPrefix}range_min`);
        params[`${paramPrefix}range_min`] = check.min;
      }
      if (check.max !== undefined) {
        bounds.push(`${col(check.column)} > :${paramPrefix}range_max`);
        params[`${paramPrefix}range_max`] = check.max;
      }
      if (bounds.length === 0) {
        throw new InputError(`Check ${check.id}: range needs min or max`);
      }
      return { where: `(${bounds.join(' OR ')})`, params };
    }
    case 'column_order':
      return {
        where: `${col(check.column)} < ${col(check.notBefore)}`,
        params: {},
      };
    default:
      throw new InputError(
        `Check ${check.id}: kind ${check.kind} is not row-wise`,
      );
  }
}

/** The row key and project columns a check's failing rows are reported by. */
function reportedColumns(check: DataQualityCheck) {
  const keyColumns = check.table.primaryKey.map(k =>
    declaredColumn(check, check.table, k),
  );
  const hasProject =
    check.table.columns.some(c => c.name === 'project_id') &&
    !keyColumns.includes('project_id');
  return {
    keyColumns,
    selected: [...keyColumns, ...(hasProject ? ['project_id'] : [])],
    projectColumn:
      hasProject || keyColumns.includes('project_id')
        ? 'project_id'
        : undefined,
  };
}

/**
 * Kinds whose failure is a condition on the row's own columns, with no
 * subquery: several of them on one table can share one scan.
 */
const SHAREABLE_KINDS: ReadonlySet<DataQualityCheck['kind']> = new Set([
  'not_null',
  'accepted_values',
  'range',
  'column_order',
  'no_rows',
]);

export function canShareScan(check: DataQualityCheck): boolean {
  return SHAREABLE_KINDS.has(check.kind);
}

/** The declared table every one of `checks` is on, or an InputError. */
function tableOfAll(
  checks: readonly DataQualityCheck[],
  declared: readonly TableDeclaration[],
  otherwise: string,
): string {
  const [first] = checks;
  const table = declaredTable(first, first.table, declared);
  if (checks.some(c => qualifiedTableName(c.table) !== table)) {
    throw new InputError(
      `Checks ${checks.map(c => c.id).join(', ')} ${otherwise} ${table}`,
    );
  }
  return table;
}

/** One scan for several checks of one table. */
export interface SharedCheckQuery extends CheckQuery {
  /**
   * Per check, in the order given: the result columns saying whether a row
   * fails it, its rank in the key order and the check's failing count.
   */
  flags: Array<{ failed: string; rank: string; failingRows: string }>;
}

/**
 * SQL for several row-wise checks of the same table, read in one scan.
 * Each row says which checks it fails; each check keeps its first
 * `sampleLimit` failing rows in key order and its total count, as its own
 * query would give.
 */
export function renderSharedCheckQuery(
  checks: readonly DataQualityCheck[],
  declared: readonly TableDeclaration[],
  sampleLimit: number,
): SharedCheckQuery {
  const [first] = checks;
  const table = tableOfAll(checks, declared, 'cannot share one scan of');
  if (!checks.every(canShareScan)) {
    throw new InputError(
      `Checks ${checks
        .map(c => c.id)
        .join(', ')} cannot share one scan of ${table}`,
    );
  }
  const { keyColumns, selected, projectColumn } = reportedColumns(first);
  const params: SqlParams = { sample_limit: sampleLimit };
  const conditions = checks.map((check, i) => {
    const condition = failureCondition(check, declared, name => name, `c${i}_`);
    Object.assign(params, condition.params);
    return condition.where;
  });
  const flags = checks.map((_, i) => ({
    failed: `failed_${i}`,
    rank: `rank_${i}`,
    failingRows: `failing_rows_${i}`,
  }));
  const keys = keyColumns.join(', ');
  // A null condition fails no row, as in a WHERE clause.
  return {
    sql: `SELECT * FROM (
        SELECT ${selected.join(', ')}, ${flags
      .map(
        f => `${f.failed},
          sum(CASE WHEN ${f.failed} THEN 1 ELSE 0 END) OVER () AS ${f.failingRows},
          row_number() OVER (PARTITION BY ${f.failed} ORDER BY ${keys}) AS ${f.rank}`,
      )
      .join(',\n          ')}
        FROM (
          SELECT ${selected.map(c => `t.${c}`).join(', ')}, ${conditions
      .map(
        (where, i) =>
          `CASE WHEN ${where} THEN true ELSE false END AS ${flags[i].failed}`,
      )
      .join(', ')}
          FROM ${table} AS t
          WHERE ${liveRows(first.table, 't')}
            AND (${conditions.map(where => `(${where})`).join(' OR ')})
        ) AS flagged
      ) AS ranked
      WHERE ${flags
        .map(f => `(${f.failed} AND ${f.rank} <= :sample_limit)`)
        .join(' OR ')}`,
    params,
    keyColumns,
    projectColumn,
    flags,
  };
}

/** Adds `extra` to `params`: one name in one statement means one value. */
function addParams(params: SqlParams, extra: SqlParams, whose: string) {
  for (const [name, value] of Object.entries(extra)) {
    if (name in params && params[name] !== value) {
      throw new InputError(`${whose} bind the parameter ${name} to two values`);
    }
    params[name] = value;
  }
}

/** One statement counting the failing rows of several checks of one table. */
export interface TableCountQuery {
  sql: string;
  params: SqlParams;
  /** The statement's FROM: one-row tables, cross joined. */
  from: string;
  /** Per check, in the order given: the result column with its count. */
  counts: string[];
  /**
   * Per check: for freshness, the result column with the newest value (its
   * row key when stale); otherwise undefined.
   */
  newest: Array<string | undefined>;
}

/**
 * The one scoped unique check (on one column) of a table whose row-wise
 * checks are all scoped and look nothing up: its key is counted in the row
 * scan, grouped by the key, so the scope's rows are read once instead of
 * twice. Unscoped, grouping every row by its key would cost more than the
 * separate grouping pass.
 */
function uniqueKeyInRowScan(
  checks: readonly DataQualityCheck[],
  scopes: ReadonlyArray<CheckScope | undefined>,
): number | undefined {
  const indexes = checks.map((_, i) => i);
  const uniques = indexes.filter(i => checks[i].kind === 'unique');
  const rowWise = indexes.filter(
    i => checks[i].kind !== 'unique' && checks[i].kind !== 'freshness',
  );
  if (uniques.length !== 1 || rowWise.length === 0) return undefined;
  const [unique] = uniques;
  const check = checks[unique];
  const fits =
    check.kind === 'unique' &&
    check.columns.length === 1 &&
    scopes[unique] !== undefined &&
    rowWise.every(
      i => checks[i].kind !== 'relationship' && scopes[i] !== undefined,
    );
  return fits ? unique : undefined;
}

/**
 * SQL counting the failing rows of every check of one table in one
 * statement, so a table whose checks all pass is read once. Row-wise
 * conditions are summed in one scan that groups the rows by the columns
 * relationship checks look up, so each parent is joined once per distinct
 * value instead of once per row; unique keys are counted in one grouping
 * pass each and freshness from one max. The counts equal what each
 * check's own query finds; the failing rows' keys are read afterwards,
 * and only for checks that fail.
 */
export function renderTableCountQuery(
  checks: readonly DataQualityCheck[],
  declared: readonly TableDeclaration[],
  now: Date,
  /** Per check, in the order given: the rows it is limited to, if any. */
  scopes: ReadonlyArray<CheckScope | undefined> = [],
  /**
   * Starts the names of its result columns, aliases and check parameters,
   * so several tables' counts fit in one statement.
   */
  prefix: string = '',
): TableCountQuery {
  const [first] = checks;
  const table = tableOfAll(checks, declared, 'are not all on');
  const params: SqlParams = {};
  // Scopes name their own parameters.
  for (const scope of scopes) {
    addParams(params, scope?.params ?? {}, `Checks of ${table}`);
  }
  // Each distinct scope of the row scan counts its rows per group once.
  const scopeCounts = new Map<string, string>();
  const inScope = (i: number) => {
    const rows = scopes[i]?.rows;
    if (rows === undefined) return undefined;
    if (!scopeCounts.has(rows)) {
      scopeCounts.set(rows, `n_${scopeCounts.size}`);
    }
    return { rows, count: scopeCounts.get(rows)! };
  };
  const rowScanChecks: number[] = [];
  const grouped = new Set<string>();
  const rowSums: Array<{ name: string; rows?: string; where: string }> = [];
  const joins: string[] = [];
  const groupSums: string[] = [];
  const oneRowTables: string[] = [];
  const counts = checks.map((_, i) => `${prefix}failing_${i}`);
  const newest = checks.map(() => undefined as string | undefined);
  const total = (sum: string) => `CAST(coalesce(${sum}, 0) AS BIGINT)`;
  const keyInScan = uniqueKeyInRowScan(checks, scopes);
  checks.forEach((check, i) => {
    const column = (name: string) => declaredColumn(check, check.table, name);
    const scope = scopes[i];
    if (scope && check.kind === 'unique' && !scope.keyDecidesScope) {
      throw new InputError(
        `Check ${check.id}: a unique check is scoped only when the key decides the scope`,
      );
    }
    const live = scope
      ? `${liveRows(check.table, 'u')} AND (${scope.rows})`
      : liveRows(check.table, 'u');
    switch (check.kind) {
      case 'freshness': {
        const value = `max(u.${column(check.column)})`;
        const freshAfter = `${prefix}c${i}_fresh_after`;
        params[freshAfter] = new Date(
          now.getTime() - check.maxAgeHours * 3_600_000,
        );
        newest[i] = `${prefix}newest_${i}`;
        oneRowTables.push(`(SELECT CAST(CASE WHEN ${value} IS NULL OR ${value} < :${freshAfter} THEN 1 ELSE 0 END AS BIGINT) AS ${counts[i]},
            CAST(${value} AS STRING) AS ${newest[i]}
          FROM ${table} AS u WHERE ${live}) AS ${prefix}x${i}`);
        return;
      }
      case 'unique': {
        if (check.columns.length === 0) {
          throw new InputError(`Check ${check.id}: unique needs columns`);
        }
        if (i === keyInScan) {
          // Grouped by the key, each group holds one key's rows.
          const key = column(check.columns[0]);
          const rowsOfKey = inScope(i)!.count;
          grouped.add(key);
          rowScanChecks.push(i);
          groupSums.push(
            `${total(
              `sum(CASE WHEN g.${key} IS NOT NULL AND g.${rowsOfKey} > 1 THEN g.${rowsOfKey} ELSE 0 END)`,
            )} AS ${counts[i]}`,
          );
          return;
        }
        const keys = check.columns.map(c => `u.${column(c)}`);
        oneRowTables.push(`(SELECT ${total('sum(d.n)')} AS ${counts[i]} FROM (
            SELECT count(*) AS n FROM ${table} AS u
            WHERE ${live} AND ${keys.map(k => `${k} IS NOT NULL`).join(' AND ')}
            GROUP BY ${keys.join(', ')}
            HAVING count(*) > 1
          ) AS d) AS ${prefix}x${i}`);
        return;
      }
      case 'relationship': {
        const parent = declaredTable(check, check.references, declared);
        const parentColumn = declaredColumn(
          check,
          check.references,
          check.referencedColumn,
        );
        const value = column(check.column);
        grouped.add(value);
        rowScanChecks.push(i);
        const rowsOfGroup = inScope(i)?.count ?? 'n';
        const parentKeys = `(SELECT DISTINCT p.${parentColumn} AS k FROM ${parent} AS p) AS p${i}`;
        if (check.fallback) {
          const { fallback } = check;
          const fallbackTable = declaredTable(check, fallback.table, declared);
          const through = column(fallback.through);
          const key = declaredColumn(check, fallback.table, fallback.key);
          const fallbackValue = declaredColumn(
            check,
            fallback.table,
            fallback.column,
          );
          grouped.add(through);
          joins.push(
            `LEFT JOIN (SELECT f.${key} AS k, max(f.${fallbackValue}) AS v FROM ${fallbackTable} AS f GROUP BY f.${key}) AS f${i} ON f${i}.k = g.${through}`,
            `LEFT JOIN ${parentKeys} ON p${i}.k = coalesce(g.${value}, f${i}.v)`,
          );
          groupSums.push(
            `${total(
              `sum(CASE WHEN p${i}.k IS NULL THEN g.${rowsOfGroup} ELSE 0 END)`,
            )} AS ${counts[i]}`,
          );
          return;
        }
        joins.push(`LEFT JOIN ${parentKeys} ON p${i}.k = g.${value}`);
        groupSums.push(
          `${total(
            `sum(CASE WHEN g.${value} IS NOT NULL AND p${i}.k IS NULL THEN g.${rowsOfGroup} ELSE 0 END)`,
          )} AS ${counts[i]}`,
        );
        return;
      }
      default: {
        const { where, params: bound } = failureCondition(
          check,
          declared,
          name => name,
          `${prefix}c${i}_`,
        );
        Object.assign(params, bound);
        rowScanChecks.push(i);
        rowSums.push({ name: `r_${i}`, rows: inScope(i)?.rows, where });
        groupSums.push(`${total(`sum(g.r_${i})`)} AS ${counts[i]}`);
      }
    }
  });
  if (groupSums.length > 0) {
    const groupColumns = [...grouped].map(c => `t.${c}`);
    // When every check of the scan is scoped, only their rows are read:
    // those of their one scope, part by part, or those of any of them.
    const allScoped = rowScanChecks.every(i => scopes[i] !== undefined);
    const oneScope =
      allScoped && scopeCounts.size === 1
        ? scopes[rowScanChecks[0]]
        : undefined;
    const source = oneScope?.rowsInParts ? scopedRows(table, oneScope) : table;
    const onlyScoped =
      allScoped && source === table
        ? `\n          AND (${[...scopeCounts.keys()].join(' OR ')})`
        : '';
    // Rows read for one scope are all in it: the sums need not test it.
    const inRows = (rows: string | undefined) =>
      rows && !oneScope ? `(${rows}) AND ` : '';
    const scopeSums = [...scopeCounts].map(([rows, name]) =>
      oneScope
        ? `count(*) AS ${name}`
        : `sum(CASE WHEN ${rows} THEN 1 ELSE 0 END) AS ${name}`,
    );
    const rowSumColumns = rowSums.map(
      ({ name, rows, where }) =>
        `sum(CASE WHEN ${inRows(rows)}${where} THEN 1 ELSE 0 END) AS ${name}`,
    );
    oneRowTables.unshift(`(SELECT ${groupSums.join(', ')}
      FROM (
        SELECT ${[
          ...groupColumns,
          'count(*) AS n',
          ...scopeSums,
          ...rowSumColumns,
        ].join(', ')}
        FROM ${source} AS t
        WHERE ${liveRows(first.table, 't')}${onlyScoped}${
      groupColumns.length > 0
        ? `\n        GROUP BY ${groupColumns.join(', ')}`
        : ''
    }
      ) AS g
      ${joins.join('\n      ')}) AS ${prefix}rows_checked`);
  }
  const from = oneRowTables.join('\n  CROSS JOIN ');
  return { sql: `SELECT * FROM ${from}`, params, from, counts, newest };
}

/**
 * Several tables' count queries (each rendered with its own prefix) as one
 * statement with one row: the engine plans and answers once, and the
 * tables' scans can run side by side, instead of one statement each.
 */
export function renderCountQueryOfTables(queries: readonly TableCountQuery[]): {
  sql: string;
  params: SqlParams;
} {
  const params: SqlParams = {};
  for (const query of queries) {
    addParams(params, query.params, 'Counts of several tables');
  }
  return {
    sql: `SELECT * FROM ${queries
      .map(query => query.from)
      .join('\n  CROSS JOIN ')}`,
    params,
  };
}

/**
 * SQL for one check. Row-wise kinds return the keys of failing rows with
 * the total count on each row; freshness returns one row when the table is
 * stale or empty, keyed by its newest value.
 */
export function renderCheckQuery(
  check: DataQualityCheck,
  declared: readonly TableDeclaration[],
  sampleLimit: number,
  now: Date,
  scope?: CheckScope,
): CheckQuery {
  const table = declaredTable(check, check.table, declared);
  // A scoped check looks only at the rows its predicate selects.
  const rowsOf = (name: string) => (scope ? scopedRows(name, scope) : name);
  const live = liveRows(check.table, 't');
  if (check.kind === 'freshness') {
    const column = declaredColumn(check, check.table, check.column);
    return {
      sql: `SELECT CAST(newest AS STRING) AS newest, CAST(1 AS BIGINT) AS failing_rows
        FROM (SELECT max(t.${column}) AS newest FROM ${table} AS t WHERE ${live}) AS m
        WHERE newest IS NULL OR newest < :fresh_after`,
      params: {
        fresh_after: new Date(now.getTime() - check.maxAgeHours * 3_600_000),
      },
      keyColumns: ['newest'],
    };
  }
  if (scope && check.kind === 'unique' && !scope.keyDecidesScope) {
    throw new InputError(
      `Check ${check.id}: a unique check is scoped only when the key decides the scope`,
    );
  }
  const { where, params } = failureCondition(check, declared, rowsOf);
  const { keyColumns, selected, projectColumn } = reportedColumns(check);
  return {
    sql: `SELECT ${selected
      .map(c => `t.${c}`)
      .join(', ')}, count(*) OVER () AS failing_rows
      FROM ${rowsOf(table)} AS t
      WHERE ${live} AND ${where}
      ORDER BY ${keyColumns.map(c => `t.${c}`).join(', ')}
      LIMIT :sample_limit`,
    params: { ...params, ...scope?.params, sample_limit: sampleLimit },
    keyColumns,
    projectColumn,
  };
}
