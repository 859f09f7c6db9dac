import { runGoldBuild } from '../src/finance/goldBuild';
import { renderIncrementalGold } from '../src/finance/incrementalGold';
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
  const [n] = await lakehouse.query(
    'SELECT count(*) AS n FROM gold.ppm_budget_line_totals',
  );
  console.log('line totals rows', n);
  const full = models.find(m => m.name === 'gold.ppm_budget_vs_actual')!;
  const r = renderIncrementalGold(models, ['P1'], 'replace');
  const scoped = r.statements.find(s =>
    s.sql.startsWith('INSERT INTO gold.ppm_budget_vs_actual'),
  )!;
  const sel = scoped.sql.slice(scoped.sql.indexOf('SELECT'));
  for (let i = 0; i < 3; i++) {
    let t = performance.now();
    await lakehouse
      .execute(
        `CREATE OR REPLACE TEMP TABLE x AS ${full.statements[
          full.statements.length - 1
        ].replace(/^[\s\S]*?(WITH reporting)/, '$1')}`,
      )
      .catch(e => console.log(String(e).slice(0, 200)));
    console.log('full model select', (performance.now() - t).toFixed(1));
    t = performance.now();
    await lakehouse.execute(
      `CREATE OR REPLACE TEMP TABLE y AS ${sel}`,
      scoped.params,
    );
    console.log('scoped select', (performance.now() - t).toFixed(1));
  }
  await lakehouse.close();
}
main();
