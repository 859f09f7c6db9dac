import { DBSQLParameter } from '@databricks/sql';
import { InputError } from '@backstage/errors';
import {
  ColumnDeclaration,
  SqlRow,
  SqlValue,
  TableDeclaration,
} from '../types';
import {
  assertIdentifier,
  qualifiedTableName,
  sparkColumnType,
} from './dialect';
import { toColumnParameter } from './parameters';
import {
  chunkByText,
  columnsSetByBatch,
  MAX_TEXT_PER_UPSERT_STATEMENT,
  validateUpsertRows,
} from '../upsertRows';

/**
 * Most parameters one statement binds. Databricks' own JDBC driver sizes
 * parameterised batches to 256 markers per statement; staying within it
 * keeps every MERGE under the server's limit. A chunk therefore holds
 * `floor(256 / columns sent)` rows, e.g. 32 rows of the 8-column bronze
 * Notion table.
 */
export const MAX_PARAMETERS_PER_STATEMENT = 256;

/** One MERGE ready for the driver. */
export interface MergeStatement {
  sql: string;
  namedParameters: Record<string, DBSQLParameter>;
  /** Source rows in this statement. */
  rows: number;
}

function keyOf(table: TableDeclaration, row: SqlRow): string {
  // Type-tagged so that 1, 1n and '1' stay different keys.
  return JSON.stringify(
    table.primaryKey.map(column => {
      const value = row[column];
      return typeof value === 'bigint'
        ? ['bigint', value.toString()]
        : [typeof value, value];
    }),
  );
}

/**
 * Keeps one row per primary key, the last one given: MERGE fails when two
 * source rows match the same target row.
 */
export function dedupeOnPrimaryKey(
  table: TableDeclaration,
  rows: SqlRow[],
): SqlRow[] {
  const byKey = new Map<string, SqlRow>();
  for (const row of rows) {
    byKey.set(keyOf(table, row), row);
  }
  return [...byKey.values()];
}

function castFromSource(column: ColumnDeclaration): string {
  const name = column.name;
  if (column.type === 'map<string,string>') {
    return `from_json(${name}, 'MAP<STRING,STRING>') AS ${name}`;
  }
  return `CAST(${name} AS ${sparkColumnType(column.type)}) AS ${name}`;
}

/** The MERGE text for `rowCount` source rows. */
export function renderMergeSql(
  table: TableDeclaration,
  columns: ColumnDeclaration[],
  rowCount: number,
): string {
  const names = columns.map(c => assertIdentifier(c.name, 'column'));
  const keys = table.primaryKey.map(k => assertIdentifier(k, 'key column'));
  const valueRows = Array.from(
    { length: rowCount },
    (_, row) => `(${names.map((_n, col) => `:p${row}_c${col}`).join(', ')})`,
  );
  const updated = names.filter(n => !keys.includes(n));
  const lines = [
    `MERGE INTO ${qualifiedTableName(table)} AS t`,
    'USING (',
    `  SELECT ${columns.map(castFromSource).join(', ')}`,
    `  FROM VALUES ${valueRows.join(', ')} AS v(${names.join(', ')})`,
    ') AS s',
    `ON ${keys.map(k => `t.${k} = s.${k}`).join(' AND ')}`,
  ];
  if (updated.length > 0) {
    lines.push(
      `WHEN MATCHED THEN UPDATE SET ${updated
        .map(n => `t.${n} = s.${n}`)
        .join(', ')}`,
    );
  }
  lines.push(
    `WHEN NOT MATCHED THEN INSERT (${names.join(', ')}) VALUES (${names
      .map(n => `s.${n}`)
      .join(', ')})`,
  );
  return lines.join('\n');
}

function bindChunk(
  table: TableDeclaration,
  columns: ColumnDeclaration[],
  rows: SqlRow[],
): Record<string, DBSQLParameter> {
  const named: Record<string, DBSQLParameter> = {};
  rows.forEach((row, rowIndex) => {
    columns.forEach((column, columnIndex) => {
      const value: SqlValue | undefined = row[column.name];
      named[`p${rowIndex}_c${columnIndex}`] = toColumnParameter(
        column.type,
        value,
        `Upsert into ${table.schema}.${table.name}, column ${column.name}`,
      );
    });
  });
  return named;
}

/**
 * Turns a batch into MERGE statements: validated, de-duplicated on the key
 * (last wins), and chunked to stay within `MAX_PARAMETERS_PER_STATEMENT`
 * and `MAX_TEXT_PER_UPSERT_STATEMENT` of bound text (the warehouse's
 * request size limit is not published; a batch of large Notion pages
 * would otherwise send tens of MB in one request).
 * Throws before returning anything when a row is invalid.
 */
export function planUpsert(
  table: TableDeclaration,
  rows: SqlRow[],
): { statements: MergeStatement[]; rows: number } {
  if (table.primaryKey.length === 0) {
    throw new InputError(
      `Upsert into ${table.schema}.${table.name}: the table declares no primary key`,
    );
  }
  validateUpsertRows(table, rows);
  const unique = dedupeOnPrimaryKey(table, rows);
  if (unique.length === 0) {
    return { statements: [], rows: 0 };
  }
  const columns = columnsSetByBatch(table, unique);
  const rowsPerStatement = Math.floor(
    MAX_PARAMETERS_PER_STATEMENT / columns.length,
  );
  if (rowsPerStatement < 1) {
    throw new InputError(
      `Upsert into ${table.schema}.${table.name}: ${columns.length} columns exceed ${MAX_PARAMETERS_PER_STATEMENT} parameters per statement`,
    );
  }
  const textOf = (row: SqlRow) =>
    columns.reduce((sum, column) => {
      const value = row[column.name];
      return (
        sum + (value === null || value === undefined ? 0 : String(value).length)
      );
    }, 0);
  const statements = chunkByText(
    unique,
    textOf,
    MAX_TEXT_PER_UPSERT_STATEMENT,
    rowsPerStatement,
  ).map(chunk => ({
    sql: renderMergeSql(table, columns, chunk.length),
    namedParameters: bindChunk(table, columns, chunk),
    rows: chunk.length,
  }));
  return { statements, rows: unique.length };
}
