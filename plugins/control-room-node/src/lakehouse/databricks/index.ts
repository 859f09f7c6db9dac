export {
  DatabricksLakehouse,
  toDriverConnectOptions,
} from './DatabricksLakehouse';
export type { DatabricksLakehouseDependencies } from './DatabricksLakehouse';
export {
  databricksDialect,
  setColumnDefault,
  sparkColumnType,
} from './dialect';
export {
  decodeBigint,
  decodeDate,
  decodeDecimal,
  decodeNested,
  decodeRow,
  decodeTimestamp,
  decodeValue,
  describeResultColumns,
} from './decode';
export type { DatabricksResultSchema, ResultColumn } from './decode';
export type {
  DatabricksDriverClient,
  DatabricksDriverConnectOptions,
  DatabricksDriverFactory,
  DatabricksDriverOperation,
  DatabricksDriverSession,
} from './driver';
export {
  DatabricksJobsClient,
  JOB_KEY_TAG,
  mapRunState,
  toDatabricksJobRun,
} from './jobs';
export type {
  DatabricksJobRun,
  DatabricksJobRunStatus,
  DatabricksJobsClientOptions,
  DatabricksRunPayload,
  DatabricksRunState,
} from './jobs';
export { MAX_PARAMETERS_PER_STATEMENT, planUpsert } from './merge';
export type { MergeStatement } from './merge';
export {
  DATABRICKS_CONFIG_KEY,
  DEFAULT_DATABRICKS_RETRY,
  DEFAULT_STATEMENT_TIMEOUT_SECONDS,
  readDatabricksOptions,
  readStatementTimeout,
} from './options';
export type {
  DatabricksAuth,
  DatabricksLakehouseOptions,
  DatabricksRetrySettings,
} from './options';
