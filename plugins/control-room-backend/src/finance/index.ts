export {
  readFinanceSettings,
  defaultHealthThresholds,
} from './financeSettings';
export type { FinanceSettings, HealthThresholds } from './financeSettings';
export {
  writeFxRates,
  writeHealthThresholds,
  writeJobSchedules,
  fxRateRows,
} from './referenceData';
export type { JobSchedule } from './referenceData';
export { runGoldBuild } from './goldBuild';
export type { GoldBuildOptions, GoldBuildResult } from './goldBuild';
