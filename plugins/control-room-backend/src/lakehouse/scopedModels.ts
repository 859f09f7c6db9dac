import { InputError } from '@backstage/errors';
import {
  SqlParams,
  TableDeclaration,
} from '@finance-ppm/plugin-control-room-node';
import { rewriteTableReferences, SqlModel } from './models';

/** Names a column in a predicate, qualified or not. */
export type ColumnRef = (column: string) => string;

/**
 * A predicate over one table's columns that selects the rows of the scope.
 * `list` is the parenthesised list of the scope's parameters.
 */
export type ScopePredicate = (column: ColumnRef, list: string) => string;

/**
 * How a model runs for a scope (a set of keys, e.g. project ids) instead of
 * in full: which inputs it may read narrowed to the scope, and which of its
 * own rows the narrowed run replaces. The narrowed run must compute exactly
 * the rows `replaces` selects, as the full run would.
 */
export interface ModelScope {
  /** `layer.table` read by the model -> the rows of it the scope needs. */
  inputs: Record<string, ScopePredicate>;
  /** The model's rows the run recomputes; every other row stays. */
  replaces: ScopePredicate;
  /**
   * The same rows as `replaces`, as disjoint conditions, when `replaces`
   * is their OR: a scan can then narrow by each on its own.
   */
  replacesInParts?: (column: ColumnRef, list: string) => string[];
  /** Parameters the predicates name besides the scope's keys. */
  params?: SqlParams;
}

/** One statement of a scoped run, with its parameters. */
export interface ScopedStatement {
  sql: string;
  params: SqlParams;
}

/**
 * `replace` writes the rows with DELETE then INSERT, for an engine that runs
 * both in one transaction (DuckDB); `merge` writes them with one MERGE,
 * atomic on its own (Delta on Databricks).
 */
export type ScopedWriteMode = 'replace' | 'merge';

/**
 * `SELECT columns FROM table WHERE part`, one per part, joined by UNION
 * ALL: the rows of disjoint parts, each scanned with its own condition.
 */
export function selectInParts(
  table: string,
  parts: readonly string[],
  columns = '*',
): string {
  return parts
    .map(part => `SELECT ${columns} FROM ${table} WHERE ${part}`)
    .join('\n  UNION ALL ');
}

const PARAMETER_PREFIX = 'scope_';

/** The scope's named parameters and the `(:scope_0, ...)` list naming them. */
export function scopeParameters(keys: readonly string[]): {
  list: string;
  params: SqlParams;
} {
  if (keys.length === 0) {
    throw new InputError('A scoped model run needs at least one key');
  }
  const params: SqlParams = {};
  keys.forEach((key, index) => {
    params[`${PARAMETER_PREFIX}${index}`] = key;
  });
  const list = `(${keys
    .map((_key, index) => `:${PARAMETER_PREFIX}${index}`)
    .join(', ')})`;
  return { list, params };
}

const OVERWRITE =
  /^\s*INSERT\s+OVERWRITE\s+(?:TABLE\s+)?([a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*)\s*\(([^)]*)\)([\s\S]*)$/i;

const plain: ColumnRef = column => column;

/**
 * Renders a model (one `INSERT OVERWRITE t (columns) query` statement) as a
 * run over the scope: its scoped inputs become subqueries holding only the
 * scope's rows, its output is kept to the rows `replaces` selects, and those
 * rows of `t` are replaced by it. Nothing outside the scope is read from the
 * scoped inputs or written.
 */
export function renderScopedModel(
  model: SqlModel,
  table: TableDeclaration,
  scope: ModelScope,
  keys: readonly string[],
  mode: ScopedWriteMode,
): ScopedStatement[] {
  if (model.statements.length !== 1) {
    throw new InputError(
      `Model ${model.name} has ${model.statements.length} statements; a scoped run needs one INSERT OVERWRITE`,
    );
  }
  const scoped = scopeParameters(keys);
  const { list } = scoped;
  const params = { ...scope.params, ...scoped.params };
  const code = rewriteTableReferences(
    model.statements[0],
    (name, following) => {
      const predicate = scope.inputs[name];
      if (!predicate) {
        return undefined;
      }
      const alias = /^\s+AS\s/i.test(following)
        ? ''
        : ` AS ${name.split('.')[1]}`;
      return `(SELECT * FROM ${name} WHERE ${predicate(plain, list)})${alias}`;
    },
    model.relativePath,
  );
  const match = OVERWRITE.exec(code);
  if (!match || match[1].toLowerCase() !== model.name) {
    throw new InputError(
      `Model ${model.name} is not one INSERT OVERWRITE ${model.name} (columns) query`,
    );
  }
  const [, target, , query] = match;
  const columns = table.columns.map(column => column.name);
  const rows = `SELECT ${columns.join(', ')} FROM (${query.trim()}) AS scoped
WHERE ${scope.replaces(plain, list)}`;

  if (mode === 'replace') {
    // DuckDB narrows each part's scan by itself; the OR of them it scans whole.
    const parts = scope.replacesInParts?.(plain, list);
    const replaced = parts
      ? `rowid IN (${selectInParts(target, parts, 'rowid')})`
      : scope.replaces(plain, list);
    return [
      {
        sql: `DELETE FROM ${target} WHERE ${replaced}`,
        params,
      },
      {
        sql: `INSERT INTO ${target} (${columns.join(', ')})\n${rows}`,
        params,
      },
    ];
  }
  const onTarget: ColumnRef = column => `target.${column}`;
  const matchKeys = table.primaryKey
    .map(column => `target.${column} = source.${column}`)
    .join(' AND ');
  return [
    {
      sql: `MERGE INTO ${target} AS target
USING (${rows}) AS source
ON ${matchKeys}
WHEN MATCHED THEN UPDATE SET ${columns
        .map(column => `${column} = source.${column}`)
        .join(', ')}
WHEN NOT MATCHED THEN INSERT (${columns.join(', ')}) VALUES (${columns
        .map(column => `source.${column}`)
        .join(', ')})
WHEN NOT MATCHED BY SOURCE AND (${scope.replaces(onTarget, list)}) THEN DELETE`,
      params,
    },
  ];
}
