import path from 'node:path';
import {
  azureCosts,
  DuckDbLakehouse,
  Lakehouse,
} from '@finance-ppm/plugin-control-room-node';
import { loadModels } from '../lakehouse/modelRunner';
import { SqlModel } from '../lakehouse/models';
import { defaultHealthThresholds, FinanceSettings } from './financeSettings';
import { runGoldBuild } from './goldBuild';
import { cloudFxRates, cost, seedCloudSpend, spend } from './testCloudSpend';
import { createDeclaredTables } from './__testUtils__/testPortfolio';

const modelsDir = path.resolve(__dirname, '../../../../databricks/sql');

const settings: FinanceSettings = {
  reportingCurrency: 'USD',
  fxRates: cloudFxRates,
  health: defaultHealthThresholds,
};

describe('cloud actual in gold.ppm_budget_vs_actual', () => {
  let lakehouse: Lakehouse;
  let models: SqlModel[];

  beforeEach(async () => {
    lakehouse = await DuckDbLakehouse.open({ path: ':memory:' });
    await createDeclaredTables(lakehouse);
    await seedCloudSpend(lakehouse);
    models = await loadModels(modelsDir);
  });

  afterEach(async () => {
    await lakehouse.close();
  });

  async function build() {
    return runGoldBuild({
      lakehouse,
      models,
      settings,
      only: ['gold.ppm_budget_line_totals', 'gold.ppm_budget_vs_actual'],
    });
  }

  async function cloudFigures() {
    const rows = await lakehouse.query<{
      metric_name: string;
      dimension: string;
      dimension_value: string;
      period: string;
      value: string;
      unit: string;
    }>(
      `SELECT metric_name, dimension, dimension_value, CAST(period AS VARCHAR) AS period, value, unit
         FROM gold.ppm_budget_vs_actual
        WHERE metric_name LIKE 'cloud%'
        ORDER BY metric_name, dimension, dimension_value, period`,
    );
    return rows.map(r =>
      [
        r.metric_name,
        r.dimension,
        r.dimension_value,
        r.period,
        r.value,
        r.unit,
      ].join(' '),
    );
  }

  it('reports cloud actual per project, program and month to the cent in USD, and the unclaimed spend', async () => {
    await build();
    expect(await cloudFigures()).toEqual([
      'cloud_actual program G1 2026-10-01 118.15 USD',
      'cloud_actual program G1 2026-11-01 30.80 USD',
      'cloud_actual program G2 2026-10-01 51.43 USD',
      'cloud_actual program unassigned 2026-10-01 2.50 USD',
      'cloud_actual project PA 2026-10-01 118.15 USD',
      'cloud_actual project PA 2026-11-01 20.00 USD',
      'cloud_actual project PB 2026-10-01 51.43 USD',
      'cloud_actual project PC 2026-11-01 10.80 USD',
      'cloud_actual project PZ 2026-10-01 2.50 USD',
      'cloud_unallocated program unallocated 2026-10-01 13.18 USD',
    ]);
  });

  it('leaves the Notion actual and variance as Notion reports them', async () => {
    await build();
    const rows = await lakehouse.query(
      `SELECT metric_name, value FROM gold.ppm_budget_vs_actual
        WHERE dimension = 'project' AND dimension_value = 'PA' AND period = DATE '2026-10-01'
          AND metric_name IN ('actual', 'variance')
        ORDER BY metric_name`,
    );
    expect(rows).toEqual([
      { metric_name: 'actual', value: '90.00' },
      { metric_name: 'variance', value: '310.00' },
    ]);
  });

  it('replaces a revised day instead of adding to it', async () => {
    await build();
    // Azure revises the EUR database day: 100.125 becomes 50 (54.00 USD).
    await lakehouse.upsert(azureCosts, [
      cost('2026-10-01', 'db1', 'EUR', 50, 'PA'),
    ]);
    await build();
    const figures = await cloudFigures();
    expect(figures).toContain('cloud_actual project PA 2026-10-01 64.01 USD');
    expect(figures).toContain('cloud_actual program G1 2026-10-01 64.01 USD');
    const [{ n }] = await lakehouse.query(
      'SELECT count(*) AS n FROM silver.azure_costs',
    );
    expect(Number(n)).toBe(spend.length);
  });

  it('lists spend no project claims and spend without a rate as data-quality issues', async () => {
    const result = await build();
    const byId = new Map(result.silverChecks.map(c => [c.checkId, c]));
    expect(byId.get('silver.azure_costs.project_claimed')).toMatchObject({
      status: 'fail',
      failingRows: 2,
    });
    expect(byId.get('silver.azure_costs.currency_has_rate')).toMatchObject({
      status: 'fail',
      failingRows: 1,
    });
    const issues = await lakehouse.query<{ row_key: string }>(
      `SELECT row_key FROM gold.data_quality_issues
        WHERE check_id = 'silver.azure_costs.project_claimed' ORDER BY row_key`,
    );
    expect(issues.map(i => i.row_key)).toEqual([
      expect.stringContaining('2026-10-05'),
      expect.stringContaining('2026-10-06'),
    ]);
    expect(issues.every(i => i.row_key.includes('shared1'))).toBe(true);
    const gold = new Map(result.goldChecks.map(c => [c.checkId, c.status]));
    expect(gold.get('gold.ppm_budget_vs_actual.metric_accepted')).toBe('pass');
    expect(gold.get('gold.ppm_budget_vs_actual.key_unique')).toBe('pass');
  });

  describe('health rule: cloud spend above the Notion actual', () => {
    async function health(cloudOverActualPctAmber?: number) {
      await runGoldBuild({
        lakehouse,
        models,
        settings: {
          ...settings,
          health: { ...defaultHealthThresholds, cloudOverActualPctAmber },
        },
        only: [
          'gold.ppm_budget_line_totals',
          'gold.ppm_budget_vs_actual',
          'gold.ppm_project_totals',
          'gold.ppm_project_health',
        ],
      });
      const rows = await lakehouse.query<{
        project_id: string;
        health: string;
        reasons: string;
      }>(
        'SELECT project_id, health, reasons FROM gold.ppm_project_health ORDER BY project_id',
      );
      return new Map(
        rows.map(r => [
          r.project_id,
          { health: r.health, reasons: JSON.parse(r.reasons) as string[] },
        ]),
      );
    }

    it('is off unless configured', async () => {
      const byProject = await health();
      expect(byProject.get('PC')).toEqual({ health: 'green', reasons: [] });
      expect(
        byProject.get('PA')!.reasons.some(r => r.startsWith('Cloud spend')),
      ).toBe(false);
    });

    it('turns a project amber when cloud spend to date exceeds its Notion actual by more than the threshold', async () => {
      const byProject = await health(50);
      // PC: 10.80 USD of cloud spend against no Notion actual.
      expect(byProject.get('PC')).toEqual({
        health: 'amber',
        reasons: [
          'Cloud spend 10.80 USD to date is more than 50.00% above the Notion actual of 0.00 USD (amber)',
        ],
      });
      // PA: 138.15 against 90.00 is 53.5 % above.
      expect(byProject.get('PA')!.reasons).toContain(
        'Cloud spend 138.15 USD to date is more than 50.00% above the Notion actual of 90.00 USD (amber)',
      );
      const looser = await health(60);
      expect(
        looser.get('PA')!.reasons.some(r => r.startsWith('Cloud spend')),
      ).toBe(false);
    });
  });
});
