import path from 'node:path';
import {
  DuckDbLakehouse,
  Lakehouse,
  SqlRow,
} from '@finance-ppm/plugin-control-room-node';
import { loadModels } from '../lakehouse/modelRunner';
import { defaultHealthThresholds } from './financeSettings';
import { runGoldBuild } from './goldBuild';
import { createDeclaredTables, monthSql } from './__testUtils__/testPortfolio';

/*
 * The earned-value edge cases of docs/finance-metrics.md, one project per
 * row of its table, on the real gold models and DuckDB. Months are relative
 * to the current month M. Every figure is the one the API serves: the
 * project's latest forecast row.
 */

const modelsDir = path.resolve(__dirname, '../../../../databricks/sql');

interface EdgeProject {
  id: string;
  budget: string;
  currency: string;
  start: number;
  end: number;
  progress: number;
  /** [month offset, budget, actual] in USD. */
  lines: Array<[number, string, string]>;
}

const projects: EdgeProject[] = [
  {
    id: 'AC0',
    budget: '1000.00',
    currency: 'USD',
    start: -1,
    end: 2,
    progress: 0.25,
    lines: [
      [-1, '250.00', '0.00'],
      [0, '250.00', '0.00'],
      [1, '250.00', '0.00'],
      [2, '250.00', '0.00'],
    ],
  },
  {
    id: 'EV0',
    budget: '1000.00',
    currency: 'USD',
    start: -1,
    end: 2,
    progress: 0,
    lines: [
      [-1, '250.00', '100.00'],
      [0, '250.00', '50.00'],
      [1, '250.00', '0.00'],
      [2, '250.00', '0.00'],
    ],
  },
  {
    id: 'PV0',
    budget: '1000.00',
    currency: 'USD',
    start: -1,
    end: 2,
    progress: 0.2,
    lines: [
      [0, '0.00', '100.00'],
      [1, '500.00', '0.00'],
      [2, '500.00', '0.00'],
    ],
  },
  {
    // The budget is in yen, which has no rate: BAC is unknown.
    id: 'BACNULL',
    budget: '1000.00',
    currency: 'JPY',
    start: -1,
    end: 2,
    progress: 0.5,
    lines: [
      [-1, '250.00', '200.00'],
      [0, '250.00', '100.00'],
      [1, '250.00', '0.00'],
      [2, '250.00', '0.00'],
    ],
  },
  {
    id: 'FUTURE',
    budget: '900.00',
    currency: 'USD',
    start: 1,
    end: 3,
    progress: 0,
    lines: [
      [1, '300.00', '0.00'],
      [2, '300.00', '0.00'],
      [3, '300.00', '0.00'],
    ],
  },
  {
    id: 'ENDED',
    budget: '600.00',
    currency: 'USD',
    start: -4,
    end: -2,
    progress: 0.9,
    lines: [
      [-4, '200.00', '220.00'],
      [-3, '200.00', '210.00'],
      [-2, '200.00', '190.00'],
    ],
  },
  {
    id: 'DONE',
    budget: '1000.00',
    currency: 'USD',
    start: -2,
    end: 0,
    progress: 1,
    lines: [
      [-2, '300.00', '320.00'],
      [-1, '300.00', '330.00'],
      [0, '400.00', '300.00'],
    ],
  },
];

/** The table of docs/finance-metrics.md, figure by figure. */
const expected: Record<string, Record<string, unknown>> = {
  AC0: {
    budget_at_completion: '1000.00',
    planned_value: '500.00',
    earned_value: '250.00',
    actual_cost: '0.00',
    cost_variance: '250.00',
    schedule_variance: '-250.00',
    cpi: null,
    spi: 0.5,
    eac: '750.00',
    eac_cpi: null,
    eac_ac_plus_remaining: '750.00',
    eac_cpi_spi: null,
    etc: '750.00',
    vac: '250.00',
    tcpi: 0.75,
    run_rate: '0.00',
    exhausted_month: null,
  },
  EV0: {
    budget_at_completion: '1000.00',
    planned_value: '500.00',
    earned_value: '0.00',
    actual_cost: '150.00',
    cost_variance: '-150.00',
    schedule_variance: '-500.00',
    cpi: 0,
    spi: 0,
    eac: '1150.00',
    eac_cpi: null,
    eac_ac_plus_remaining: '1150.00',
    eac_cpi_spi: null,
    etc: '1000.00',
    vac: '-150.00',
    tcpi: expect.closeTo(1000 / 850, 12),
    run_rate: '75.00',
    exhausted_month: 11n,
  },
  PV0: {
    budget_at_completion: '1000.00',
    planned_value: '0.00',
    earned_value: '200.00',
    actual_cost: '100.00',
    cost_variance: '100.00',
    schedule_variance: '200.00',
    cpi: 2,
    spi: null,
    eac: '500.00',
    eac_cpi: '500.00',
    eac_ac_plus_remaining: '900.00',
    eac_cpi_spi: null,
    etc: '400.00',
    vac: '500.00',
    tcpi: expect.closeTo(800 / 900, 12),
    run_rate: '50.00',
    exhausted_month: 18n,
  },
  BACNULL: {
    budget_at_completion: null,
    planned_value: '500.00',
    earned_value: null,
    actual_cost: '300.00',
    cost_variance: null,
    schedule_variance: null,
    cpi: null,
    spi: null,
    eac: '600.00',
    eac_cpi: null,
    eac_ac_plus_remaining: null,
    eac_cpi_spi: null,
    etc: '300.00',
    vac: null,
    tcpi: null,
    run_rate: '150.00',
    exhausted_month: null,
  },
  FUTURE: {
    budget_at_completion: '900.00',
    planned_value: '0.00',
    earned_value: '0.00',
    actual_cost: '0.00',
    cost_variance: '0.00',
    schedule_variance: '0.00',
    cpi: null,
    spi: null,
    eac: '900.00',
    eac_cpi: null,
    eac_ac_plus_remaining: '900.00',
    eac_cpi_spi: null,
    etc: '900.00',
    vac: '0.00',
    tcpi: 1,
    run_rate: null,
    exhausted_month: null,
  },
  ENDED: {
    budget_at_completion: '600.00',
    planned_value: '600.00',
    earned_value: '540.00',
    actual_cost: '620.00',
    cost_variance: '-80.00',
    schedule_variance: '-60.00',
    cpi: expect.closeTo(540 / 620, 12),
    spi: expect.closeTo(0.9, 12),
    eac: '688.89',
    eac_cpi: '688.89',
    eac_ac_plus_remaining: '680.00',
    eac_cpi_spi: '696.54',
    etc: '68.89',
    vac: '-88.89',
    tcpi: -3,
    run_rate: '206.67',
    exhausted_month: null,
  },
  DONE: {
    budget_at_completion: '1000.00',
    planned_value: '1000.00',
    earned_value: '1000.00',
    actual_cost: '950.00',
    cost_variance: '50.00',
    schedule_variance: '0.00',
    cpi: expect.closeTo(1000 / 950, 12),
    spi: 1,
    eac: '950.00',
    eac_cpi: '950.00',
    eac_ac_plus_remaining: '950.00',
    eac_cpi_spi: '950.00',
    etc: '0.00',
    vac: '50.00',
    tcpi: 0,
    run_rate: '316.67',
    exhausted_month: 0n,
  },
};

async function seed(lakehouse: Lakehouse) {
  await lakehouse.execute(
    `INSERT INTO silver.notion_programs (program_id, name, synced_at)
     VALUES ('G', 'Edge cases', current_timestamp)`,
  );
  for (const p of projects) {
    await lakehouse.execute(
      `INSERT INTO silver.notion_projects
         (project_id, program_id, name, budget_total, currency, start_date, end_date,
          percent_complete, status, is_archived, synced_at)
       VALUES (:id, 'G', :id, CAST(:budget AS DECIMAL(18, 2)), :currency,
               ${monthSql(p.start)}, ${monthSql(p.end)}, :progress, 'Active',
               false, current_timestamp)`,
      {
        id: p.id,
        budget: p.budget,
        currency: p.currency,
        progress: p.progress,
      },
    );
    for (const [index, [month, budget, actual]] of p.lines.entries()) {
      await lakehouse.execute(
        `INSERT INTO silver.notion_budget_lines
           (budget_line_id, project_id, category, vendor, period, currency,
            amount, committed_amount, actual_amount, is_archived, synced_at)
         VALUES (:line_id, :project_id, 'OpEx', 'Acme', ${monthSql(
           month,
         )}, 'USD',
                 CAST(:budget AS DECIMAL(18, 2)), CAST(:budget AS DECIMAL(18, 2)),
                 CAST(:actual AS DECIMAL(18, 2)), false, current_timestamp)`,
        {
          line_id: `${p.id}-${index}`,
          project_id: p.id,
          budget,
          actual,
        },
      );
    }
  }
}

describe('earned value edge cases (docs/finance-metrics.md)', () => {
  let lakehouse: Lakehouse;

  beforeAll(async () => {
    lakehouse = await DuckDbLakehouse.open({ path: ':memory:' });
    await createDeclaredTables(lakehouse);
    await seed(lakehouse);
    await runGoldBuild({
      lakehouse,
      models: await loadModels(modelsDir),
      settings: {
        reportingCurrency: 'USD',
        fxRates: {},
        health: defaultHealthThresholds,
      },
    });
  });

  afterAll(async () => {
    await lakehouse?.close();
  });

  /** The latest forecast row of a project, as GET /forecast serves it. */
  async function latestRow(projectId: string): Promise<SqlRow> {
    const rows = await lakehouse.query(
      `SELECT budget_at_completion, planned_value, earned_value, actual_cost,
              cost_variance, schedule_variance, cpi, spi, eac, eac_cpi,
              eac_ac_plus_remaining, eac_cpi_spi, etc, vac, tcpi, run_rate,
              (year(budget_exhausted_on) * 12 + month(budget_exhausted_on))
                - (year(current_date) * 12 + month(current_date)) AS exhausted_month,
              unit
         FROM gold.ppm_forecast
        WHERE project_id = :projectId
        ORDER BY period DESC
        LIMIT 1`,
      { projectId },
    );
    return rows[0];
  }

  it.each(Object.keys(expected))('%s', async projectId => {
    expect(await latestRow(projectId)).toEqual({
      ...expected[projectId],
      unit: 'USD',
    });
  });

  it('never reports an EAC of zero for work that is left, in any month', async () => {
    const rows = await lakehouse.query(
      `SELECT project_id FROM gold.ppm_forecast
        WHERE eac = 0 AND budget_at_completion > coalesce(earned_value, 0)`,
    );
    expect(rows).toEqual([]);
  });

  it('forecasts the plan (BAC) before the status month while nothing is spent', async () => {
    const rows = await lakehouse.query(
      `SELECT eac, earned_value, actual_cost FROM gold.ppm_forecast
        WHERE project_id = 'AC0' ORDER BY period LIMIT 1`,
    );
    expect(rows).toEqual([
      { eac: '1000.00', earned_value: null, actual_cost: '0.00' },
    ]);
  });

  it('repeats the plan of a project that has not started on every month', async () => {
    const rows = await lakehouse.query(
      `SELECT eac, etc, vac, earned_value FROM gold.ppm_forecast
        WHERE project_id = 'FUTURE' ORDER BY period`,
    );
    expect(rows).toEqual(
      [1, 2, 3].map(() => ({
        eac: '900.00',
        etc: '900.00',
        vac: '0.00',
        earned_value: '0.00',
      })),
    );
  });
});
