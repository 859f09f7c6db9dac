export { startSqlWarehouseEmulator } from './warehouse/server';
export type {
  SqlWarehouseEmulator,
  SqlWarehouseEmulatorOptions,
  WarehouseFault,
} from './warehouse/server';
export type {
  HangMatcher,
  WarehouseStatementLogEntry,
} from './warehouse/warehouse';
export { readBundleJobs } from './jobs/bundle';
export type { BundleJob, BundleTarget, BundleTask } from './jobs/bundle';
export { EmulatedJobsApi } from './jobs/jobsApi';
export type { JobRunPayload } from './jobs/jobsApi';
export { fetchTrusting } from './jobs/trustingFetch';
