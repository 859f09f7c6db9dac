import {
  BIGINT,
  BOOLEAN,
  DOUBLE,
  DuckDBArrayValue,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBListValue,
  DuckDBMapValue,
  DuckDBStructValue,
  DuckDBTimestampMillisecondsValue,
  DuckDBTimestampNanosecondsValue,
  DuckDBTimestampSecondsValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  DuckDBType,
  DuckDBValue,
  HUGEINT,
  INTEGER,
  SQLNULL,
  TIMESTAMP,
  VARCHAR,
} from '@duckdb/node-api';
import { InputError } from '@backstage/errors';
import { SqlRow, SqlValue } from '../types';

const MICROS_PER_MILLI = 1000n;
const MILLIS_PER_DAY = 86_400_000;
const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const INT128_MIN = -(2n ** 127n);
const INT128_MAX = 2n ** 127n - 1n;

/** Integer division rounding towards minus infinity (BigInt `/` truncates). */
function floorDiv(dividend: bigint, divisor: bigint): bigint {
  const quotient = dividend / divisor;
  return dividend % divisor !== 0n && dividend < 0n !== divisor < 0n
    ? quotient - 1n
    : quotient;
}

/**
 * A DECIMAL's scaled integer as exact text with exactly `scale` fractional
 * digits: (123450n, 2) reads "1234.50". No float is involved.
 */
export function formatDecimal(scaled: bigint, scale: number): string {
  const sign = scaled < 0n ? '-' : '';
  const digits = (scaled < 0n ? -scaled : scaled).toString();
  if (scale <= 0) {
    return `${sign}${digits}`;
  }
  const padded = digits.padStart(scale + 1, '0');
  return `${sign}${padded.slice(0, -scale)}.${padded.slice(-scale)}`;
}

/**
 * Microseconds since the epoch (UTC) as ISO 8601 with millisecond
 * precision, the form `Date.toISOString()` gives and the Databricks engine
 * returns. Sub-millisecond digits are floored away.
 */
export function formatTimestampMicros(micros: bigint): string {
  return new Date(Number(floorDiv(micros, MICROS_PER_MILLI))).toISOString();
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/**
 * Days since the epoch as `YYYY-MM-DD`. Years 0 to 9999 are computed in
 * integers (civil-from-days), without a Date per value: reads return many
 * dates. Others keep the form `Date.toISOString()` gives them.
 */
export function formatDateDays(days: number): string {
  const shifted = days + 719_468; // days since 0000-03-01
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear =
    dayOfEra -
    (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 0 || year > 9999 || !Number.isInteger(days)) {
    return new Date(days * MILLIS_PER_DAY).toISOString().slice(0, 10);
  }
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

function infinityText(positive: boolean): string {
  return positive ? 'infinity' : '-infinity';
}

/** Any timestamp flavour DuckDB returns, as microseconds since the epoch. */
function timestampMicros(
  value:
    | DuckDBTimestampValue
    | DuckDBTimestampTZValue
    | DuckDBTimestampSecondsValue
    | DuckDBTimestampMillisecondsValue
    | DuckDBTimestampNanosecondsValue,
): bigint {
  if (value instanceof DuckDBTimestampSecondsValue) {
    return value.seconds * 1_000_000n;
  }
  if (value instanceof DuckDBTimestampMillisecondsValue) {
    return value.millis * MICROS_PER_MILLI;
  }
  if (value instanceof DuckDBTimestampNanosecondsValue) {
    return floorDiv(value.nanos, 1000n);
  }
  return value.micros;
}

function isTimestampValue(
  value: DuckDBValue,
): value is
  | DuckDBTimestampValue
  | DuckDBTimestampTZValue
  | DuckDBTimestampSecondsValue
  | DuckDBTimestampMillisecondsValue
  | DuckDBTimestampNanosecondsValue {
  return (
    value instanceof DuckDBTimestampValue ||
    value instanceof DuckDBTimestampTZValue ||
    value instanceof DuckDBTimestampSecondsValue ||
    value instanceof DuckDBTimestampMillisecondsValue ||
    value instanceof DuckDBTimestampNanosecondsValue
  );
}

function decodeTimestamp(
  value:
    | DuckDBTimestampValue
    | DuckDBTimestampTZValue
    | DuckDBTimestampSecondsValue
    | DuckDBTimestampMillisecondsValue
    | DuckDBTimestampNanosecondsValue,
): string {
  if (!value.isFinite) {
    return infinityText(timestampMicros(value) > 0n);
  }
  return formatTimestampMicros(timestampMicros(value));
}

/**
 * A nested value as plain JSON data: maps become objects, lists arrays,
 * and every scalar takes its decoded form (bigints as strings, since JSON
 * has no 64-bit integers).
 */
function toJsonData(value: DuckDBValue): unknown {
  if (value instanceof DuckDBMapValue) {
    return Object.fromEntries(
      value.entries.map(entry => [
        String(toJsonData(entry.key)),
        toJsonData(entry.value),
      ]),
    );
  }
  if (value instanceof DuckDBListValue || value instanceof DuckDBArrayValue) {
    return value.items.map(toJsonData);
  }
  if (value instanceof DuckDBStructValue) {
    return Object.fromEntries(
      Object.entries(value.entries).map(([key, item]) => [
        key,
        toJsonData(item),
      ]),
    );
  }
  const scalar = decodeDuckDbValue(value);
  return typeof scalar === 'bigint' ? scalar.toString() : scalar;
}

/**
 * One DuckDB value in the engine-neutral form types.ts documents: DECIMAL
 * as exact text at its scale, BIGINT/HUGEINT as bigint, DATE as
 * `YYYY-MM-DD`, timestamps as ISO 8601 UTC, MAP (and any other nested
 * value) as JSON text. Other types fall back to DuckDB's own text.
 */
export function decodeDuckDbValue(value: DuckDBValue): SqlValue {
  if (
    value === null ||
    typeof value === 'boolean' ||
    typeof value === 'number' ||
    typeof value === 'bigint' ||
    typeof value === 'string'
  ) {
    return value;
  }
  if (value instanceof DuckDBDecimalValue) {
    return formatDecimal(value.value, value.scale);
  }
  if (value instanceof DuckDBDateValue) {
    return value.isFinite
      ? formatDateDays(value.days)
      : infinityText(value.days > 0);
  }
  if (isTimestampValue(value)) {
    return decodeTimestamp(value);
  }
  if (
    value instanceof DuckDBMapValue ||
    value instanceof DuckDBListValue ||
    value instanceof DuckDBArrayValue ||
    value instanceof DuckDBStructValue
  ) {
    return JSON.stringify(toJsonData(value));
  }
  return value.toString();
}

/** A result row, column by column. */
export function decodeDuckDbRow(row: Record<string, DuckDBValue>): SqlRow {
  const decoded: SqlRow = {};
  for (const [column, value] of Object.entries(row)) {
    decoded[column] = decodeDuckDbValue(value);
  }
  return decoded;
}

/** A value ready to bind, with the DuckDB type it binds as. */
export interface DuckDbBinding {
  value: DuckDBValue;
  type: DuckDBType;
}

/**
 * The binding for one parameter value. Integers bind as INTEGER or BIGINT
 * (never DOUBLE, so `LIMIT :n` and `date_add(d, :n)` work), bigints as
 * BIGINT or HUGEINT, and a `Date` as a TIMESTAMP in UTC. Strings bind as
 * VARCHAR; DuckDB casts them where the SQL context has another type, so
 * decimal strings stay exact.
 */
export function encodeDuckDbParameter(
  name: string,
  value: SqlValue | Date | undefined,
): DuckDbBinding {
  if (value === null || value === undefined) {
    return { value: null, type: SQLNULL };
  }
  if (value instanceof Date) {
    const millis = value.getTime();
    if (Number.isNaN(millis)) {
      throw new InputError(`SQL parameter :${name} is an invalid Date`);
    }
    return {
      value: new DuckDBTimestampValue(BigInt(millis) * MICROS_PER_MILLI),
      type: TIMESTAMP,
    };
  }
  switch (typeof value) {
    case 'boolean':
      return { value, type: BOOLEAN };
    case 'string':
      return { value, type: VARCHAR };
    case 'bigint':
      if (value >= INT64_MIN && value <= INT64_MAX) {
        return { value, type: BIGINT };
      }
      if (value >= INT128_MIN && value <= INT128_MAX) {
        return { value, type: HUGEINT };
      }
      throw new InputError(
        `SQL parameter :${name} is outside the 128-bit integer range`,
      );
    case 'number':
      if (Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX) {
        return { value, type: INTEGER };
      }
      if (Number.isSafeInteger(value)) {
        return { value: BigInt(value), type: BIGINT };
      }
      return { value, type: DOUBLE };
    default:
      throw new InputError(
        `SQL parameter :${name} has unsupported type ${typeof value}`,
      );
  }
}
