import { DBSQLParameter, DBSQLParameterType } from '@databricks/sql';
import { InputError } from '@backstage/errors';
import { LogicalType, SqlParams, SqlValue } from '../types';
import { isJsonObjectText } from '../upsertRows';

const PARAMETER_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A bound value for one SQL parameter. Dates bind as TIMESTAMP and bigints
 * as BIGINT; strings (decimal strings included) stay STRING so no value is
 * rounded on its way in; the server casts where the SQL says so.
 */
export function toDatabricksParameter(
  value: SqlValue | Date | undefined,
): DBSQLParameter {
  if (value === null || value === undefined) {
    return new DBSQLParameter({ value: null });
  }
  if (value instanceof Date) {
    return new DBSQLParameter({ type: DBSQLParameterType.TIMESTAMP, value });
  }
  switch (typeof value) {
    case 'bigint':
      return new DBSQLParameter({ type: DBSQLParameterType.BIGINT, value });
    case 'boolean':
      return new DBSQLParameter({ type: DBSQLParameterType.BOOLEAN, value });
    case 'string':
      return new DBSQLParameter({ type: DBSQLParameterType.STRING, value });
    default:
      // Numbers: the driver picks INT, BIGINT or DOUBLE from the value.
      return new DBSQLParameter({ value });
  }
}

/** `:name` parameters for the driver's `namedParameters` option. */
export function toNamedParameters(
  params: SqlParams = {},
): Record<string, DBSQLParameter> {
  const named: Record<string, DBSQLParameter> = {};
  for (const [name, value] of Object.entries(params)) {
    if (!PARAMETER_NAME.test(name)) {
      throw new Error(
        `Invalid SQL parameter name '${name}': use letters, digits and _`,
      );
    }
    named[name] = toDatabricksParameter(value);
  }
  return named;
}

const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;
const DECIMAL_TEXT = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

function showValue(value: unknown): string {
  return typeof value === 'bigint' ? `${value}n` : JSON.stringify(value);
}

/**
 * A value bound for a declared column in an upsert. Every row binds the
 * same parameter type for a column, so the VALUES list has one type per
 * column; text-borne types (decimal, date, timestamp, json, map) bind as
 * STRING and are cast in SQL.
 */
export function toColumnParameter(
  type: LogicalType,
  value: SqlValue | undefined,
  where: string,
): DBSQLParameter {
  if (value === null || value === undefined) {
    return new DBSQLParameter({ value: null });
  }
  const mismatch = () =>
    new InputError(
      `${where}: ${showValue(value)} is not a valid ${type} value`,
    );
  switch (type) {
    case 'boolean':
      if (typeof value !== 'boolean') throw mismatch();
      return new DBSQLParameter({ type: DBSQLParameterType.BOOLEAN, value });
    case 'int':
      if (
        typeof value !== 'number' ||
        !Number.isInteger(value) ||
        value < INT32_MIN ||
        value > INT32_MAX
      ) {
        throw mismatch();
      }
      return new DBSQLParameter({ type: DBSQLParameterType.INTEGER, value });
    case 'bigint':
      if (typeof value === 'bigint') {
        return new DBSQLParameter({ type: DBSQLParameterType.BIGINT, value });
      }
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
        throw mismatch();
      }
      return new DBSQLParameter({
        type: DBSQLParameterType.BIGINT,
        value: BigInt(value),
      });
    case 'double':
      if (typeof value !== 'number') throw mismatch();
      return new DBSQLParameter({ type: DBSQLParameterType.DOUBLE, value });
    case 'decimal(18,2)':
      if (
        typeof value === 'boolean' ||
        (typeof value === 'string' && !DECIMAL_TEXT.test(value))
      ) {
        throw mismatch();
      }
      return new DBSQLParameter({
        type: DBSQLParameterType.STRING,
        value: String(value),
      });
    case 'map<string,string>':
      if (typeof value !== 'string' || !isJsonObjectText(value)) {
        throw new InputError(
          `${where}: a map<string,string> value must be the JSON text of an object, got ${showValue(
            value,
          )}`,
        );
      }
      return new DBSQLParameter({ type: DBSQLParameterType.STRING, value });
    default:
      // string, json, date, timestamp: text the MERGE casts.
      if (typeof value !== 'string') throw mismatch();
      return new DBSQLParameter({ type: DBSQLParameterType.STRING, value });
  }
}
