import { runGoldBuild } from '../src/finance/goldBuild';
import { loadModels } from '../src/lakehouse/modelRunner';
import {
  benchSettings,
  modelsDirectory,
  openBenchLakehouse,
} from './goldBenchData';
async function main() {
  const lakehouse = await openBenchLakehouse(1_000_000);
  const models = (await loadModels(modelsDirectory)).filter(m =>
    m.name.startsWith('gold.'),
  );
  await runGoldBuild({ lakehouse, models, settings: benchSettings });
  const f = models.find(m => m.name === 'gold.ppm_forecast')!;
  const sql = f.statements[f.statements.length - 1];
  const sel = sql.slice(sql.indexOf('WITH reporting'));
  const rows = await lakehouse.query<{ explain_value: string }>(
    `EXPLAIN ANALYZE ${sel}`,
  );
  const text = String(Object.values(rows[0] as any)[1]);
  console.log(
    text
      .split('\n')
      .filter(l => /│.*(Time|[A-Z_]{4,})/.test(l))
      .slice(0, 200)
      .join('\n'),
  );
  await lakehouse.close();
}
main();
