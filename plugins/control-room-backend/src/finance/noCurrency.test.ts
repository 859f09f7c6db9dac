import {
  DuckDbLakehouse,
  Lakehouse,
  lakehouseTables,
} from '@finance-ppm/plugin-control-room-node';
import { migrateLakehouse } from '../lakehouse/migrations';
import { findModelsDirectory, loadModels } from '../lakehouse/modelRunner';
import { defaultHealthThresholds } from './financeSettings';
import { runGoldBuild } from './goldBuild';

/*
 * A budget line with no currency of its own, in a project with none either,
 * is never converted as if it were USD: gold counts it unconverted and the
 * currency check names it.
 */

describe('a budget line with no currency anywhere', () => {
  let lakehouse: Lakehouse;
  beforeAll(async () => {
    lakehouse = await DuckDbLakehouse.open({ path: ':memory:' });
    await migrateLakehouse(lakehouse, lakehouseTables);
    await lakehouse.execute(
      `INSERT INTO silver.notion_projects
         (project_id, name, currency, budget_total, start_date, end_date, is_archived)
       VALUES ('P-NONE', 'No currency', NULL, 1000, current_date, current_date, false),
              ('P-EUR', 'Euro project', 'EUR', 100, current_date, current_date, false)`,
    );
    const month = "CAST(date_trunc('month', current_date) AS DATE)";
    await lakehouse.execute(
      `INSERT INTO silver.notion_budget_lines
         (budget_line_id, project_id, category, vendor, period, currency, amount, is_archived)
       VALUES ('L-BARE', 'P-NONE', 'OpEx', 'Acme', ${month}, NULL, 500, false),
              ('L-USD', 'P-NONE', 'OpEx', 'Acme', ${month}, 'USD', 100, false),
              ('L-INHERIT', 'P-EUR', 'OpEx', 'Acme', ${month}, NULL, 200, false)`,
    );
    await runGoldBuild({
      lakehouse,
      models: await loadModels(findModelsDirectory(__dirname)),
      settings: {
        reportingCurrency: 'USD',
        fxRates: { EUR: 1.1 },
        health: defaultHealthThresholds,
      },
      only: [
        'gold.ppm_budget_line_totals',
        'gold.ppm_budget_vs_actual',
        'gold.ppm_forecast',
      ],
    });
  });
  afterAll(() => lakehouse.close());

  it('is counted unconverted and left out of the budget', async () => {
    const rows = await lakehouse.query(
      `SELECT metric_name, value, unit FROM gold.ppm_budget_vs_actual
        WHERE dimension = 'project' AND dimension_value = 'P-NONE'
          AND metric_name IN ('budget', 'unconverted_lines')
        ORDER BY metric_name`,
    );
    expect(rows).toEqual([
      { metric_name: 'budget', value: '100.00', unit: 'USD' },
      { metric_name: 'unconverted_lines', value: '1.00', unit: 'lines' },
    ]);
    // A line without its own currency still takes its project's.
    const [euro] = await lakehouse.query(
      `SELECT value FROM gold.ppm_budget_vs_actual
        WHERE dimension = 'project' AND dimension_value = 'P-EUR' AND metric_name = 'budget'`,
    );
    expect(euro.value).toBe('220.00');
  });

  it('leaves a project budget with no currency out of BAC, never converted as USD', async () => {
    const rows = await lakehouse.query(
      `SELECT project_id, budget_at_completion, unit FROM gold.ppm_forecast
        ORDER BY project_id`,
    );
    expect(rows).toEqual([
      { project_id: 'P-EUR', budget_at_completion: '110.00', unit: 'USD' },
      { project_id: 'P-NONE', budget_at_completion: null, unit: 'USD' },
    ]);
  });

  it('is named by the currency check', async () => {
    const issues = await lakehouse.query(
      `SELECT row_key, project_id FROM gold.data_quality_issues
        WHERE check_id = 'silver.notion_budget_lines.currency_has_rate'`,
    );
    expect(issues).toEqual([{ row_key: 'L-BARE', project_id: 'P-NONE' }]);
  });
});
