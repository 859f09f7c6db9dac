import path from 'node:path';
import {
  DuckDbLakehouse,
  Lakehouse,
  lakehouseTables,
} from '@finance-ppm/plugin-control-room-node';
import { loadModels } from '../../lakehouse/modelRunner';
import { defaultHealthThresholds } from '../financeSettings';
import { runGoldBuild } from '../goldBuild';

/*
 * A small hand-built portfolio for tests. Months are relative to the current
 * month (M), so the figures do not depend on the day the tests run.
 * Reporting currency USD; EUR converts at 1.08, GBP at 1.25, JPY has no rate.
 */

/** DuckDB SQL for the first day of month M + offset (test seeding only). */
export function monthSql(offset: number): string {
  return `CAST(date_trunc('month', current_date) + INTERVAL (${offset}) MONTH AS DATE)`;
}

/** Creates every declared table in a fresh lakehouse. */
export async function createDeclaredTables(lakehouse: Lakehouse) {
  for (const schema of [...new Set(lakehouseTables.map(t => t.schema))]) {
    await lakehouse.execute(lakehouse.dialect.createSchema(schema));
  }
  for (const table of lakehouseTables) {
    await lakehouse.execute(lakehouse.dialect.createTable(table));
  }
}

/** Inserts the portfolio's silver rows; `now` stamps sync times. */
export async function seedPortfolio(lakehouse: Lakehouse) {
  const seed = [
    `INSERT INTO silver.notion_programs (program_id, name, synced_at)
     VALUES ('G1', 'Finance', current_timestamp), ('G2', 'People', current_timestamp)`,
    `INSERT INTO silver.notion_projects
       (project_id, program_id, name, budget_total, currency, start_date, end_date,
        percent_complete, status, is_archived, synced_at)
     VALUES
       ('PA', 'G1', 'Ledger', 1200.00, 'USD', ${monthSql(-2)}, ${monthSql(
      3,
    )} + 27, 0.4, 'Active', false, current_timestamp),
       ('PB', 'G2', 'Payroll', 1000.00, 'EUR', ${monthSql(-1)}, ${monthSql(
      0,
    )} + 27, 0.5, 'Active', false, current_timestamp),
       ('PC', 'G1', 'Planning', 100.00, 'USD', ${monthSql(0)}, ${monthSql(
      1,
    )}, 0, 'Active', false, current_timestamp),
       ('PD', 'G2', 'Hiring', 1000.00, 'USD', ${monthSql(-1)}, ${monthSql(
      0,
    )}, 0.5, 'Active', false, current_timestamp)`,
    `INSERT INTO silver.notion_budget_lines
       (budget_line_id, project_id, category, vendor, period, currency,
        amount, committed_amount, actual_amount, is_archived, synced_at)
     VALUES
       ('A1', 'PA', 'OpEx', 'Acme', ${monthSql(
         -2,
       )}, 'USD', 200.00, 200.00, 180.00, false, current_timestamp),
       ('A2', 'PA', 'OpEx', 'Acme', ${monthSql(
         -1,
       )}, 'USD', 200.00, 150.00, 250.00, false, current_timestamp),
       ('A3', 'PA', 'CapEx', 'Globex', ${monthSql(
         -1,
       )}, 'EUR', 100.00, 100.00, 50.00, false, current_timestamp),
       ('A4', 'PA', 'CapEx', 'Globex', ${monthSql(
         1,
       )}, 'USD', 300.00, 0.00, 0.00, false, current_timestamp),
       ('B1', 'PB', 'OpEx', 'Initech', ${monthSql(
         -1,
       )}, 'EUR', 500.00, 500.00, 333.33, false, current_timestamp),
       ('B2', 'PB', 'OpEx', 'Initech', ${monthSql(
         0,
       )}, 'GBP', 100.00, 80.00, 90.00, false, current_timestamp),
       ('B3', 'PB', 'OpEx', 'Initech', ${monthSql(
         0,
       )}, 'JPY', 10000.00, 0.00, 5000.00, false, current_timestamp),
       ('D1', 'PD', 'CapEx', 'Hooli', ${monthSql(
         -1,
       )}, 'USD', 100.00, 100.00, 107.00, false, current_timestamp),
       ('Z1', 'PA', 'OpEx', 'Acme', ${monthSql(
         -1,
       )}, 'USD', 999.00, 999.00, 999.00, true, current_timestamp)`,
    `INSERT INTO silver.notion_risks (risk_id, project_id, title, impact, status, is_archived)
     VALUES
       ('R1', 'PA', 'Vendor delay', 'High', 'Open', false),
       ('R2', 'PA', 'Key person', 'High', 'Mitigating', false),
       ('R3', 'PA', 'Scope creep', 'High', 'Closed', false),
       ('R4', 'PB', 'Tax change', 'Low', 'Open', false)`,
    `INSERT INTO silver.notion_actions
       (action_id, project_id, title, status, due_date, source, source_id, is_archived)
     VALUES
       ('X1', 'PB', 'Re-plan payroll', 'In progress', ${monthSql(
         -1,
       )}, 'manual', NULL, false),
       ('X2', 'PA', 'Close PO', 'Done', ${monthSql(-1)}, 'manual', NULL, false),
       ('X3', 'PA', 'Resize VM', 'Not started', ${monthSql(
         2,
       )}, 'advisor', 'REC1', false)`,
    `INSERT INTO silver.azure_advisor_recommendations
       (recommendation_id, category, impact, monthly_savings, annual_savings,
        savings_currency, project_id, ingested_at)
     VALUES
       ('REC1', 'Cost', 'High', 100.00, NULL, 'EUR', 'PA', current_timestamp),
       ('REC2', 'Cost', 'Medium', 10.00, 120.00, 'USD', 'PB', current_timestamp),
       ('REC3', 'Cost', 'Low', 1000.00, NULL, 'JPY', NULL, current_timestamp)`,
    `INSERT INTO silver.azure_resources (resource_id, ingested_at)
     VALUES ('/vm/1', current_timestamp)`,
  ];
  for (const statement of seed) {
    await lakehouse.execute(statement);
  }
}

/** The portfolio's finance settings (thresholds at their defaults). */
export const portfolioFxRates = { EUR: 1.08, GBP: 1.25 };

/** The portfolio's finance settings: USD, its rates, default thresholds. */
export const portfolioSettings = {
  reportingCurrency: 'USD',
  fxRates: portfolioFxRates,
  health: defaultHealthThresholds,
};

/**
 * The portfolio in an in-memory DuckDB with its gold built by the models of
 * databricks/sql, which it returns too.
 */
export async function openBuiltPortfolio() {
  const lakehouse = await DuckDbLakehouse.open({ path: ':memory:' });
  await createDeclaredTables(lakehouse);
  await seedPortfolio(lakehouse);
  const models = await loadModels(
    path.resolve(__dirname, '../../../../../databricks/sql'),
  );
  await runGoldBuild({ lakehouse, models, settings: portfolioSettings });
  return { lakehouse, models };
}
