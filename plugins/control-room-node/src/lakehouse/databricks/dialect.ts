import {
  ColumnDeclaration,
  LakehouseDialect,
  LakehouseSchema,
  LogicalType,
  TableDeclaration,
} from '../types';

const SPARK_TYPES: Record<LogicalType, string> = {
  string: 'STRING',
  boolean: 'BOOLEAN',
  int: 'INT',
  bigint: 'BIGINT',
  double: 'DOUBLE',
  'decimal(18,2)': 'DECIMAL(18, 2)',
  date: 'DATE',
  timestamp: 'TIMESTAMP',
  json: 'STRING',
  'map<string,string>': 'MAP<STRING, STRING>',
};

/** The Delta table feature that column DEFAULTs need. */
export const COLUMN_DEFAULTS_FEATURE = 'delta.feature.allowColumnDefaults';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Declared names go into SQL text unquoted, so they must be plain
 * identifiers; anything else is a mistake in a declaration.
 */
export function assertIdentifier(name: string, what: string): string {
  if (!IDENTIFIER.test(name)) {
    throw new Error(
      `Invalid ${what} name '${name}': use letters, digits and _`,
    );
  }
  return name;
}

/** A Spark SQL string literal. */
export function sqlStringLiteral(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The Spark type for a logical type. */
export function sparkColumnType(type: LogicalType): string {
  const sparkType = SPARK_TYPES[type];
  if (!sparkType) {
    throw new Error(`No Delta type for logical type '${type}'`);
  }
  return sparkType;
}

/** `schema.name`, resolved against the session's Unity Catalog catalog. */
export function qualifiedTableName(table: TableDeclaration): string {
  return `${assertIdentifier(table.schema, 'schema')}.${assertIdentifier(
    table.name,
    'table',
  )}`;
}

function isNotNull(table: TableDeclaration, column: ColumnDeclaration) {
  return table.primaryKey.includes(column.name) || column.nullable === false;
}

function renderColumn(
  table: TableDeclaration,
  column: ColumnDeclaration,
): string {
  const parts = [
    assertIdentifier(column.name, 'column'),
    sparkColumnType(column.type),
  ];
  if (isNotNull(table, column)) {
    parts.push('NOT NULL');
  }
  if (column.defaultSql !== undefined) {
    parts.push(`DEFAULT ${column.defaultSql}`);
  }
  parts.push(`COMMENT ${sqlStringLiteral(column.description)}`);
  return parts.join(' ');
}

/**
 * Declared properties plus the column-defaults feature when any column has
 * a DEFAULT: Delta rejects the DDL without it.
 */
export function tableProperties(
  table: TableDeclaration,
): Record<string, string> {
  const hasDefaults = table.columns.some(c => c.defaultSql !== undefined);
  return {
    ...(hasDefaults ? { [COLUMN_DEFAULTS_FEATURE]: 'supported' } : {}),
    ...table.properties,
  };
}

function renderTable(table: TableDeclaration): string {
  for (const key of table.primaryKey) {
    if (!table.columns.some(c => c.name === key)) {
      throw new Error(
        `Table ${table.schema}.${table.name}: primary key column '${key}' is not declared`,
      );
    }
  }
  const lines = [
    `CREATE TABLE IF NOT EXISTS ${qualifiedTableName(table)} (`,
    table.columns.map(c => `  ${renderColumn(table, c)}`).join(',\n'),
    ')',
    'USING DELTA',
  ];
  if (table.partitionBy?.length) {
    const columns = table.partitionBy.map(c =>
      assertIdentifier(c, 'partition column'),
    );
    lines.push(`PARTITIONED BY (${columns.join(', ')})`);
  }
  if (table.clusterBy?.length) {
    if (table.partitionBy?.length) {
      throw new Error(
        `Table ${table.schema}.${table.name}: Delta allows partitionBy or clusterBy, not both`,
      );
    }
    const columns = table.clusterBy.map(c =>
      assertIdentifier(c, 'clustering column'),
    );
    lines.push(`CLUSTER BY (${columns.join(', ')})`);
  }
  lines.push(`COMMENT ${sqlStringLiteral(table.description)}`);
  const properties = Object.entries(tableProperties(table));
  if (properties.length > 0) {
    const rendered = properties.map(
      ([key, value]) => `${sqlStringLiteral(key)} = ${sqlStringLiteral(value)}`,
    );
    lines.push(`TBLPROPERTIES (${rendered.join(', ')})`);
  }
  return lines.join('\n');
}

/**
 * Delta refuses NOT NULL and DEFAULT in `ADD COLUMN` on an existing table,
 * so the added column is nullable and has no default; existing rows read
 * NULL. A default can follow with `ALTER COLUMN ... SET DEFAULT`
 * (`setColumnDefault`).
 */
function renderAddColumn(
  table: TableDeclaration,
  column: ColumnDeclaration,
): string {
  return [
    `ALTER TABLE ${qualifiedTableName(table)} ADD COLUMN`,
    assertIdentifier(column.name, 'column'),
    sparkColumnType(column.type),
    `COMMENT ${sqlStringLiteral(column.description)}`,
  ].join(' ');
}

/**
 * `ALTER TABLE ... ALTER COLUMN ... SET DEFAULT ...` for a column added
 * with `addColumn`; applies to rows written afterwards. The table needs the
 * column-defaults feature, which `createTable` sets only when a column
 * already had a default.
 */
export function setColumnDefault(
  table: TableDeclaration,
  column: ColumnDeclaration,
): string | undefined {
  if (column.defaultSql === undefined) {
    return undefined;
  }
  return `ALTER TABLE ${qualifiedTableName(
    table,
  )} ALTER COLUMN ${assertIdentifier(column.name, 'column')} SET DEFAULT ${
    column.defaultSql
  }`;
}

/**
 * Delta DDL for Databricks SQL warehouses.
 *
 * @public
 */
export const databricksDialect: LakehouseDialect = {
  columnType: sparkColumnType,
  createSchema: (schema: LakehouseSchema) =>
    `CREATE SCHEMA IF NOT EXISTS ${assertIdentifier(schema, 'schema')}`,
  createTable: renderTable,
  addColumn: renderAddColumn,
};
