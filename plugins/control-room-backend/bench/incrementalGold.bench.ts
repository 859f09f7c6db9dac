/*
 * Incremental gold for a one-project change against the full gold build,
 * both with their data-quality checks, on 1,000,000 budget lines (DuckDB, in
 * memory), in the same run. Prints a markdown table.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/incrementalGold.bench.ts
 *
 * BENCH_LINES and BENCH_RUNS override the size and the number of timed runs.
 */
import { runGoldBuild } from '../src/finance/goldBuild';
import { runIncrementalGold } from '../src/finance/incrementalGold';
import { loadModels } from '../src/lakehouse/modelRunner';
import {
  benchSettings,
  HAND_WRITTEN,
  modelsDirectory,
  openBenchLakehouse,
  PROJECTS,
} from './goldBenchData';

const LINES = Number(process.env.BENCH_LINES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

async function main() {
  const lakehouse = await openBenchLakehouse(LINES);
  try {
    const models = (await loadModels(modelsDirectory)).filter(model =>
      model.name.startsWith('gold.'),
    );
    const fullMs: number[] = [];
    const incrementalMs: number[] = [];
    const groupByMs: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      fullMs.push(
        await timed(() =>
          runGoldBuild({ lakehouse, models, settings: benchSettings }),
        ),
      );
      // One Notion edit: a budget line of one project changes its amount.
      await lakehouse.execute(
        `UPDATE silver.notion_budget_lines SET amount = amount + 1
         WHERE budget_line_id = :id`,
        { id: `L${run}` },
      );
      incrementalMs.push(
        await timed(() =>
          runIncrementalGold({
            lakehouse,
            models,
            projectIds: [`P${run % PROJECTS}`],
          }),
        ),
      );
      groupByMs.push(
        await timed(() =>
          lakehouse.execute(
            `CREATE OR REPLACE TEMP TABLE hand_written AS ${HAND_WRITTEN}`,
          ),
        ),
      );
    }
    const full = median(fullMs);
    const incremental = median(incrementalMs);
    const groupBy = median(groupByMs);
    const ms = (value: number) => value.toFixed(0);
    const lines = [
      `Incremental gold on DuckDB: ${LINES.toLocaleString(
        'en',
      )} budget lines, ${PROJECTS.toLocaleString(
        'en',
      )} projects, one project changed, median of ${RUNS} runs`,
      '',
      '| measure | time (ms) | × full build | × GROUP BY | target |',
      '| --- | ---: | ---: | ---: | --- |',
      `| one hand-written GROUP BY (project × month) | ${ms(groupBy)} | ${(
        groupBy / full
      ).toFixed(2)} | 1.00 | |`,
      `| full gold build with checks | ${ms(full)} | 1.00 | ${(
        full / groupBy
      ).toFixed(2)} | ≤ 6 × GROUP BY |`,
      `| incremental gold for one project, with checks | ${ms(
        incremental,
      )} | ${(incremental / full).toFixed(2)} | ${(
        incremental / groupBy
      ).toFixed(2)} | ≤ 0.25 × full build |`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await lakehouse.close();
  }
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exitCode = 1;
});
