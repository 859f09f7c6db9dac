/*
 * The data of the gold rebuild and API benches (and ad-hoc profiling):
 * a DuckDB lakehouse holding every declared table, silver rows generated in
 * SQL, the reference data, and the hand-written GROUP BY the models are
 * measured against.
 */
import path from 'node:path';
import { DuckDbLakehouse } from '@finance-ppm/plugin-control-room-node';
import { defaultHealthThresholds } from '../src/finance/financeSettings';
import {
  writeFxRates,
  writeHealthThresholds,
} from '../src/finance/referenceData';
import { createDeclaredTables } from '../src/finance/__testUtils__/testPortfolio';
import { clusterNotionSilver } from '../src/lakehouse/clusterTables';

export const PROJECTS = 2_000;
export const PROGRAMS = 50;

/**
 * The repository's databricks/sql folder, or BENCH_MODELS (a folder with
 * the same layout, e.g. an older version of the models to compare with).
 */
export const modelsDirectory = path.resolve(
  process.env.BENCH_MODELS ??
    path.join(__dirname, '../../..', 'databricks', 'sql'),
);

/** Reporting currency USD, EUR at 1.08, the default health thresholds. */
export const benchSettings = {
  reportingCurrency: 'USD',
  fxRates: { EUR: 1.08 },
  health: defaultHealthThresholds,
};

/** Silver rows generated in SQL: 2,000 projects over 36 months, 20 vendors. */
export function seedSql(lines: number): string[] {
  return [
    `INSERT INTO silver.notion_programs (program_id, name)
     SELECT 'G' || i, 'Program ' || i FROM range(${PROGRAMS}) AS t(i)`,
    `INSERT INTO silver.notion_projects
       (project_id, program_id, name, budget_total, currency, start_date, end_date, percent_complete, status, is_archived)
     SELECT 'P' || i, 'G' || (i % ${PROGRAMS}), 'Project ' || i, 500000.00,
            CASE WHEN i % 5 = 0 THEN 'EUR' ELSE 'USD' END,
            CAST(date_trunc('month', current_date) - INTERVAL 24 MONTH AS DATE),
            CAST(date_trunc('month', current_date) + INTERVAL 11 MONTH AS DATE),
            (i % 100) / 100.0,
            CASE WHEN i % 4 = 0 THEN 'Closed' ELSE 'Active' END, false
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
     FROM range(${lines}) AS t(i)`,
  ];
}

/** The floor: one GROUP BY of the converted lines by project and month. */
export const HAND_WRITTEN = `
  SELECT bl.project_id, bl.period,
         sum(round(bl.amount * CAST(fx.rate_to_reporting AS DECIMAL(18, 6)), 2)) AS budget,
         sum(round(bl.committed_amount * CAST(fx.rate_to_reporting AS DECIMAL(18, 6)), 2)) AS committed,
         sum(round(bl.actual_amount * CAST(fx.rate_to_reporting AS DECIMAL(18, 6)), 2)) AS actual
  FROM silver.notion_budget_lines AS bl
  JOIN bronze.fx_rates AS fx ON fx.currency = bl.currency
  GROUP BY bl.project_id, bl.period`;

/** The reference data the gold build writes before the models run. */
export async function writeReferenceData(lakehouse: DuckDbLakehouse) {
  await writeFxRates(lakehouse, benchSettings);
  await writeHealthThresholds(lakehouse, benchSettings);
}

/** An in-memory lakehouse with every table and `lines` budget lines. */
export async function openBenchLakehouse(
  lines: number,
): Promise<DuckDbLakehouse> {
  const lakehouse = await DuckDbLakehouse.open({ path: ':memory:' });
  try {
    await createDeclaredTables(lakehouse);
    for (const statement of seedSql(lines)) {
      await lakehouse.execute(statement);
    }
    // The order production's full silver rebuild leaves the lines in.
    await clusterNotionSilver(lakehouse);
  } catch (error) {
    await lakehouse.close();
    throw error;
  }
  return lakehouse;
}
