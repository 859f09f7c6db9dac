import type {
  SqlParams,
  SqlValue,
} from '@finance-ppm/plugin-control-room-node';
import type { TSparkParameter } from '@databricks/sql/thrift/TCLIService_types';

/** The SQLSTATE Databricks reports for a malformed parameter. */
export class ParameterBindingError extends Error {
  readonly sqlState = '22023';
}

/**
 * One named parameter as the DuckDB layer binds it. The driver sends every
 * value as text with a Spark type name; a parameter with neither is NULL.
 */
export function decodeSparkParameter(
  parameter: TSparkParameter,
): SqlValue | Date {
  const text = parameter.value?.stringValue;
  if (!parameter.type || text === undefined || text === null) {
    return null;
  }
  switch (parameter.type.toUpperCase()) {
    case 'BOOLEAN':
      return text.toUpperCase() === 'TRUE';
    case 'TINYINT':
    case 'SMALLINT':
    case 'INTEGER':
    case 'INT':
    case 'FLOAT':
    case 'DOUBLE': {
      const value = Number(text);
      if (!Number.isFinite(value)) {
        throw new ParameterBindingError(
          `[INVALID_PARAMETER_VALUE] '${text}' is not a valid ${parameter.type}`,
        );
      }
      return value;
    }
    case 'BIGINT':
      try {
        return BigInt(text);
      } catch {
        throw new ParameterBindingError(
          `[INVALID_PARAMETER_VALUE] '${text}' is not a valid BIGINT`,
        );
      }
    case 'TIMESTAMP':
    case 'TIMESTAMP_NTZ':
    case 'TIMESTAMP_LTZ': {
      const value = new Date(text);
      if (Number.isNaN(value.getTime())) {
        throw new ParameterBindingError(
          `[INVALID_PARAMETER_VALUE] '${text}' is not a valid TIMESTAMP`,
        );
      }
      return value;
    }
    default:
      // STRING, DATE, DECIMAL: text the statement casts where it needs to.
      return text;
  }
}

/** The statement's named parameters; positional ones are refused. */
export function decodeSparkParameters(
  parameters: TSparkParameter[] | undefined | null,
): SqlParams {
  const params: SqlParams = {};
  for (const parameter of parameters ?? []) {
    if (!parameter.name) {
      throw new ParameterBindingError(
        '[UNBOUND_SQL_PARAMETER] The emulator supports named parameters only',
      );
    }
    params[parameter.name] = decodeSparkParameter(parameter);
  }
  return params;
}
