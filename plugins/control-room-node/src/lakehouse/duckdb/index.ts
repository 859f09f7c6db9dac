export {
  DEFAULT_MAX_READER_CONNECTIONS,
  DuckDbLakehouse,
  IN_MEMORY_DATABASE,
} from './DuckDbLakehouse';
export type {
  DuckDbLakehouseOptions,
  DuckDbResultWithColumns,
  DuckDbTransaction,
} from './DuckDbLakehouse';
export {
  duckDbColumnType,
  duckDbDefaultSql,
  duckDbDialect,
} from './duckDbDialect';
export {
  decodeDuckDbRow,
  decodeDuckDbValue,
  encodeDuckDbParameter,
  formatDecimal,
  formatTimestampMicros,
} from './duckDbValues';
export type { DuckDbBinding } from './duckDbValues';
export {
  assertParametersMatch,
  rewriteNamedParameters,
} from './namedParameters';
export type { RewrittenSql } from './namedParameters';
export {
  renderSparkCompatScript,
  SPARK_COMPAT_MACROS,
  SPARK_DUCKDB_DIFFERENCES,
} from './sparkCompat';
export type {
  MacroOverload,
  SparkCompatMacro,
  SparkDuckDbDifference,
} from './sparkCompat';
