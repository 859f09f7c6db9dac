import fs from 'node:fs';
import path from 'node:path';
import { SparkSQL } from 'dt-sql-parser';
import {
  DuckDbLakehouse,
  Lakehouse,
  lakehouseTables,
  qualifiedTableName,
  SqlRow,
} from '@finance-ppm/plugin-control-room-node';
import { loadModels, ModelRunResult, runModels } from './modelRunner';
import { SqlModel } from './models';

const repoRoot = path.resolve(__dirname, '../../../..');
const databricksDir = path.join(repoRoot, 'databricks');
const modelsDir = path.join(databricksDir, 'sql');

// The Spark grammar is large; its first parse takes seconds.
const PARSE_TIMEOUT_MS = 60_000;

function sqlFilesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap(entry => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        return sqlFilesUnder(full);
      }
      return entry.name.endsWith('.sql') ? [full] : [];
    })
    .sort();
}

const sparkSql = new SparkSQL();

/** Syntax errors of a script under the Spark SQL grammar, as `line:col message`. */
function sparkSyntaxErrors(sql: string): string[] {
  return sparkSql
    .validate(sql)
    .map(e => `${e.startLine}:${e.startColumn} ${e.message}`);
}

const sqlFiles = sqlFilesUnder(databricksDir);

describe('SQL files under databricks/', () => {
  it('exist', () => {
    expect(sqlFiles.length).toBeGreaterThan(0);
  });

  it.each(sqlFiles.map(file => [path.relative(repoRoot, file), file]))(
    '%s parses as Spark SQL',
    (_name, file) => {
      expect(sparkSyntaxErrors(fs.readFileSync(file, 'utf8'))).toEqual([]);
    },
    PARSE_TIMEOUT_MS,
  );

  it(
    'the same check fails on a syntax error',
    () => {
      const broken = [
        'DELETE FROM gold.ppm_forecast;',
        'INSERT INTO gold.ppm_forecast (project_id) SELEC project_id FROM silver.notion_projects;',
      ].join('\n');
      expect(sparkSyntaxErrors(broken)).toEqual([
        expect.stringMatching(/^2:\d+ /),
      ]);
    },
    PARSE_TIMEOUT_MS,
  );

  it.each(sqlFiles.map(file => [path.relative(repoRoot, file), file]))(
    '%s uses no function whose meaning differs between the engines',
    (_name, file) => {
      // datediff counts days on Spark but takes a unit first on DuckDB.
      expect(fs.readFileSync(file, 'utf8')).not.toMatch(/\bdatediff\s*\(/i);
    },
  );
});

describe('SQL models', () => {
  let models: SqlModel[];
  const declared = new Map(
    lakehouseTables.map(table => [qualifiedTableName(table), table]),
  );

  beforeAll(async () => {
    models = await loadModels(modelsDir);
  });

  it('include the gold marts', () => {
    expect(models.map(m => m.name).sort()).toEqual(
      expect.arrayContaining([
        'gold.azure_advisor_recs',
        'gold.control_room_status',
        'gold.ppm_budget_vs_actual',
        'gold.ppm_forecast',
        'gold.ppm_project_health',
      ]),
    );
  });

  it('each replace their declared table in one statement with every declared column', () => {
    for (const model of models) {
      const table = declared.get(model.name);
      expect(table).toBeDefined();
      // One INSERT OVERWRITE: a single atomic commit on Delta, one
      // transaction on DuckDB; never a DELETE a reader could see alone.
      expect(model.statements).toHaveLength(1);
      const insert = model.statements[0].replace(/^(--[^\n]*\n|\s)+/, '');
      const columnList = new RegExp(
        `^INSERT OVERWRITE ${model.name.replace('.', '\\.')} \\(([^)]*)\\)`,
      ).exec(insert);
      expect(columnList).not.toBeNull();
      const columns = columnList![1].split(',').map(c => c.trim());
      expect(columns).toEqual(table!.columns.map(c => c.name));
    }
  });
});

/** Seed-only DuckDB SQL for the first day of a month relative to today. */
function monthsFromNow(months: number): string {
  return `CAST(date_trunc('month', current_date) + INTERVAL (${months}) MONTH AS DATE)`;
}

/** Rows of a query with values as the lakehouse decodes them. */
async function rowsOf(lakehouse: Lakehouse, sql: string): Promise<SqlRow[]> {
  return lakehouse.query(sql);
}

describe('SQL models on DuckDB', () => {
  let lakehouse: Lakehouse;
  let models: SqlModel[];
  let results: ModelRunResult[];

  beforeAll(async () => {
    lakehouse = await DuckDbLakehouse.open({ path: ':memory:' });
    const schemas = [...new Set(lakehouseTables.map(t => t.schema))];
    for (const schema of schemas) {
      await lakehouse.execute(lakehouse.dialect.createSchema(schema));
    }
    for (const table of lakehouseTables) {
      await lakehouse.execute(lakehouse.dialect.createTable(table));
    }
    const seed = [
      `INSERT INTO bronze.fx_rates (currency, rate_to_reporting, reporting_currency)
       VALUES ('USD', 1, 'USD')`,
      `INSERT INTO bronze.health_thresholds
         (thresholds_id, cost_variance_pct_amber, cost_variance_pct_red, cpi_amber, cpi_red,
          spi_amber, spi_red, overdue_actions_red, open_high_risks_red, dq_issues_amber)
       VALUES ('default', 5, 10, 0.95, 0.9, 0.95, 0.9, 3, 2, 1)`,
      `INSERT INTO silver.notion_projects
         (project_id, program_id, name, budget_total, currency, start_date, end_date, status, is_archived)
       VALUES
         ('P1', 'G1', 'Ledger', 1200.00, 'USD', DATE '2024-01-01', DATE '2024-06-30', 'Active', false),
         ('P2', 'G1', 'Payroll', 300.00, 'USD', DATE '2024-01-01', DATE '2024-03-31', 'Active', false),
         ('P3', 'G2', 'Archived', 999.00, 'USD', DATE '2024-01-01', DATE '2024-12-31', 'Done', true),
         ('P4', 'G2', 'Running', 600.00, 'USD', ${monthsFromNow(
           -2,
         )}, ${monthsFromNow(3)}, 'Active', false)`,
      `INSERT INTO silver.notion_budget_lines
         (budget_line_id, project_id, category, vendor, period, currency, amount, committed_amount, actual_amount, is_archived)
       VALUES
         ('L1', 'P1', 'OpEx', 'Acme', DATE '2024-01-01', 'USD', 200.00, 200.00, 180.00, false),
         ('L2', 'P1', 'OpEx', 'Acme', DATE '2024-02-01', 'USD', 200.00, 200.00, 220.00, false),
         ('L3', 'P1', 'CapEx', 'Globex', DATE '2024-02-01', 'USD', 100.00, 50.00, 0.00, false),
         ('L4', 'P2', 'OpEx', 'Acme', DATE '2024-01-01', 'USD', 100.00, 100.00, 150.00, false),
         ('L5', 'P3', 'OpEx', 'Acme', DATE '2024-01-01', 'USD', 999.00, 999.00, 999.00, false),
         ('L6', 'P1', 'OpEx', 'Acme', DATE '2024-03-01', 'USD', 500.00, 500.00, 500.00, true),
         ('L7', 'P4', 'OpEx', 'Initech', ${monthsFromNow(
           -2,
         )}, 'USD', 100.00, 100.00, 100.00, false),
         ('L8', 'P4', 'OpEx', 'Initech', ${monthsFromNow(
           -1,
         )}, 'USD', 100.00, 100.00, 200.00, false)`,
      `INSERT INTO silver.notion_risks
         (risk_id, project_id, title, impact, probability, status, is_archived)
       VALUES
         ('R1', 'P1', 'Vendor delay', 'High', 'Medium', 'Open', false),
         ('R2', 'P1', 'Scope creep', 'High', 'Low', 'Closed', false)`,
      `INSERT INTO silver.notion_actions
         (action_id, project_id, title, status, due_date, source, source_id, is_archived)
       VALUES
         ('A1', 'P2', 'Re-plan payroll spend', 'In progress', DATE '2024-01-15', 'manual', NULL, false),
         ('A2', 'P1', 'Resize VM', 'Not started', DATE '2099-01-01', 'advisor', 'REC1', false)`,
      `INSERT INTO silver.azure_advisor_recommendations
         (recommendation_id, category, impact, problem, solution, resource_id, monthly_savings, annual_savings, savings_currency, project_id)
       VALUES
         ('REC1', 'Cost', 'High', 'Idle VM', 'Resize it', '/vm/1', 10.50, NULL, 'USD', 'P1'),
         ('REC2', 'Security', 'Low', 'Open port', 'Close it', '/vm/2', NULL, NULL, NULL, NULL)`,
      `INSERT INTO bronze.job_runs
         (run_id, job_id, job_name, status, started_at, ended_at, duration_seconds, error_message)
       VALUES
         ('r1', 'ppm_marts_gold', '[PPM] Compute Gold Marts', 'SUCCESS', TIMESTAMP '2024-01-01 10:00:00', TIMESTAMP '2024-01-01 10:00:04', 4, NULL),
         ('r2', 'ppm_marts_gold', '[PPM] Compute Gold Marts', 'FAILED', TIMESTAMP '2024-01-01 11:00:00', TIMESTAMP '2024-01-01 11:00:05', 5, 'boom'),
         ('r3', 'control_room_status_refresh', '[PPM] Control Room Status', 'RUNNING', TIMESTAMP '2024-01-01 11:15:00', NULL, NULL, NULL)`,
      `INSERT INTO bronze.job_schedules (job_id, job_name, cron, next_run_time)
       VALUES
         ('ppm_marts_gold', '[PPM] Compute Gold Marts', '0 * * * *', TIMESTAMP '2024-01-01 12:00:00'),
         ('notion_sync_bronze', '[PPM] Notion Sync Bronze', '*/5 * * * *', TIMESTAMP '2024-01-01 11:20:00')`,
    ];
    for (const statement of seed) {
      await lakehouse.execute(statement);
    }
    models = await loadModels(modelsDir);
    results = await runModels(lakehouse, models);
  });

  afterAll(async () => {
    await lakehouse?.close();
  });

  it('runs every model, the forecast after budget-vs-actual', () => {
    const names = results.map(r => r.name);
    expect([...names].sort()).toEqual(models.map(m => m.name).sort());
    expect(names.indexOf('gold.ppm_forecast')).toBeGreaterThan(
      names.indexOf('gold.ppm_budget_vs_actual'),
    );
    expect(results.every(r => r.statements === 1)).toBe(true);
  });

  it('totals budget and actuals per dimension and month', async () => {
    const rows = await rowsOf(
      lakehouse,
      `SELECT metric_id, value, unit FROM gold.ppm_budget_vs_actual
        WHERE (dimension = 'project' AND dimension_value = 'P1' AND period = DATE '2024-02-01')
           OR (dimension = 'program' AND dimension_value = 'G1' AND period = DATE '2024-01-01')
        ORDER BY metric_id`,
    );
    expect(rows).toEqual([
      {
        metric_id: 'actual|program|G1|2024-01-01',
        value: '330.00',
        unit: 'USD',
      },
      {
        metric_id: 'actual|project|P1|2024-02-01',
        value: '220.00',
        unit: 'USD',
      },
      {
        metric_id: 'budget|program|G1|2024-01-01',
        value: '300.00',
        unit: 'USD',
      },
      {
        metric_id: 'budget|project|P1|2024-02-01',
        value: '300.00',
        unit: 'USD',
      },
      {
        metric_id: 'committed|program|G1|2024-01-01',
        value: '300.00',
        unit: 'USD',
      },
      {
        metric_id: 'committed|project|P1|2024-02-01',
        value: '250.00',
        unit: 'USD',
      },
      {
        metric_id: 'variance_pct|program|G1|2024-01-01',
        value: '-10.00',
        unit: '%',
      },
      {
        metric_id: 'variance_pct|project|P1|2024-02-01',
        value: '26.67',
        unit: '%',
      },
      {
        metric_id: 'variance|program|G1|2024-01-01',
        value: '-30.00',
        unit: 'USD',
      },
      {
        metric_id: 'variance|project|P1|2024-02-01',
        value: '80.00',
        unit: 'USD',
      },
    ]);
  });

  it('leaves out archived projects and lines', async () => {
    const [row] = await rowsOf(
      lakehouse,
      `SELECT count(*) AS n FROM gold.ppm_budget_vs_actual
        WHERE dimension_value = 'P3' OR period = DATE '2024-03-01'`,
    );
    expect(Number(row.n)).toBe(0);
  });

  it('forecasts each project month by month to its end date', async () => {
    const rows = await rowsOf(
      lakehouse,
      `SELECT period, planned_value, actual_cost, run_rate, eac, vac, budget_exhausted_on
         FROM gold.ppm_forecast WHERE project_id = 'P1' ORDER BY period`,
    );
    expect(rows.map(r => r.period)).toEqual([
      '2024-01-01',
      '2024-02-01',
      '2024-03-01',
      '2024-04-01',
      '2024-05-01',
      '2024-06-01',
    ]);
    expect(rows[1]).toEqual({
      period: '2024-02-01',
      planned_value: '500.00',
      actual_cost: '400.00',
      run_rate: '200.00',
      eac: '1200.00',
      vac: '0.00',
      budget_exhausted_on: '2024-06-01',
    });
    expect(rows[5]).toEqual(
      expect.objectContaining({
        actual_cost: '400.00',
        run_rate: '66.67',
        eac: '400.00',
        vac: '800.00',
      }),
    );
  });

  it('projects a running project from its run rate to date', async () => {
    const rows = await rowsOf(
      lakehouse,
      `SELECT period < CAST(date_trunc('month', current_date) AS DATE) AS is_past,
              actual_cost, run_rate, eac, vac
         FROM gold.ppm_forecast WHERE project_id = 'P4' ORDER BY period`,
    );
    // Two months before this one, this month and three after.
    expect(rows.map(r => r.is_past)).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
    // Last month: 300 spent over 2 months, 4 months to go.
    expect(rows[1]).toEqual(
      expect.objectContaining({ run_rate: '150.00', eac: '900.00' }),
    );
    // From this month on: 300 spent over 3 months, 3 months after this one.
    for (const row of rows.slice(2)) {
      expect(row).toEqual({
        is_past: false,
        actual_cost: '300.00',
        run_rate: '100.00',
        eac: '600.00',
        vac: '0.00',
      });
    }
  });

  it('rates project health from the cost variance to date', async () => {
    const rows = await rowsOf(
      lakehouse,
      `SELECT project_id, health, cost_variance_pct, open_high_risks, overdue_actions, reasons
         FROM gold.ppm_project_health ORDER BY project_id`,
    );
    expect(rows).toEqual([
      {
        project_id: 'P1',
        health: 'green',
        cost_variance_pct: 20,
        open_high_risks: 1,
        overdue_actions: 0,
        reasons: '[]',
      },
      {
        project_id: 'P2',
        health: 'red',
        cost_variance_pct: -50,
        open_high_risks: 0,
        overdue_actions: 1,
        reasons:
          '["Actual cost is 50.00% over budget to date (red above 10.00%)"]',
      },
      expect.objectContaining({ project_id: 'P4', health: 'red' }),
    ]);
    expect(JSON.parse(String(rows[1].reasons))).toHaveLength(1);
  });

  it('carries Advisor savings with their project, program and action', async () => {
    const rows = await rowsOf(
      lakehouse,
      `SELECT recommendation_id, program_id, monthly_savings, annual_savings, unit, action_id, has_action
         FROM gold.azure_advisor_recs ORDER BY recommendation_id`,
    );
    expect(rows).toEqual([
      {
        recommendation_id: 'REC1',
        program_id: 'G1',
        monthly_savings: '10.50',
        annual_savings: '126.00',
        unit: 'USD',
        action_id: 'A2',
        has_action: true,
      },
      {
        recommendation_id: 'REC2',
        program_id: null,
        monthly_savings: null,
        annual_savings: null,
        unit: 'USD',
        action_id: null,
        has_action: false,
      },
    ]);
  });

  it('reports the latest run and next start of each job', async () => {
    const rows = await rowsOf(
      lakehouse,
      `SELECT job_id, last_run_id, last_run_status, last_run_duration_seconds, error_message, next_run_time
         FROM gold.control_room_status ORDER BY job_id`,
    );
    expect(rows).toEqual([
      {
        job_id: 'control_room_status_refresh',
        last_run_id: 'r3',
        last_run_status: 'RUNNING',
        last_run_duration_seconds: null,
        error_message: null,
        next_run_time: null,
      },
      {
        job_id: 'notion_sync_bronze',
        last_run_id: null,
        last_run_status: null,
        last_run_duration_seconds: null,
        error_message: null,
        next_run_time: '2024-01-01T11:20:00.000Z',
      },
      {
        job_id: 'ppm_marts_gold',
        last_run_id: 'r2',
        last_run_status: 'FAILED',
        last_run_duration_seconds: 5,
        error_message: 'boom',
        next_run_time: '2024-01-01T12:00:00.000Z',
      },
    ]);
  });

  it('gives the same tables when run again', async () => {
    const before = await rowsOf(
      lakehouse,
      'SELECT count(*) AS n FROM gold.ppm_budget_vs_actual',
    );
    await runModels(lakehouse, await loadModels(modelsDir));
    const after = await rowsOf(
      lakehouse,
      'SELECT count(*) AS n FROM gold.ppm_budget_vs_actual',
    );
    expect(after).toEqual(before);
  });
});
