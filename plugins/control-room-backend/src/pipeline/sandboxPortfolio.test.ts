import { mockServices } from '@backstage/backend-test-utils';
import {
  DuckDbLakehouse,
  Lakehouse,
  lakehouseTables,
  NotionService,
} from '@finance-ppm/plugin-control-room-node';
import {
  createAzureSandbox,
  createNotionSandbox,
  createSandboxAzureHttpClient,
  generatePortfolio,
  Portfolio,
  sandboxAzureCredential,
} from '@finance-ppm/sandbox';
import { setupServer } from 'msw/node';
import { defaultHealthThresholds } from '../finance';
import { migrateLakehouse } from '../lakehouse/migrations';
import { findModelsDirectory, loadModels } from '../lakehouse/modelRunner';
import { createAzureClients, createAzurePulls } from '../sources/azure';
import { createSandboxNotionPulls } from '../sources/notion/__testUtils__/sandboxNotionPulls';
import { buildPipelineWork } from './pipelineWork';

/*
 * The demo portfolio (`yarn start`: default seed, planted defects, actuals
 * up to last month) through the whole pipeline, as the portal runs it: the
 * Notion sandbox over msw, the Azure sandbox through its HTTP client, a real
 * in-memory DuckDB and the gold SQL. What a finance user sees must look like
 * a real portfolio.
 */

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describe('the demo portfolio through the pipeline', () => {
  let lakehouse: Lakehouse;
  let notion: NotionService;
  let portfolio: Portfolio;

  beforeAll(async () => {
    portfolio = generatePortfolio({ plantDefects: true });
    const sandbox = createNotionSandbox({
      portfolio,
      requestsPerSecond: 1000,
      burst: 1000,
    });
    server.use(...sandbox.handlers);
    const azure = createAzureSandbox({ projects: portfolio.projects });
    lakehouse = await DuckDbLakehouse.open({ path: ':memory:' });
    await migrateLakehouse(lakehouse, lakehouseTables);
    const logger = mockServices.logger.mock();
    let notionPulls;
    ({ pulls: notionPulls, notion } = createSandboxNotionPulls({
      lakehouse,
      databaseIds: sandbox.databaseIds,
      logger,
    }));
    const work = buildPipelineWork({
      lakehouse,
      models: await loadModels(findModelsDirectory(__dirname)),
      finance: {
        reportingCurrency: 'USD',
        // As app-config.yaml configures the demo.
        fxRates: { EUR: 1.08, GBP: 1.27 },
        health: defaultHealthThresholds,
      },
      notionPulls,
      azurePulls: createAzurePulls({
        lakehouse,
        logger,
        settings: {
          subscriptions: azure.subscriptions,
          subscriptionBatchSize: 100,
          pageSize: 1000,
          advisorSource: 'resource-graph',
          projectTag: azure.projectTag,
          resourceGroupProjects: azure.resourceGroupProjects,
        },
        clients: createAzureClients(sandboxAzureCredential, {
          httpClient: createSandboxAzureHttpClient(azure),
        }),
      }),
    });
    for (const job of [
      'notion_sync_bronze',
      'notion_transform_silver',
      'azure_rg_ingest_bronze',
      'azure_advisor_transform',
      'ppm_marts_gold',
    ]) {
      await work[job]();
    }
  }, 120_000);

  afterAll(async () => {
    await notion?.stop();
    await lakehouse?.close();
  });

  it('is about 70 % green, 20 % amber and 10 % red, each project as it was built to be', async () => {
    const rows = await lakehouse.query<{
      project_id: string;
      health: string;
      reasons: string;
    }>('SELECT project_id, health, reasons FROM gold.ppm_project_health');
    const byId = new Map(rows.map(r => [r.project_id, r]));
    const mismatches = portfolio.projects
      .filter(p => byId.get(p.id)?.health !== p.expectedHealth)
      .map(p => ({
        project: p.name,
        archetype: p.archetype,
        expected: p.expectedHealth,
        gold: byId.get(p.id)?.health,
        reasons: byId.get(p.id)?.reasons,
      }));
    expect(mismatches).toEqual([]);
    const count = (health: string) =>
      rows.filter(r => r.health === health).length;
    expect([count('green'), count('amber'), count('red')]).toEqual([14, 4, 2]);
    // Every red or amber project says why.
    for (const row of rows.filter(r => r.health !== 'green')) {
      expect(JSON.parse(row.reasons).length).toBeGreaterThan(0);
    }
  });

  it('puts savings on Cost recommendations only, in the reporting currency', async () => {
    const rows = await lakehouse.query<{
      category: string;
      priced: boolean;
      unit: string;
    }>(
      `SELECT category, monthly_savings IS NOT NULL AS priced, unit
         FROM gold.azure_advisor_recs`,
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter(r => r.priced !== (r.category === 'Cost'))).toEqual([]);
    expect(new Set(rows.map(r => r.unit))).toEqual(new Set(['USD']));
  });

  it('reports every planted data-quality defect under the check that catches it', async () => {
    const issues = await lakehouse.query<{ check_id: string; row_key: string }>(
      'SELECT check_id, row_key FROM gold.data_quality_issues',
    );
    const planted = portfolio.defects.filter(d => d.checkId);
    expect(planted.length).toBeGreaterThanOrEqual(8);
    const missed = planted.filter(
      d =>
        !issues.some(
          i => i.check_id === d.checkId && i.row_key.includes(d.recordId),
        ),
    );
    expect(missed).toEqual([]);
    // One or more defects of each kind of check that Notion data can fail.
    // Values outside a list never reach silver: the rejects check lists them.
    const kinds = await lakehouse.query<{ check_kind: string }>(
      `SELECT DISTINCT check_kind FROM gold.data_quality_metrics
        WHERE status = 'fail' AND check_id LIKE 'silver.notion%'`,
    );
    expect(kinds.map(k => k.check_kind).sort()).toEqual(
      [
        'column_order',
        'no_rows',
        'not_null',
        'range',
        'relationship',
        'unique',
      ].sort(),
    );
  });

  it('keeps each project budget equal to its converted lines', async () => {
    const rows = await lakehouse.query<{
      project_id: string;
      bac: string;
      lines: string;
    }>(
      `SELECT f.project_id, max(f.budget_at_completion) AS bac,
              (SELECT CAST(sum(value) AS DECIMAL(18, 2)) FROM gold.ppm_budget_vs_actual AS b
                WHERE b.dimension = 'project' AND b.metric_name = 'budget'
                  AND b.dimension_value = f.project_id) AS lines
         FROM gold.ppm_forecast AS f
        GROUP BY f.project_id`,
    );
    expect(rows.length).toBeGreaterThan(10);
    // Converted once as a total and once line by line: a cent per line at most.
    const apart = rows.filter(
      r => Math.abs(Number(r.bac) - Number(r.lines)) > 0.01 * 40,
    );
    expect(apart).toEqual([]);
  });
});
