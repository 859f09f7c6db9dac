import path from 'node:path';
import { Lakehouse } from '@finance-ppm/plugin-control-room-node';
import { loadModels, runModels } from '../../lakehouse/modelRunner';

const modelsDir = path.resolve(__dirname, '../../../../../databricks/sql');

/**
 * Runs the real gold.ppm_project_totals model over the gold rows a test
 * wrote by hand, as the gold build would after ppm_budget_vs_actual.
 */
export async function buildProjectTotals(lakehouse: Lakehouse): Promise<void> {
  await runModels(lakehouse, await loadModels(modelsDir), {
    only: ['gold.ppm_project_totals'],
  });
}
