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

/** The Thrift type a Databricks warehouse reports for a DuckDB type. */
export function thriftTypeId(type: DuckDBType): TTypeId {
  switch (type.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return TTypeId.BOOLEAN_TYPE;
    case DuckDBTypeId.TINYINT:
      return TTypeId.TINYINT_TYPE;
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.UTINYINT:
      return TTypeId.SMALLINT_TYPE;
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.USMALLINT:
      return TTypeId.INT_TYPE;
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.UBIGINT:
    case DuckDBTypeId.HUGEINT:
      return TTypeId.BIGINT_TYPE;
    case DuckDBTypeId.FLOAT:
      return TTypeId.FLOAT_TYPE;
    case DuckDBTypeId.DOUBLE:
      return TTypeId.DOUBLE_TYPE;
    case DuckDBTypeId.DECIMAL:
      return TTypeId.DECIMAL_TYPE;
    case DuckDBTypeId.DATE:
      return TTypeId.DATE_TYPE;
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
    case DuckDBTypeId.TIMESTAMP_TZ:
      return TTypeId.TIMESTAMP_TYPE;
    case DuckDBTypeId.MAP:
      return TTypeId.MAP_TYPE;
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY:
      return TTypeId.ARRAY_TYPE;
    case DuckDBTypeId.STRUCT:
      return TTypeId.STRUCT_TYPE;
    case DuckDBTypeId.SQLNULL:
      return TTypeId.NULL_TYPE;
    default:
      return TTypeId.STRING_TYPE;
  }
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

/**
 * One column of a batch in the column-based row set. Decimals, dates,
 * timestamps and nested values travel as text, as from a Spark server.
 */
export function thriftColumn(type: TTypeId, values: SqlValue[]): TColumn {
  const nulls = nullBitmap(values);
  const fill = <T>(convert: (value: SqlValue) => T, empty: T): T[] =>
    values.map(value => (value === null ? empty : convert(value)));
  switch (type) {
    case TTypeId.BOOLEAN_TYPE:
      return { boolVal: { values: fill(Boolean, false), nulls } } as TColumn;
    case TTypeId.TINYINT_TYPE:
    case TTypeId.SMALLINT_TYPE:
    case TTypeId.INT_TYPE:
      return { i32Val: { values: fill(Number, 0), nulls } } as TColumn;
    case TTypeId.BIGINT_TYPE:
      return {
        i64Val: { values: fill(value => toInt64(value), toInt64(0)), nulls },
      } as TColumn;
    case TTypeId.FLOAT_TYPE:
    case TTypeId.DOUBLE_TYPE:
      return { doubleVal: { values: fill(Number, 0), nulls } } as TColumn;
    case TTypeId.TIMESTAMP_TYPE:
      return {
        stringVal: {
          values: fill(value => warehouseTimestamp(String(value)), ''),
          nulls,
        },
      } as TColumn;
    default:
      return { stringVal: { values: fill(String, ''), nulls } } as TColumn;
  }
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
