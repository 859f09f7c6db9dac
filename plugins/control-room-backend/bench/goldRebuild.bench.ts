/*
 * Full gold rebuild on 1,000,000 budget lines (DuckDB, in memory), against
 * one hand-written GROUP BY over the same lines. Prints a markdown table.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/goldRebuild.bench.ts
 *
 * BENCH_LINES and BENCH_RUNS override the size and the number of timed runs;
 * BENCH_MODELS runs the models of another folder laid out like databricks/sql.
 * Below the gold models' row, one row per model: its own time as the model
 * runner reports it (its statements, in its transaction), in run order.
 * The floor row copies the rows the models wrote, computing nothing: no
 * rebuild can be faster than writing its output. Targets are multiples of
 * the GROUP BY of the same run: the models ≤ 3×, the whole gold build with
 * its silver and gold checks ≤ 6× (issue 21).
 */
import {
  DuckDbLakehouse,
  goldChecks,
  silverChecks,
} from '@finance-ppm/plugin-control-room-node';
import { loadModels, runModels } from '../src/lakehouse/modelRunner';
import { runDataQualityChecks } from '../src/quality/runDataQualityChecks';
import {
  HAND_WRITTEN,
  modelsDirectory,
  openBenchLakehouse,
  PROJECTS,
  writeReferenceData,
} from './goldBenchData';

const LINES = Number(process.env.BENCH_LINES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

/** Targets, as multiples of the hand-written GROUP BY of the same run. */
const MODELS_TARGET = 3;
const WHOLE_BUILD_TARGET = 6;

const met = (ok: boolean) => (ok ? 'yes' : 'no');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Milliseconds to write a copy of every row of `tables`. */
async function timeCopyingRows(
  lakehouse: DuckDbLakehouse,
  tables: string[],
): Promise<number> {
  const started = performance.now();
  for (const [index, table] of tables.entries()) {
    await lakehouse.execute(
      `CREATE OR REPLACE TEMP TABLE floor_copy_${index} AS SELECT * FROM ${table}`,
    );
  }
  return performance.now() - started;
}

async function main() {
  const lakehouse = await openBenchLakehouse(LINES);
  try {
    const models = await loadModels(modelsDirectory);
    const gold = models.filter(m => m.name.startsWith('gold.'));

    // Each model's own time, from the runner, in the order it runs them.
    const modelMs = new Map<string, number[]>();
    // The same steps as runGoldBuild, timed one by one.
    const phases: Array<[string, () => Promise<unknown>]> = [
      [
        'reference data (rates, thresholds)',
        () => writeReferenceData(lakehouse),
      ],
      [
        `silver checks (${silverChecks.length})`,
        () => runDataQualityChecks(lakehouse, silverChecks, new Date()),
      ],
      [
        `gold models (${gold.length})`,
        async () => {
          for (const result of await runModels(lakehouse, gold)) {
            const times = modelMs.get(result.name) ?? [];
            times.push(result.durationMs);
            modelMs.set(result.name, times);
          }
        },
      ],
      [
        `gold checks (${goldChecks.length})`,
        () => runDataQualityChecks(lakehouse, goldChecks, new Date()),
      ],
    ];
    const phaseMs = phases.map((): number[] => []);
    const groupByMs: number[] = [];
    const floorMs: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      for (const [index, [, phase]] of phases.entries()) {
        const started = performance.now();
        await phase();
        phaseMs[index].push(performance.now() - started);
      }
      const started = performance.now();
      await lakehouse.execute(
        `CREATE OR REPLACE TEMP TABLE hand_written AS ${HAND_WRITTEN}`,
      );
      groupByMs.push(performance.now() - started);
      floorMs.push(
        await timeCopyingRows(
          lakehouse,
          gold.map(m => m.name),
        ),
      );
    }
    const [{ n }] = await lakehouse.query(
      'SELECT count(*) AS n FROM gold.ppm_budget_vs_actual',
    );
    const groupBy = median(groupByMs);
    const phaseMedians = phaseMs.map(median);
    const modelsMs = phaseMedians[2];
    const total = phaseMedians.reduce((a, b) => a + b, 0);
    const floor = median(floorMs);
    const ms = (value: number) => value.toFixed(0);
    const lines = [
      `Gold rebuild on DuckDB: ${LINES.toLocaleString(
        'en',
      )} budget lines, ${PROJECTS.toLocaleString(
        'en',
      )} projects over 36 months, median of ${RUNS} runs`,
      '',
      '| measure | time (ms) | × GROUP BY | target | met |',
      '| --- | ---: | ---: | ---: | :---: |',
      `| one hand-written GROUP BY (project × month) | ${ms(
        groupBy,
      )} | 1.00 | | |`,
      ...phases.flatMap(([name], index) => [
        `| ${name} | ${ms(phaseMedians[index])} | ${(
          phaseMedians[index] / groupBy
        ).toFixed(2)} | | |`,
        ...(index === 2
          ? [...modelMs].map(([model, times]) => {
              const time = median(times);
              return `| &nbsp;&nbsp;${model} | ${ms(time)} | ${(
                time / groupBy
              ).toFixed(2)} | | |`;
            })
          : []),
      ]),
      `| **gold rebuild: the models** | ${ms(modelsMs)} | ${(
        modelsMs / groupBy
      ).toFixed(2)} | ≤ ${MODELS_TARGET} | ${met(
        modelsMs / groupBy <= MODELS_TARGET,
      )} |`,
      `| floor: copying the rows the models wrote, no computation | ${ms(
        floor,
      )} | ${(floor / groupBy).toFixed(2)} | | |`,
      `| **whole gold build with checks** | ${ms(total)} | ${(
        total / groupBy
      ).toFixed(2)} | ≤ ${WHOLE_BUILD_TARGET} | ${met(
        total / groupBy <= WHOLE_BUILD_TARGET,
      )} |`,
      `| gold.ppm_budget_vs_actual rows | ${Number(n).toLocaleString(
        'en',
      )} | | | |`,
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
