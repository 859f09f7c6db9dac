import {
  goldChecks,
  Lakehouse,
  silverChecks,
} from '@finance-ppm/plugin-control-room-node';
import { ModelRunResult, runModels } from '../lakehouse/modelRunner';
import { SqlModel } from '../lakehouse/models';
import {
  DataQualityResult,
  runDataQualityChecks,
} from '../quality/runDataQualityChecks';
import { FinanceSettings } from './financeSettings';
import { writeFxRates, writeHealthThresholds } from './referenceData';

export interface GoldBuildOptions {
  lakehouse: Lakehouse;
  models: readonly SqlModel[];
  settings: FinanceSettings;
  /** Gold models to rebuild (`gold.x`); default every loaded model. */
  only?: string[];
  now?: Date;
  /** The scheduler's abort signal: no model starts once it is aborted. */
  signal?: AbortSignal;
}

export interface GoldBuildResult {
  models: ModelRunResult[];
  silverChecks: DataQualityResult[];
  goldChecks: DataQualityResult[];
}

/**
 * One gold build: the configured rates and thresholds go into their
 * reference tables (models cannot read config), the silver checks run so
 * project health sees current issues, then the models, then the gold checks.
 */
export async function runGoldBuild(
  options: GoldBuildOptions,
): Promise<GoldBuildResult> {
  const { lakehouse, models, settings, only } = options;
  const now = options.now ?? new Date();
  await writeFxRates(lakehouse, settings, now);
  await writeHealthThresholds(lakehouse, settings, now);
  const silverResults = await runDataQualityChecks(
    lakehouse,
    silverChecks,
    now,
  );
  const modelResults = await runModels(lakehouse, models, {
    only,
    signal: options.signal,
  });
  const goldResults = await runDataQualityChecks(lakehouse, goldChecks, now);
  return {
    models: modelResults,
    silverChecks: silverResults,
    goldChecks: goldResults,
  };
}
