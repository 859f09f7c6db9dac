import { InputError } from '@backstage/errors';
import {
  ColumnDeclaration,
  SqlRow,
  SqlValue,
  TableDeclaration,
} from '../types';
import {
  assertValidDeclaration,
  duckDbColumnType,
  qualifiedTableName,
  quoteIdentifier,
} from './duckDbDialect';
import {
  chunkByText,
  columnsSetByBatch,
  isJsonObjectText,
  MAX_TEXT_PER_UPSERT_STATEMENT,
  validateUpsertRows,
} from '../upsertRows';

/** The TEMP table a batch is appended to before the MERGE. */
export const STAGING_TABLE = '__upsert_staging';
/** Fully qualified, so a user table of the same name is never hit. */
export const QUALIFIED_STAGING_TABLE = `temp.main.${quoteIdentifier(
  STAGING_TABLE,
)}`;
/** Staging column holding each row's position, so the last row wins. */
export const ROW_ORDER_COLUMN = '__upsert_row_order';

/** A validated, de-duplicated batch ready to stage, every value as text. */
export interface UpsertPlan {
  table: TableDeclaration;
  /** Declared columns the batch sets (keys always), in declaration order. */
  columns: ColumnDeclaration[];
  /** One entry per row, aligned with `columns`; null is SQL NULL. */
  stagedRows: Array<Array<string | null>>;
}

function describe(value: SqlValue): string {
  return typeof value === 'bigint' ? `${value}n` : JSON.stringify(value);
}

const DECIMAL_TEXT = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;
const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;

/**
 * One value as the text DuckDB casts to the column type in the MERGE, after
 * checking its JS type fits the declared one (the same rules as the
 * Databricks engine, so a batch valid on one engine is valid on both).
 * Text keeps decimals and bigints exact on the way in.
 */
export function stagedText(
  column: ColumnDeclaration,
  value: SqlValue | undefined,
  where: string,
): string | null {
  if (value === null || value === undefined) {
    return null;
  }
  const mismatch = () =>
    new InputError(
      `${where}, column ${column.name}: ${describe(value)} is not a valid ${
        column.type
      } value`,
    );
  switch (column.type) {
    case 'boolean':
      if (typeof value !== 'boolean') throw mismatch();
      return String(value);
    case 'int':
      if (
        typeof value !== 'number' ||
        !Number.isInteger(value) ||
        value < INT32_MIN ||
        value > INT32_MAX
      ) {
        throw mismatch();
      }
      return String(value);
    case 'bigint':
      if (typeof value === 'bigint') return value.toString();
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
        throw mismatch();
      }
      return String(value);
    case 'double':
      if (typeof value !== 'number') throw mismatch();
      return String(value);
    case 'decimal(18,2)':
      if (typeof value === 'boolean') throw mismatch();
      if (typeof value === 'string' && !DECIMAL_TEXT.test(value)) {
        throw mismatch();
      }
      return String(value);
    case 'map<string,string>':
      if (typeof value !== 'string' || !isJsonObjectText(value)) {
        throw new InputError(
          `${where}, column ${
            column.name
          }: a map<string,string> value must be the JSON text of an object, got ${describe(
            value,
          )}`,
        );
      }
      return value;
    default:
      // string, json, date, timestamp: text; DuckDB parses dates and times.
      if (typeof value !== 'string') throw mismatch();
      return value;
  }
}

/**
 * Keeps the last row given for each key. Keys compare by their staged text,
 * which is what DuckDB will see; the MERGE de-duplicates again on the cast
 * key, so texts such as '1.0' and '1' for an int key cannot both reach it.
 */
export function keepLastRowPerKey(
  keyTexts: Array<Array<string | null>>,
): number[] {
  const lastIndexByKey = new Map<string, number>();
  keyTexts.forEach((key, index) => {
    lastIndexByKey.set(JSON.stringify(key), index);
  });
  return [...lastIndexByKey.values()].sort((a, b) => a - b);
}

/**
 * Validates and de-duplicates a batch and renders every value as staging
 * text. Pure: throws before anything is written when a row is invalid.
 */
export function planUpsert(
  table: TableDeclaration,
  rows: SqlRow[],
): UpsertPlan {
  assertValidDeclaration(table);
  const tableName = `${table.schema}.${table.name}`;
  if (table.primaryKey.length === 0) {
    throw new InputError(
      `Upsert into ${tableName}: the table declares no primary key`,
    );
  }
  if (table.columns.some(column => column.name === ROW_ORDER_COLUMN)) {
    throw new InputError(
      `Upsert into ${tableName}: column name ${ROW_ORDER_COLUMN} is reserved`,
    );
  }
  validateUpsertRows(table, rows);
  const columns = columnsSetByBatch(table, rows);
  const staged = rows.map((row, index) =>
    columns.map(column =>
      stagedText(
        column,
        row[column.name],
        `Upsert into ${tableName}, row ${index}`,
      ),
    ),
  );
  const keyPositions = table.primaryKey.map(key =>
    columns.findIndex(column => column.name === key),
  );
  const kept = keepLastRowPerKey(
    staged.map(row => keyPositions.map(position => row[position])),
  );
  return { table, columns, stagedRows: kept.map(index => staged[index]) };
}

/**
 * Splits staged rows, in order, into runs of at most `maxText` of text
 * each, one MERGE per run.
 */
export function chunkStagedRows(
  rows: ReadonlyArray<Array<string | null>>,
  maxText: number = MAX_TEXT_PER_UPSERT_STATEMENT,
): Array<Array<Array<string | null>>> {
  return chunkByText(
    rows,
    row => row.reduce((sum, text) => sum + (text?.length ?? 0), 0),
    maxText,
  );
}

/** `CREATE OR REPLACE TEMP TABLE` for the staging rows, all VARCHAR. */
export function renderStagingTable(plan: UpsertPlan): string {
  const columns = plan.columns.map(
    column => `${quoteIdentifier(column.name)} VARCHAR`,
  );
  columns.push(`${quoteIdentifier(ROW_ORDER_COLUMN)} BIGINT`);
  return `CREATE OR REPLACE TEMP TABLE ${quoteIdentifier(
    STAGING_TABLE,
  )} (${columns.join(', ')})`;
}

/** The staged text of a column cast to its declared DuckDB type. */
export function castFromStaging(column: ColumnDeclaration): string {
  const name = quoteIdentifier(column.name);
  switch (column.type) {
    case 'string':
    case 'json':
      return name;
    case 'timestamp':
      // Via TIMESTAMPTZ so a text offset ('...+02:00', 'Z') is honoured and
      // the value lands in UTC (the session time zone is pinned to UTC).
      return `CAST(CAST(${name} AS TIMESTAMPTZ) AS TIMESTAMP)`;
    case 'map<string,string>':
      // VARCHAR -> MAP parses DuckDB's map literal; JSON -> MAP parses JSON.
      return `CAST(CAST(${name} AS JSON) AS ${duckDbColumnType(column.type)})`;
    default:
      return `CAST(${name} AS ${duckDbColumnType(column.type)})`;
  }
}

/**
 * One MERGE from the staging table into the declared table on its key:
 * matching rows are updated, others inserted. When a key is cast, two
 * texts can be one key ('1.0' and '1'), so the source keeps one row per
 * cast key (the last staged), since DuckDB's MERGE would otherwise apply
 * duplicates in no defined order. Text keys are already unique: the plan
 * kept the last row of each.
 */
export function renderMergeFromStaging(plan: UpsertPlan): string {
  const { table, columns } = plan;
  const keyColumns = columns.filter(c => table.primaryKey.includes(c.name));
  const keysCast = keyColumns.some(
    c => castFromStaging(c) !== quoteIdentifier(c.name),
  );
  const updated = columns.filter(c => !table.primaryKey.includes(c.name));
  const names = columns.map(c => quoteIdentifier(c.name));
  const lines = [
    `MERGE INTO ${qualifiedTableName(table)} AS target`,
    'USING (',
    `  SELECT ${columns
      .map(c => `${castFromStaging(c)} AS ${quoteIdentifier(c.name)}`)
      .join(', ')}`,
    `  FROM ${QUALIFIED_STAGING_TABLE}`,
    ...(keysCast
      ? [
          `  QUALIFY row_number() OVER (PARTITION BY ${keyColumns
            .map(castFromStaging)
            .join(', ')} ORDER BY ${quoteIdentifier(
            ROW_ORDER_COLUMN,
          )} DESC) = 1`,
        ]
      : []),
    ') AS source',
    `ON ${keyColumns
      .map(
        c =>
          `target.${quoteIdentifier(c.name)} = source.${quoteIdentifier(
            c.name,
          )}`,
      )
      .join(' AND ')}`,
  ];
  if (updated.length > 0) {
    lines.push(
      `WHEN MATCHED THEN UPDATE SET ${updated
        .map(
          c => `${quoteIdentifier(c.name)} = source.${quoteIdentifier(c.name)}`,
        )
        .join(', ')}`,
    );
  }
  lines.push(
    `WHEN NOT MATCHED THEN INSERT (${names.join(', ')}) VALUES (${names
      .map(name => `source.${name}`)
      .join(', ')})`,
  );
  return lines.join('\n');
}

/** `DROP TABLE` for the staging table once merged. */
export function renderDropStagingTable(): string {
  return `DROP TABLE IF EXISTS ${QUALIFIED_STAGING_TABLE}`;
}
