import path from 'node:path';
import { Lakehouse, SqlRow } from '@finance-ppm/plugin-control-room-node';
import { loadModels } from '../lakehouse/modelRunner';
import { defaultHealthThresholds, FinanceSettings } from './financeSettings';
import { runGoldBuild } from './goldBuild';
import {
  openBuiltPortfolio,
  portfolioFxRates,
} from './__testUtils__/testPortfolio';

const repoRoot = path.resolve(__dirname, '../../../..');
const modelsDir = path.join(repoRoot, 'databricks', 'sql');

const settings: FinanceSettings = {
  reportingCurrency: 'USD',
  fxRates: portfolioFxRates,
  health: defaultHealthThresholds,
};

/** Month offset of `column` from the current month, as SQL. */
function offsetSql(column: string): string {
  return `(year(${column}) * 12 + month(${column})) - (year(current_date) * 12 + month(current_date))`;
}

describe('gold marts on a hand-built portfolio', () => {
  let lakehouse: Lakehouse;

  beforeAll(async () => {
    ({ lakehouse } = await openBuiltPortfolio());
  });

  afterAll(async () => {
    await lakehouse?.close();
  });

  async function budgetVsActual(): Promise<Map<string, string | null>> {
    const rows = await lakehouse.query(
      `SELECT metric_name, dimension, dimension_value, ${offsetSql(
        'period',
      )} AS month, value, unit
         FROM gold.ppm_budget_vs_actual`,
    );
    return new Map(
      rows.map(r => [
        `${r.metric_name}|${r.dimension}|${r.dimension_value}|${r.month}|${r.unit}`,
        r.value as string | null,
      ]),
    );
  }

  /** [dimension, member, month, budget, committed, actual, variance, variance %]. */
  const expectedMembers: Array<
    [string, string, number, string, string, string, string, string]
  > = [
    ['project', 'PA', -2, '200.00', '200.00', '180.00', '20.00', '10.00'],
    ['project', 'PA', -1, '308.00', '258.00', '304.00', '4.00', '1.30'],
    ['project', 'PA', 1, '300.00', '0.00', '0.00', '300.00', '100.00'],
    ['project', 'PB', -1, '540.00', '540.00', '360.00', '180.00', '33.33'],
    ['project', 'PB', 0, '125.00', '100.00', '112.50', '12.50', '10.00'],
    ['project', 'PD', -1, '100.00', '100.00', '107.00', '-7.00', '-7.00'],
    ['program', 'G1', -2, '200.00', '200.00', '180.00', '20.00', '10.00'],
    ['program', 'G1', -1, '308.00', '258.00', '304.00', '4.00', '1.30'],
    ['program', 'G1', 1, '300.00', '0.00', '0.00', '300.00', '100.00'],
    ['program', 'G2', -1, '640.00', '640.00', '467.00', '173.00', '27.03'],
    ['program', 'G2', 0, '125.00', '100.00', '112.50', '12.50', '10.00'],
    ['category', 'OpEx', -2, '200.00', '200.00', '180.00', '20.00', '10.00'],
    ['category', 'OpEx', -1, '740.00', '690.00', '610.00', '130.00', '17.57'],
    ['category', 'OpEx', 0, '125.00', '100.00', '112.50', '12.50', '10.00'],
    ['category', 'CapEx', -1, '208.00', '208.00', '161.00', '47.00', '22.60'],
    ['category', 'CapEx', 1, '300.00', '0.00', '0.00', '300.00', '100.00'],
    ['vendor', 'Acme', -2, '200.00', '200.00', '180.00', '20.00', '10.00'],
    ['vendor', 'Acme', -1, '200.00', '150.00', '250.00', '-50.00', '-25.00'],
    ['vendor', 'Globex', -1, '108.00', '108.00', '54.00', '54.00', '50.00'],
    ['vendor', 'Globex', 1, '300.00', '0.00', '0.00', '300.00', '100.00'],
    ['vendor', 'Initech', -1, '540.00', '540.00', '360.00', '180.00', '33.33'],
    ['vendor', 'Initech', 0, '125.00', '100.00', '112.50', '12.50', '10.00'],
    ['vendor', 'Hooli', -1, '100.00', '100.00', '107.00', '-7.00', '-7.00'],
  ];

  it('reports budget, committed, actual and variance per member and month, in USD', async () => {
    const gold = await budgetVsActual();
    const expected = new Map<string, string>();
    for (const [dim, member, month, b, c, a, v, pct] of expectedMembers) {
      expected.set(`budget|${dim}|${member}|${month}|USD`, b);
      expected.set(`committed|${dim}|${member}|${month}|USD`, c);
      expected.set(`actual|${dim}|${member}|${month}|USD`, a);
      expected.set(`variance|${dim}|${member}|${month}|USD`, v);
      expected.set(`variance_pct|${dim}|${member}|${month}|%`, pct);
    }
    // The JPY line has no rate: counted, never summed.
    for (const member of [
      'project|PB',
      'program|G2',
      'category|OpEx',
      'vendor|Initech',
    ]) {
      expected.set(`unconverted_lines|${member}|0|lines`, '1.00');
    }
    expect(Object.fromEntries(gold)).toEqual(Object.fromEntries(expected));
  });

  it('keeps every dimension total equal to the converted silver total', async () => {
    const silver = await lakehouse.query(
      `SELECT
         CAST(sum(round(bl.amount * CAST(fx.rate_to_reporting AS DECIMAL(18, 6)), 2)) AS DECIMAL(18, 2)) AS budget,
         CAST(sum(round(bl.committed_amount * CAST(fx.rate_to_reporting AS DECIMAL(18, 6)), 2)) AS DECIMAL(18, 2)) AS committed,
         CAST(sum(round(bl.actual_amount * CAST(fx.rate_to_reporting AS DECIMAL(18, 6)), 2)) AS DECIMAL(18, 2)) AS actual
       FROM silver.notion_budget_lines AS bl
       INNER JOIN bronze.fx_rates AS fx ON fx.currency = bl.currency
       WHERE NOT bl.is_archived`,
    );
    expect(silver).toEqual([
      { budget: '1573.00', committed: '1198.00', actual: '1063.50' },
    ]);
    const gold = await lakehouse.query(
      `SELECT dimension,
              CAST(sum(CASE WHEN metric_name = 'budget' THEN value END) AS DECIMAL(18, 2)) AS budget,
              CAST(sum(CASE WHEN metric_name = 'committed' THEN value END) AS DECIMAL(18, 2)) AS committed,
              CAST(sum(CASE WHEN metric_name = 'actual' THEN value END) AS DECIMAL(18, 2)) AS actual
         FROM gold.ppm_budget_vs_actual GROUP BY dimension ORDER BY dimension`,
    );
    expect(gold).toEqual(
      ['category', 'program', 'project', 'vendor'].map(dimension => ({
        dimension,
        ...silver[0],
      })),
    );
  });

  async function forecastRows(projectId: string): Promise<SqlRow[]> {
    return lakehouse.query(
      `SELECT ${offsetSql(
        'period',
      )} AS month, budget_at_completion, planned_value,
              earned_value, actual_cost, cost_variance, schedule_variance, cpi, spi,
              eac, eac_cpi, eac_ac_plus_remaining, eac_cpi_spi, etc, vac, tcpi,
              run_rate, ${offsetSql(
                'budget_exhausted_on',
              )} AS exhausted_month, unit
         FROM gold.ppm_forecast WHERE project_id = :projectId ORDER BY period`,
      { projectId },
    );
  }

  const noEarnedValue = {
    earned_value: null,
    cost_variance: null,
    schedule_variance: null,
    cpi: null,
    spi: null,
    eac_cpi: null,
    eac_ac_plus_remaining: null,
    eac_cpi_spi: null,
    tcpi: null,
    unit: 'USD',
  };

  it('computes every earned-value figure of a running project', async () => {
    const rows = await forecastRows('PA');
    expect(rows.map(r => Number(r.month))).toEqual([-2, -1, 0, 1, 2, 3]);
    // Before the status month there is no progress snapshot: run rate only.
    expect(rows[0]).toEqual({
      ...noEarnedValue,
      month: -2n,
      budget_at_completion: '1200.00',
      planned_value: '200.00',
      actual_cost: '180.00',
      eac: '1080.00',
      etc: '900.00',
      vac: '120.00',
      run_rate: '180.00',
      exhausted_month: 3n,
    });
    expect(rows[1]).toEqual({
      ...noEarnedValue,
      month: -1n,
      budget_at_completion: '1200.00',
      planned_value: '508.00',
      actual_cost: '484.00',
      eac: '1452.00',
      etc: '968.00',
      vac: '-252.00',
      run_rate: '242.00',
      exhausted_month: 1n,
    });
    const status = {
      budget_at_completion: '1200.00',
      planned_value: '508.00',
      earned_value: '480.00',
      actual_cost: '484.00',
      cost_variance: '-4.00',
      schedule_variance: '-28.00',
      cpi: expect.closeTo(480 / 484, 12),
      spi: expect.closeTo(480 / 508, 12),
      eac: '1210.00',
      eac_cpi: '1210.00',
      eac_ac_plus_remaining: '1204.00',
      eac_cpi_spi: '1252.35',
      etc: '726.00',
      vac: '-10.00',
      tcpi: expect.closeTo(720 / 716, 12),
      run_rate: '161.33',
      exhausted_month: 4n,
      unit: 'USD',
    };
    // From the status month on, every row is as of the status month.
    for (const [index, row] of rows.slice(2).entries()) {
      expect(row).toEqual({ ...status, month: BigInt(index) });
    }
  });

  it('converts the budget of a project kept in another currency', async () => {
    const rows = await forecastRows('PB');
    expect(rows).toEqual([
      {
        ...noEarnedValue,
        month: -1n,
        budget_at_completion: '1080.00',
        planned_value: '540.00',
        actual_cost: '360.00',
        eac: '720.00',
        etc: '360.00',
        vac: '360.00',
        run_rate: '360.00',
        exhausted_month: 1n,
      },
      {
        month: 0n,
        budget_at_completion: '1080.00',
        planned_value: '665.00',
        earned_value: '540.00',
        actual_cost: '472.50',
        cost_variance: '67.50',
        schedule_variance: '-125.00',
        cpi: expect.closeTo(540 / 472.5, 12),
        spi: expect.closeTo(540 / 665, 12),
        eac: '945.00',
        eac_cpi: '945.00',
        eac_ac_plus_remaining: '1012.50',
        eac_cpi_spi: '1054.38',
        etc: '472.50',
        vac: '135.00',
        tcpi: expect.closeTo(540 / 607.5, 12),
        run_rate: '236.25',
        exhausted_month: 2n,
        unit: 'USD',
      },
    ]);
  });

  it('falls back to AC + (BAC - EV) when nothing is earned or spent yet', async () => {
    const rows = await forecastRows('PC');
    expect(rows[0]).toEqual(
      expect.objectContaining({
        month: 0n,
        earned_value: '0.00',
        actual_cost: '0.00',
        cpi: null,
        spi: null,
        eac: '100.00',
        eac_ac_plus_remaining: '100.00',
        vac: '0.00',
        tcpi: 1,
        exhausted_month: null,
      }),
    );
  });

  it('rates health from the configured thresholds and lists the reasons', async () => {
    const rows = await lakehouse.query(
      `SELECT project_id, program_id, health, cost_variance_pct, cpi, spi,
              overdue_actions, open_high_risks, dq_issues, reasons
         FROM gold.ppm_project_health ORDER BY project_id`,
    );
    expect(rows).toEqual([
      {
        project_id: 'PA',
        program_id: 'G1',
        health: 'red',
        cost_variance_pct: 4.72,
        cpi: expect.closeTo(480 / 484, 12),
        spi: expect.closeTo(480 / 508, 12),
        overdue_actions: 0,
        open_high_risks: 2,
        dq_issues: 0,
        reasons: '["SPI 0.94 is below 0.95","2 open high-impact risks"]',
      },
      {
        project_id: 'PB',
        program_id: 'G2',
        health: 'red',
        cost_variance_pct: 28.95,
        cpi: expect.closeTo(540 / 472.5, 12),
        spi: expect.closeTo(540 / 665, 12),
        overdue_actions: 1,
        open_high_risks: 0,
        dq_issues: 1,
        reasons: '["SPI 0.81 is below 0.90","1 data-quality issues"]',
      },
      {
        project_id: 'PC',
        program_id: 'G1',
        health: 'green',
        cost_variance_pct: null,
        cpi: null,
        spi: null,
        overdue_actions: 0,
        open_high_risks: 0,
        dq_issues: 0,
        reasons: '[]',
      },
      {
        project_id: 'PD',
        program_id: 'G2',
        health: 'amber',
        cost_variance_pct: -7,
        cpi: expect.closeTo(500 / 107, 12),
        spi: 5,
        overdue_actions: 0,
        open_high_risks: 0,
        dq_issues: 0,
        reasons:
          '["Actual cost is 7.00% over budget to date (amber above 5.00%)"]',
      },
    ]);
    for (const row of rows) {
      expect(Array.isArray(JSON.parse(String(row.reasons)))).toBe(true);
    }
  });

  it('changes colour when the thresholds change', async () => {
    await runGoldBuild({
      lakehouse,
      models: await loadModels(modelsDir),
      settings: {
        ...settings,
        health: {
          ...defaultHealthThresholds,
          costVariancePctAmber: 8,
          openHighRisksRed: 5,
          spiAmber: 0.5,
          spiRed: 0.4,
          dqIssuesAmber: 10,
        },
      },
    });
    const rows = await lakehouse.query(
      'SELECT project_id, health, reasons FROM gold.ppm_project_health ORDER BY project_id',
    );
    expect(rows.map(r => [r.project_id, r.health, r.reasons])).toEqual([
      ['PA', 'green', '[]'],
      ['PB', 'green', '[]'],
      ['PC', 'green', '[]'],
      ['PD', 'green', '[]'],
    ]);
    await runGoldBuild({
      lakehouse,
      models: await loadModels(modelsDir),
      settings,
    });
  });

  it('reports Advisor savings in USD with project, program and action', async () => {
    const rows = await lakehouse.query(
      `SELECT recommendation_id, project_id, program_id, impact, monthly_savings,
              annual_savings, unit, savings_currency, action_id, has_action
         FROM gold.azure_advisor_recs ORDER BY recommendation_id`,
    );
    expect(rows).toEqual([
      {
        recommendation_id: 'REC1',
        project_id: 'PA',
        program_id: 'G1',
        impact: 'High',
        monthly_savings: '108.00',
        annual_savings: '1296.00',
        unit: 'USD',
        savings_currency: 'EUR',
        action_id: 'X3',
        has_action: true,
      },
      {
        recommendation_id: 'REC2',
        project_id: 'PB',
        program_id: 'G2',
        impact: 'Medium',
        monthly_savings: '10.00',
        annual_savings: '120.00',
        unit: 'USD',
        savings_currency: 'USD',
        action_id: null,
        has_action: false,
      },
      {
        recommendation_id: 'REC3',
        project_id: null,
        program_id: null,
        impact: 'Low',
        monthly_savings: null,
        annual_savings: null,
        unit: 'USD',
        savings_currency: 'JPY',
        action_id: null,
        has_action: false,
      },
    ]);
    const byProgram = await lakehouse.query(
      `SELECT program_id, CAST(sum(monthly_savings) AS DECIMAL(18, 2)) AS monthly
         FROM gold.azure_advisor_recs WHERE program_id IS NOT NULL
         GROUP BY program_id ORDER BY program_id`,
    );
    expect(byProgram).toEqual([
      { program_id: 'G1', monthly: '108.00' },
      { program_id: 'G2', monthly: '10.00' },
    ]);
  });

  it('records the data-quality results of silver and gold', async () => {
    const failing = await lakehouse.query(
      `SELECT check_id, failing_rows, sample_keys FROM gold.data_quality_metrics
        WHERE status = 'fail' ORDER BY check_id`,
    );
    expect(failing).toEqual([
      {
        check_id: 'silver.notion_budget_lines.currency_has_rate',
        failing_rows: 1n,
        sample_keys: '["B3"]',
      },
    ]);
  });
});
