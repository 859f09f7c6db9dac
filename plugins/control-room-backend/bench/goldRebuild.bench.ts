/*
 * Full gold rebuild on 1,000,000 budget lines (DuckDB, in memory), against
 * one hand-written GROUP BY over the same lines. Prints a markdown table.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/goldRebuild.bench.ts
 *
 * BENCH_LINES and BENCH_RUNS override the size and the number of timed runs.
 */
import path from 'node:path';
import {
  DuckDbLakehouse,
  goldChecks,
  silverChecks,
} from '@finance-ppm/plugin-control-room-node';
import { defaultHealthThresholds } from '../src/finance/financeSettings';
import {
  writeFxRates,
  writeHealthThresholds,
} from '../src/finance/referenceData';
import { createDeclaredTables } from '../src/finance/testPortfolio';
import { loadModels, runModels } from '../src/lakehouse/modelRunner';
import { runDataQualityChecks } from '../src/quality/runDataQualityChecks';

const LINES = Number(process.env.BENCH_LINES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PROJECTS = 2_000;
const PROGRAMS = 50;

const repoRoot = path.resolve(__dirname, '../../..');

/** Silver rows generated in SQL: 2,000 projects over 36 months, 20 vendors. */
function seedSql(): string[] {
  return [
    `INSERT INTO silver.notion_programs (program_id, name)
     SELECT 'G' || i, 'Program ' || i FROM range(${PROGRAMS}) AS t(i)`,
    `INSERT INTO silver.notion_projects
       (project_id, program_id, name, budget_total, currency, start_date, end_date, percent_complete, is_archived)
     SELECT 'P' || i, 'G' || (i % ${PROGRAMS}), 'Project ' || i, 500000.00,
            CASE WHEN i % 5 = 0 THEN 'EUR' ELSE 'USD' END,
            CAST(date_trunc('month', current_date) - INTERVAL 24 MONTH AS DATE),
            CAST(date_trunc('month', current_date) + INTERVAL 11 MONTH AS DATE),
            (i % 100) / 100.0, false
     FROM range(${PROJECTS}) AS t(i)`,
    `INSERT INTO silver.notion_budget_lines
       (budget_line_id, project_id, category, vendor, period, currency, amount,
        committed_amount, actual_amount, is_archived)
     SELECT 'L' || i, 'P' || (i % ${PROJECTS}),
            CASE WHEN i % 3 = 0 THEN 'CapEx' ELSE 'OpEx' END,
            'V' || (i % 20),
            CAST(date_trunc('month', current_date) - INTERVAL (24 - (i // ${PROJECTS}) % 36) MONTH AS DATE),
            CASE WHEN i % 7 = 0 THEN 'EUR' ELSE 'USD' END,
            CAST(100 + i % 900 AS DECIMAL(18, 2)),
            CAST(90 + i % 800 AS DECIMAL(18, 2)),
            CAST(80 + i % 1000 AS DECIMAL(18, 2)),
            false
     FROM range(${LINES}) AS t(i)`,
  ];
}

/** The floor: one GROUP BY of the converted lines by project and month. */
const HAND_WRITTEN = `
  SELECT bl.project_id, bl.period,
         sum(round(bl.amount * CAST(fx.rate_to_reporting AS DECIMAL(18, 6)), 2)) AS budget,
         sum(round(bl.committed_amount * CAST(fx.rate_to_reporting AS DECIMAL(18, 6)), 2)) AS committed,
         sum(round(bl.actual_amount * CAST(fx.rate_to_reporting AS DECIMAL(18, 6)), 2)) AS actual
  FROM silver.notion_budget_lines AS bl
  JOIN bronze.fx_rates AS fx ON fx.currency = bl.currency
  GROUP BY bl.project_id, bl.period`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main() {
  const lakehouse = await DuckDbLakehouse.open({ path: ':memory:' });
  try {
    await createDeclaredTables(lakehouse);
    for (const statement of seedSql()) {
      await lakehouse.execute(statement);
    }
    const models = await loadModels(path.join(repoRoot, 'databricks', 'sql'));
    const gold = models.filter(m => m.name.startsWith('gold.'));
    const settings = {
      reportingCurrency: 'USD',
      fxRates: { EUR: 1.08 },
      health: defaultHealthThresholds,
    };

    // The same steps as runGoldBuild, timed one by one.
    const phases: Array<[string, () => Promise<unknown>]> = [
      [
        'reference data (rates, thresholds)',
        async () => {
          await writeFxRates(lakehouse, settings);
          await writeHealthThresholds(lakehouse, settings);
        },
      ],
      [
        `silver checks (${silverChecks.length})`,
        () => runDataQualityChecks(lakehouse, silverChecks, new Date()),
      ],
      [`gold models (${gold.length})`, () => runModels(lakehouse, gold)],
      [
        `gold checks (${goldChecks.length})`,
        () => runDataQualityChecks(lakehouse, goldChecks, new Date()),
      ],
    ];
    const phaseMs = phases.map((): number[] => []);
    const groupByMs: number[] = [];
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
    }
    const [{ n }] = await lakehouse.query(
      'SELECT count(*) AS n FROM gold.ppm_budget_vs_actual',
    );
    const groupBy = median(groupByMs);
    const phaseMedians = phaseMs.map(median);
    const modelsMs = phaseMedians[2];
    const total = phaseMedians.reduce((a, b) => a + b, 0);
    const ms = (value: number) => value.toFixed(0);
    const lines = [
      `Gold rebuild on DuckDB: ${LINES.toLocaleString(
        'en',
      )} budget lines, ${PROJECTS.toLocaleString(
        'en',
      )} projects over 36 months, median of ${RUNS} runs`,
      '',
      '| measure | time (ms) | × GROUP BY |',
      '| --- | ---: | ---: |',
      `| one hand-written GROUP BY (project × month) | ${ms(groupBy)} | 1.00 |`,
      ...phases.map(
        ([name], index) =>
          `| ${name} | ${ms(phaseMedians[index])} | ${(
            phaseMedians[index] / groupBy
          ).toFixed(2)} |`,
      ),
      `| **gold rebuild: the models (target ≤ 3 × GROUP BY)** | ${ms(
        modelsMs,
      )} | ${(modelsMs / groupBy).toFixed(2)} |`,
      `| whole gold build with checks | ${ms(total)} | ${(
        total / groupBy
      ).toFixed(2)} |`,
      `| gold.ppm_budget_vs_actual rows | ${Number(n).toLocaleString(
        'en',
      )} | |`,
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
