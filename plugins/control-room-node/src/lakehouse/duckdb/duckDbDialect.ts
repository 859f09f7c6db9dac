import {
  ColumnDeclaration,
  LakehouseDialect,
  LakehouseSchema,
  LogicalType,
  TableDeclaration,
} from '../types';

const SIMPLE_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Declared names must be plain identifiers so the same declaration renders
 * on Databricks too; they are still quoted, which keeps reserved words such
 * as `order` or `year` usable as column names.
 */
export function quoteIdentifier(name: string): string {
  if (!SIMPLE_IDENTIFIER.test(name)) {
    throw new Error(
      `'${name}' is not a valid lakehouse identifier: use letters, digits and _`,
    );
  }
  return `"${name}"`;
}

/** `"schema"."name"` of a declared table. */
export function qualifiedTableName(table: TableDeclaration): string {
  return `${quoteIdentifier(table.schema)}.${quoteIdentifier(table.name)}`;
}

const DUCKDB_COLUMN_TYPES: Record<LogicalType, string> = {
  string: 'VARCHAR',
  boolean: 'BOOLEAN',
  int: 'INTEGER',
  bigint: 'BIGINT',
  double: 'DOUBLE',
  'decimal(18,2)': 'DECIMAL(18,2)',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
  json: 'VARCHAR',
  'map<string,string>': 'MAP(VARCHAR, VARCHAR)',
};

/** The DuckDB type of a logical column type. */
export function duckDbColumnType(type: LogicalType): string {
  const rendered = DUCKDB_COLUMN_TYPES[type];
  if (!rendered) {
    throw new Error(`Unknown logical column type '${type}'`);
  }
  return rendered;
}

/**
 * A declared default in DuckDB's spelling. Declarations write
 * `current_timestamp()` (Spark's form); DuckDB only accepts the bare
 * keyword in a column default.
 */
export function duckDbDefaultSql(defaultSql: string): string {
  return defaultSql.replace(
    /\bcurrent_timestamp\s*\(\s*\)/gi,
    'current_timestamp',
  );
}

function renderColumn(
  column: ColumnDeclaration,
  options: { notNull: boolean },
): string {
  const parts = [quoteIdentifier(column.name), duckDbColumnType(column.type)];
  if (column.defaultSql !== undefined) {
    parts.push(`DEFAULT ${duckDbDefaultSql(column.defaultSql)}`);
  }
  if (options.notNull) {
    parts.push('NOT NULL');
  }
  return parts.join(' ');
}

function isNotNull(table: TableDeclaration, column: ColumnDeclaration) {
  return table.primaryKey.includes(column.name) || column.nullable === false;
}

/** Throws on a declaration no engine could render: keys must be columns. */
export function assertValidDeclaration(table: TableDeclaration): void {
  const names = table.columns.map(column => column.name);
  const duplicate = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicate) {
    throw new Error(
      `Table ${table.schema}.${table.name} declares column ${duplicate} twice`,
    );
  }
  const unknownKeys = table.primaryKey.filter(key => !names.includes(key));
  if (unknownKeys.length > 0) {
    throw new Error(
      `Table ${table.schema}.${table.name} has key column(s) ${unknownKeys.join(
        ', ',
      )} that it does not declare`,
    );
  }
  const unknownClustering = (table.clusterBy ?? []).filter(
    column => !names.includes(column),
  );
  if (unknownClustering.length > 0) {
    throw new Error(
      `Table ${table.schema}.${
        table.name
      } is clustered by column(s) ${unknownClustering.join(
        ', ',
      )} that it does not declare`,
    );
  }
}

/** DuckDB's rows per row group, the unit its zone maps skip. */
export const DUCKDB_ROW_GROUP_SIZE = 122_880;

/**
 * How spread a table's clustering values are: the mean number of row
 * groups holding each value (`spread`) and the mean rows per value
 * (`rows_per_value`). A clustered table holds each value in about
 * rows_per_value / row group size + 1 groups.
 */
export function renderClusterSpread(
  table: TableDeclaration,
  rowGroupSize: number = DUCKDB_ROW_GROUP_SIZE,
): string {
  const columns = (table.clusterBy ?? []).map(quoteIdentifier).join(', ');
  return `SELECT coalesce(avg(row_groups), 0) AS spread,
    coalesce(avg(row_count), 0) AS rows_per_value
  FROM (SELECT count(DISTINCT rowid // ${rowGroupSize}) AS row_groups,
      count(*) AS row_count
    FROM ${qualifiedTableName(table)} GROUP BY ${columns})`;
}

/**
 * Rewrites a table in its `clusterBy` order; run in one transaction, so
 * readers see the old rows or the new ones. The rows and the key are
 * unchanged: only their physical order moves. The lakehouse runs with
 * `preserve_insertion_order = false`, under which an INSERT keeps the
 * order only of a SELECT that has an ORDER BY.
 */
export function renderCluster(table: TableDeclaration): string[] {
  const name = qualifiedTableName(table);
  const columns = (table.clusterBy ?? []).map(quoteIdentifier).join(', ');
  return [
    `CREATE OR REPLACE TEMP TABLE __clustered AS SELECT * FROM ${name}`,
    `DELETE FROM ${name}`,
    `INSERT INTO ${name} SELECT * FROM __clustered ORDER BY ${columns}`,
    'DROP TABLE __clustered',
  ];
}

/** `CREATE SCHEMA IF NOT EXISTS "schema"`. */
export function renderCreateSchema(schema: LakehouseSchema): string {
  return `CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`;
}

/**
 * `CREATE TABLE IF NOT EXISTS` with every declared column. Key columns and
 * non-nullable ones are NOT NULL. Partitioning and table properties are
 * Delta concerns and have no DuckDB equivalent, so they are left out; the
 * clustering order is kept by `DuckDbLakehouse.cluster`.
 */
export function renderCreateTable(table: TableDeclaration): string {
  assertValidDeclaration(table);
  const lines = table.columns.map(column =>
    renderColumn(column, { notNull: isNotNull(table, column) }),
  );
  if (table.primaryKey.length > 0 && table.enforceKey !== false) {
    lines.push(
      `PRIMARY KEY (${table.primaryKey.map(quoteIdentifier).join(', ')})`,
    );
  }
  return `CREATE TABLE IF NOT EXISTS ${qualifiedTableName(
    table,
  )} (\n  ${lines.join(',\n  ')}\n)`;
}

/**
 * `ALTER TABLE ... ADD COLUMN IF NOT EXISTS`, safe to run on every start.
 * DuckDB cannot add a column with a constraint, so NOT NULL is not
 * rendered here (existing rows would hold NULL anyway unless a default is
 * declared); a key column cannot be added to an existing table at all.
 */
export function renderAddColumn(
  table: TableDeclaration,
  column: ColumnDeclaration,
): string {
  if (table.primaryKey.includes(column.name)) {
    throw new Error(
      `Cannot add key column ${column.name} to existing table ${table.schema}.${table.name}`,
    );
  }
  return `ALTER TABLE ${qualifiedTableName(
    table,
  )} ADD COLUMN IF NOT EXISTS ${renderColumn(column, { notNull: false })}`;
}

/** How DuckDB spells the lakehouse DDL. */
export const duckDbDialect: LakehouseDialect = {
  columnType: duckDbColumnType,
  createSchema: renderCreateSchema,
  createTable: renderCreateTable,
  addColumn: renderAddColumn,
};
