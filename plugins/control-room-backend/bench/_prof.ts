import {
  goldChecks,
  silverChecks,
} from '@finance-ppm/plugin-control-room-node';
import { runGoldBuild } from '../src/finance/goldBuild';
import {
  renderIncrementalGold,
  scopedChecks,
} from '../src/finance/incrementalGold';
import { runDataQualityChecks } from '../src/quality/runDataQualityChecks';
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
  for (let run = 0; run < 3; run++) {
    const ids = [`P${run}`];
    let t = performance.now();
    const lap = (label: string) => {
      const n = performance.now();
      console.log(label.padEnd(60), (n - t).toFixed(1));
      t = n;
    };
    await runDataQualityChecks(lakehouse, silverChecks, new Date(), {
      scopes: scopedChecks(silverChecks, ids),
    });
    lap('silver checks scoped');
    const r = renderIncrementalGold(models, ids, 'replace');
    for (const st of r.statements) {
      await lakehouse.execute(st.sql, st.params);
      lap(st.sql.slice(0, 60).replace(/\s+/g, ' '));
    }
    await runDataQualityChecks(lakehouse, goldChecks, new Date(), {
      scopes: scopedChecks(goldChecks, ids),
    });
    lap('gold checks scoped');
  }
  await lakehouse.close();
}
main();
