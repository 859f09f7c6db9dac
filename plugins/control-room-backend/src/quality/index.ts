export { runDataQualityChecks } from './runDataQualityChecks';
export type {
  DataQualityResult,
  DataQualityRunOptions,
} from './runDataQualityChecks';
export { renderCheckQuery } from './checkSql';
export type { CheckQuery } from './checkSql';
