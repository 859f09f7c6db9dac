import { Lakehouse } from '@finance-ppm/plugin-control-room-node';
import { SqlModel } from '../lakehouse/models';
import { runModels } from '../lakehouse/modelRunner';

/** How many rows the named model tables hold. */
export async function countModelRows(
  lakehouse: Lakehouse,
  modelNames: string[],
): Promise<number> {
  let rows = 0;
  for (const name of modelNames) {
    // Identifiers cannot be bound as parameters; only plain layer.table
    // names from the model files ever reach this text.
    if (!/^(bronze|silver|gold)\.[a-z_][a-z0-9_]*$/.test(name)) {
      throw new Error(`Not a model table name: '${name}'`);
    }
    const [row] = await lakehouse.query<{ n: bigint }>(
      `SELECT count(*) AS n FROM ${name}`,
    );
    rows += Number(row.n);
  }
  return rows;
}

/** Fails early, naming every model that has no SQL file. */
export function assertModelsExist(models: SqlModel[], modelNames: string[]) {
  const missing = modelNames.filter(name => !models.some(m => m.name === name));
  if (missing.length > 0) {
    throw new Error(`No SQL model file for ${missing.join(', ')}`);
  }
}

/**
 * Rebuilds the named models in dependency order and reports how many rows
 * they hold afterwards.
 */
export async function runSqlJob(
  lakehouse: Lakehouse,
  models: SqlModel[],
  modelNames: string[],
  signal?: AbortSignal,
): Promise<{ rowsWritten: number }> {
  assertModelsExist(models, modelNames);
  await runModels(lakehouse, models, { only: modelNames, signal });
  return { rowsWritten: await countModelRows(lakehouse, modelNames) };
}
