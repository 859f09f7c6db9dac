import {
  DatabricksLakehouse,
  jobRuns,
  Lakehouse,
  lakehouseTables,
  notionBudgetLines,
} from '@finance-ppm/plugin-control-room-node';
import {
  startSqlWarehouseEmulator,
  SqlWarehouseEmulator,
} from '@finance-ppm/sandbox';
import { defaultHealthThresholds, FinanceSettings } from '../finance';
import { openBuiltPortfolio } from '../finance/__testUtils__/testPortfolio';
import { migrateLakehouse } from '../lakehouse/migrations';
import { createBundleGoldChecker, writeReferenceData } from './pipelineWork';
import { portfolioPipelineWork } from './__testUtils__/portfolioPipelineWork';

const TOKEN = 'dapi-reference-data';
const finance: FinanceSettings = {
  reportingCurrency: 'USD',
  fxRates: { EUR: 1.08 },
  health: defaultHealthThresholds,
};

jest.setTimeout(60_000);

describe('databricks orchestrator work, on the emulated SQL warehouse', () => {
  let warehouse: SqlWarehouseEmulator;
  let lakehouse: Lakehouse;

  beforeAll(async () => {
    warehouse = await startSqlWarehouseEmulator({ token: TOKEN });
    lakehouse = new DatabricksLakehouse({
      host: `${warehouse.host}:${warehouse.port}`,
      httpPath: warehouse.httpPath,
      catalog: 'finance_ppm',
      auth: { token: TOKEN },
    });
    // The Databricks engine's own migrations, Delta DDL and all.
    await migrateLakehouse(lakehouse, lakehouseTables);
  });

  afterAll(async () => {
    await lakehouse?.close();
    await warehouse?.close();
  });

  it('writes the rates, thresholds and schedules the bundle SQL reads', async () => {
    const at = new Date('2026-03-01T10:07:00Z');
    await writeReferenceData(lakehouse, finance, at);

    expect(
      await lakehouse.query(
        'SELECT currency, rate_to_reporting FROM bronze.fx_rates ORDER BY currency',
      ),
    ).toEqual([
      { currency: 'EUR', rate_to_reporting: 1.08 },
      { currency: 'USD', rate_to_reporting: 1 },
    ]);
    expect(
      await lakehouse.query(
        'SELECT count(*) AS n FROM bronze.health_thresholds',
      ),
    ).toEqual([{ n: 1n }]);
    expect(
      await lakehouse.query(
        "SELECT next_run_time FROM bronze.job_schedules WHERE job_id = 'ppm_marts_gold'",
      ),
    ).toEqual([{ next_run_time: '2026-03-01T11:00:00.000Z' }]);
  });

  it('runs the gold checks once per successful bundle gold build', async () => {
    const check = createBundleGoldChecker(
      lakehouse,
      () => new Date('2026-03-01T12:00:00Z'),
    );
    expect(await check()).toBe(false);
    const run = (runId: string, endedAt: string) => ({
      run_id: runId,
      job_id: 'ppm_marts_gold',
      job_name: '[dev jane] [PPM] Compute Gold Marts',
      status: 'SUCCESS',
      trigger: 'databricks',
      started_at: '2026-03-01T10:00:00.000Z',
      ended_at: endedAt,
      duration_seconds: 60,
      rows_written: null,
      error_message: null,
    });
    await lakehouse.upsert(jobRuns, [
      run('databricks-1', '2026-03-01T10:01:00.000Z'),
    ]);
    expect(await check()).toBe(true);
    expect(await check()).toBe(false);
    const [metrics] = await lakehouse.query<{ n: bigint }>(
      'SELECT count(*) AS n FROM gold.data_quality_metrics',
    );
    expect(metrics.n).toBeGreaterThan(0n);
    await lakehouse.upsert(jobRuns, [
      run('databricks-2', '2026-03-01T11:01:00.000Z'),
    ]);
    expect(await check()).toBe(true);
  });
});

describe('the full Notion silver rebuild on DuckDB', () => {
  it('puts the budget lines back in their clustering order before the silver checks', async () => {
    const { lakehouse, models } = await openBuiltPortfolio();
    try {
      const order: string[] = [];
      const cluster = jest
        .spyOn(lakehouse, 'cluster')
        .mockImplementation(async table => {
          order.push(`cluster ${table.schema}.${table.name}`);
          return false;
        });
      const query = lakehouse.query.bind(lakehouse);
      jest.spyOn(lakehouse, 'query').mockImplementation((sql, params) => {
        if (/data_quality|silver\.notion_budget_lines/.test(sql)) {
          order.push('read');
        }
        return query(sql, params);
      });
      const work = portfolioPipelineWork({ lakehouse, models }, async () => {
        order.push('rebuild');
        return 0;
      });
      await work.notion_transform_silver();
      expect(cluster).toHaveBeenCalledWith(notionBudgetLines);
      const clustered = order.indexOf('cluster silver.notion_budget_lines');
      expect(order.indexOf('rebuild')).toBeLessThan(clustered);
      expect(order.lastIndexOf('read')).toBeGreaterThan(clustered);
    } finally {
      await lakehouse.close();
    }
  });
});
