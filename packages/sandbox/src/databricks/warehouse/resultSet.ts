import { DuckDBType, DuckDBTypeId } from '@duckdb/node-api';
import type { SqlRow, SqlValue } from '@finance-ppm/plugin-control-room-node';
import {
  TColumn,
  TColumnDesc,
  TTableSchema,
  TTypeId,
} from '@databricks/sql/thrift/TCLIService_types';
import { toInt64 } from './int64';

/** A result column as DuckDB reports it. */
export interface ResultColumnType {
  name: string;
  type: DuckDBType;
}

/** The Thrift type a Databricks warehouse reports for each DuckDB type. */
const THRIFT_TYPES: Partial<Record<DuckDBTypeId, TTypeId>> = {
  [DuckDBTypeId.BOOLEAN]: TTypeId.BOOLEAN_TYPE,
  [DuckDBTypeId.TINYINT]: TTypeId.TINYINT_TYPE,
  [DuckDBTypeId.SMALLINT]: TTypeId.SMALLINT_TYPE,
  [DuckDBTypeId.UTINYINT]: TTypeId.SMALLINT_TYPE,
  [DuckDBTypeId.INTEGER]: TTypeId.INT_TYPE,
  [DuckDBTypeId.USMALLINT]: TTypeId.INT_TYPE,
  [DuckDBTypeId.BIGINT]: TTypeId.BIGINT_TYPE,
  [DuckDBTypeId.UINTEGER]: TTypeId.BIGINT_TYPE,
  [DuckDBTypeId.UBIGINT]: TTypeId.BIGINT_TYPE,
  [DuckDBTypeId.HUGEINT]: TTypeId.BIGINT_TYPE,
  [DuckDBTypeId.FLOAT]: TTypeId.FLOAT_TYPE,
  [DuckDBTypeId.DOUBLE]: TTypeId.DOUBLE_TYPE,
  [DuckDBTypeId.DECIMAL]: TTypeId.DECIMAL_TYPE,
  [DuckDBTypeId.DATE]: TTypeId.DATE_TYPE,
  [DuckDBTypeId.TIMESTAMP]: TTypeId.TIMESTAMP_TYPE,
  [DuckDBTypeId.TIMESTAMP_S]: TTypeId.TIMESTAMP_TYPE,
  [DuckDBTypeId.TIMESTAMP_MS]: TTypeId.TIMESTAMP_TYPE,
  [DuckDBTypeId.TIMESTAMP_NS]: TTypeId.TIMESTAMP_TYPE,
  [DuckDBTypeId.TIMESTAMP_TZ]: TTypeId.TIMESTAMP_TYPE,
  [DuckDBTypeId.MAP]: TTypeId.MAP_TYPE,
  [DuckDBTypeId.LIST]: TTypeId.ARRAY_TYPE,
  [DuckDBTypeId.ARRAY]: TTypeId.ARRAY_TYPE,
  [DuckDBTypeId.STRUCT]: TTypeId.STRUCT_TYPE,
  [DuckDBTypeId.SQLNULL]: TTypeId.NULL_TYPE,
};

/** The Thrift type a Databricks warehouse reports for a DuckDB type; other types travel as strings. */
export function thriftTypeId(type: DuckDBType): TTypeId {
  return THRIFT_TYPES[type.typeId] ?? TTypeId.STRING_TYPE;
}

function columnDescription(
  column: ResultColumnType,
  position: number,
): TColumnDesc {
  const type = thriftTypeId(column.type);
  const decimal = column.type as { width?: number; scale?: number };
  const typeQualifiers =
    type === TTypeId.DECIMAL_TYPE
      ? {
          qualifiers: {
            precision: { i32Value: decimal.width },
            scale: { i32Value: decimal.scale },
          },
        }
      : undefined;
  return {
    columnName: column.name,
    position,
    typeDesc: { types: [{ primitiveEntry: { type, typeQualifiers } }] },
  } as TColumnDesc;
}

/** The result schema, with 1-based positions as the server numbers them. */
export function resultSchema(columns: ResultColumnType[]): TTableSchema {
  return {
    columns: columns.map((column, index) =>
      columnDescription(column, index + 1),
    ),
  } as TTableSchema;
}

/** The null bitmap of a Thrift column: bit i of byte i/8 marks row i. */
export function nullBitmap(values: unknown[]): Buffer {
  const bitmap = Buffer.alloc(Math.ceil(values.length / 8));
  values.forEach((value, index) => {
    if (value === null || value === undefined) {
      bitmap[Math.floor(index / 8)] |= 1 << index % 8;
    }
  });
  return bitmap;
}

/** A timestamp as the warehouse prints it: `2024-05-01 10:00:00.000`. */
function warehouseTimestamp(iso: string): string {
  return iso.replace('T', ' ').replace(/Z$/, '');
}

/** How values of a Thrift type travel: the TColumn field, and each value's form. */
interface ColumnEncoding {
  field: 'boolVal' | 'i32Val' | 'i64Val' | 'doubleVal' | 'stringVal';
  convert(value: SqlValue): unknown;
  /** What a null row holds; the null bitmap marks it. */
  empty: unknown;
}

const BOOLEAN: ColumnEncoding = {
  field: 'boolVal',
  convert: Boolean,
  empty: false,
};
const INT32: ColumnEncoding = { field: 'i32Val', convert: Number, empty: 0 };
const INT64: ColumnEncoding = {
  field: 'i64Val',
  convert: value => toInt64(value),
  empty: toInt64(0),
};
const DOUBLE: ColumnEncoding = {
  field: 'doubleVal',
  convert: Number,
  empty: 0,
};
const STRING: ColumnEncoding = {
  field: 'stringVal',
  convert: String,
  empty: '',
};

/**
 * The encoding of each Thrift type. Decimals, dates, timestamps and nested
 * values travel as text (the default), as from a Spark server.
 */
const COLUMN_ENCODINGS: Partial<Record<TTypeId, ColumnEncoding>> = {
  [TTypeId.BOOLEAN_TYPE]: BOOLEAN,
  [TTypeId.TINYINT_TYPE]: INT32,
  [TTypeId.SMALLINT_TYPE]: INT32,
  [TTypeId.INT_TYPE]: INT32,
  [TTypeId.BIGINT_TYPE]: INT64,
  [TTypeId.FLOAT_TYPE]: DOUBLE,
  [TTypeId.DOUBLE_TYPE]: DOUBLE,
  [TTypeId.TIMESTAMP_TYPE]: {
    field: 'stringVal',
    convert: value => warehouseTimestamp(String(value)),
    empty: '',
  },
};

/** One column of a batch in the column-based row set. */
export function thriftColumn(type: TTypeId, values: SqlValue[]): TColumn {
  const { field, convert, empty } = COLUMN_ENCODINGS[type] ?? STRING;
  return {
    [field]: {
      values: values.map(value => (value === null ? empty : convert(value))),
      nulls: nullBitmap(values),
    },
  } as TColumn;
}

/** The columns of one batch of rows. */
export function thriftColumns(
  columns: ResultColumnType[],
  rows: SqlRow[],
): TColumn[] {
  return columns.map(column =>
    thriftColumn(
      thriftTypeId(column.type),
      rows.map(row => row[column.name] ?? null),
    ),
  );
}
