import { SqlRow, SqlValue } from '../types';

/**
 * Column kinds the decoder distinguishes, named after the Thrift `TTypeId`
 * values the driver reports in a result schema.
 */
export const THRIFT_TYPE_IDS = {
  BOOLEAN: 0,
  TINYINT: 1,
  SMALLINT: 2,
  INT: 3,
  BIGINT: 4,
  FLOAT: 5,
  DOUBLE: 6,
  STRING: 7,
  TIMESTAMP: 8,
  BINARY: 9,
  ARRAY: 10,
  MAP: 11,
  STRUCT: 12,
  DECIMAL: 15,
  NULL: 16,
  DATE: 17,
} as const;

/**
 * The part of the driver's `TTableSchema` the decoder reads. The driver's
 * own type is structurally assignable to it.
 */
export interface DatabricksResultSchema {
  columns: Array<{
    columnName: string;
    position: number;
    typeDesc: {
      types: Array<{
        primitiveEntry?: {
          type: number;
          typeQualifiers?: {
            qualifiers: Record<string, { i32Value?: number } | undefined>;
          };
        };
      }>;
    };
  }>;
}

/** What the decoder needs to know about one result column. */
export interface ResultColumn {
  name: string;
  /** A `THRIFT_TYPE_IDS` value; undefined for nested or unknown types. */
  typeId?: number;
  /** Decimal scale; only for DECIMAL columns. */
  scale?: number;
}

/** Reads column names, types and decimal scales from a result schema. */
export function describeResultColumns(
  schema: DatabricksResultSchema | null | undefined,
): ResultColumn[] {
  if (!schema) {
    return [];
  }
  return [...schema.columns]
    .sort((a, b) => a.position - b.position)
    .map(column => {
      const entry = column.typeDesc.types[0]?.primitiveEntry;
      const scale = entry?.typeQualifiers?.qualifiers.scale?.i32Value;
      return {
        name: column.columnName,
        typeId: entry?.type,
        ...(scale !== undefined ? { scale } : {}),
      };
    });
}

/**
 * A DECIMAL as an exact string with exactly `scale` fractional digits, so
 * "1234.5" at scale 2 reads "1234.50". Numbers only arrive when the driver
 * runs without precision preservation; they are formatted, not trusted.
 */
export function decodeDecimal(value: unknown, scale: number): string {
  const text =
    typeof value === 'number'
      ? value.toFixed(scale)
      : String(value as string | bigint).trim();
  if (/e/i.test(text)) {
    return Number(text).toFixed(scale);
  }
  const match = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!match) {
    throw new Error(`Cannot decode DECIMAL value '${text}'`);
  }
  const [, sign, whole, fraction = ''] = match;
  const integerPart = whole === '' ? '0' : whole;
  if (scale <= 0) {
    return `${sign === '-' ? '-' : ''}${integerPart}`;
  }
  const fractionPart = fraction.padEnd(scale, '0').slice(0, scale);
  return `${sign === '-' ? '-' : ''}${integerPart}.${fractionPart}`;
}

/** A BIGINT as a JS bigint, whatever form the driver delivered. */
export function decodeBigint(value: unknown): bigint {
  if (typeof value === 'bigint') {
    return value;
  }
  if (typeof value === 'number') {
    return BigInt(Math.trunc(value));
  }
  return BigInt(String(value));
}

/**
 * A DATE as `YYYY-MM-DD`. Arrow delivers a `Date` at UTC midnight; the
 * column-based format delivers the text.
 */
export function decodeDate(value: unknown): string {
  if (value instanceof Date) {
    return value.toISOString().slice(0, 10);
  }
  return String(value).slice(0, 10);
}

/**
 * A TIMESTAMP as ISO 8601 in UTC (millisecond precision). Text without an
 * offset is in the session time zone, which the engine pins to UTC.
 */
export function decodeTimestamp(value: unknown): string {
  if (value instanceof Date) {
    return value.toISOString();
  }
  if (typeof value === 'number') {
    return new Date(value).toISOString();
  }
  const text = String(value).trim().replace(' ', 'T');
  const hasOffset = /(Z|[+-]\d{2}(:?\d{2})?)$/i.test(text);
  const parsed = new Date(hasOffset ? text : `${text}Z`);
  if (Number.isNaN(parsed.getTime())) {
    throw new Error(`Cannot decode TIMESTAMP value '${String(value)}'`);
  }
  return parsed.toISOString();
}

function plainJson(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value.toString();
  }
  if (value instanceof Date) {
    return value.toISOString();
  }
  if (value instanceof Map) {
    return plainJson(Object.fromEntries(value));
  }
  if (Array.isArray(value)) {
    return value.map(plainJson);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, plainJson(item)]),
    );
  }
  return value;
}

/**
 * A MAP (or any nested value) as JSON text. Arrow delivers a plain object,
 * the column-based format delivers JSON text already.
 */
export function decodeNested(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(JSON.parse(value));
  }
  return JSON.stringify(plainJson(value));
}

/** Any value without schema information, by its JS shape. */
export function decodeUntyped(value: unknown): SqlValue {
  if (value === null || value === undefined) {
    return null;
  }
  if (
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'bigint' ||
    typeof value === 'boolean'
  ) {
    return value;
  }
  if (value instanceof Date) {
    return value.toISOString();
  }
  if (Buffer.isBuffer(value)) {
    return value.toString('base64');
  }
  return decodeNested(value);
}

/** One value of a column, decoded to the engine-neutral form in types.ts. */
export function decodeValue(column: ResultColumn, value: unknown): SqlValue {
  if (value === null || value === undefined) {
    return null;
  }
  switch (column.typeId) {
    case THRIFT_TYPE_IDS.DECIMAL:
      return decodeDecimal(value, column.scale ?? 0);
    case THRIFT_TYPE_IDS.BIGINT:
      return decodeBigint(value);
    case THRIFT_TYPE_IDS.TINYINT:
    case THRIFT_TYPE_IDS.SMALLINT:
    case THRIFT_TYPE_IDS.INT:
    case THRIFT_TYPE_IDS.FLOAT:
    case THRIFT_TYPE_IDS.DOUBLE:
      return Number(value);
    case THRIFT_TYPE_IDS.BOOLEAN:
      return typeof value === 'boolean' ? value : String(value) === 'true';
    case THRIFT_TYPE_IDS.DATE:
      return decodeDate(value);
    case THRIFT_TYPE_IDS.TIMESTAMP:
      return decodeTimestamp(value);
    case THRIFT_TYPE_IDS.MAP:
    case THRIFT_TYPE_IDS.STRUCT:
    case THRIFT_TYPE_IDS.ARRAY:
      return decodeNested(value);
    default:
      return decodeUntyped(value);
  }
}

/**
 * A driver row decoded column by column. Columns the schema does not name
 * are decoded by their JS shape.
 */
export function decodeRow(
  columns: ResultColumn[],
  raw: Record<string, unknown>,
): SqlRow {
  const byName = new Map(columns.map(column => [column.name, column]));
  const row: SqlRow = {};
  for (const [name, value] of Object.entries(raw)) {
    const column = byName.get(name);
    row[name] = column ? decodeValue(column, value) : decodeUntyped(value);
  }
  return row;
}
