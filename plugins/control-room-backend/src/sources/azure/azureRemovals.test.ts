import { mockServices } from '@backstage/backend-test-utils';
import { Lakehouse } from '@finance-ppm/plugin-control-room-node';
import {
  AzureSandbox,
  createAzureSandbox,
  createMswHttpClient,
  sandboxAzureCredential,
} from '@finance-ppm/sandbox';
import { http, HttpResponse, RequestHandler } from 'msw';
import { advisorAlerts } from '../../alerts/detectAlerts';
import { readHighImpactRecommendations } from '../../alerts/alertQueries';
import { defaultHealthThresholds, runGoldBuild } from '../../finance';
import {
  openTestLakehouse,
  TestEngine,
} from '../../lakehouse/__testUtils__/testEngines';
import { findModelsDirectory, loadModels } from '../../lakehouse/modelRunner';
import { createAzurePulls } from './azurePulls';
import { createAzureClients } from './clients';
import { AdvisorSource } from './config';

/*
 * Deletions on the Azure sandbox (msw handlers answered in-process through
 * the SDK's own pipeline) and a real in-memory DuckDB: what a complete pull
 * no longer returns is marked removed and leaves gold, the API's tables and
 * alerts; a failed or partial pull marks nothing.
 */

// Each test ingests and builds gold on DuckDB: past jest's 5 s when loaded.
jest.setTimeout(30_000);

const PROJECT = { id: 'P-APOLLO', name: 'Apollo', currency: 'USD' as const };

interface Harness {
  sandbox: AzureSandbox;
  lakehouse: Lakehouse;
  pulls: ReturnType<typeof createAzurePulls>;
  /** Puts a handler before the sandbox's own, to inject answers. */
  override(handler: RequestHandler): void;
}

const opened: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map(l => l.close()));
});

async function harness(
  advisorSource: AdvisorSource = 'resource-graph',
  resourcesPerProject = 3,
  engine: TestEngine = 'DuckDB',
) {
  const sandbox = createAzureSandbox({
    projects: [PROJECT],
    subscriptions: 1,
    resourcesPerProject,
    unlinkedResources: 0,
  });
  // Every recommendation high impact, so each one is an alert candidate.
  for (const recommendation of sandbox.recommendations) {
    recommendation.properties.impact = 'High';
  }
  const engineUnderTest = await openTestLakehouse(engine);
  opened.push(engineUnderTest);
  const { lakehouse } = engineUnderTest;
  // The client reads this list per request; overrides go in front.
  const handlers: RequestHandler[] = [...sandbox.handlers];
  let clock = Date.UTC(2026, 10, 25, 6, 0, 0);
  const pulls = createAzurePulls({
    lakehouse,
    logger: mockServices.logger.mock(),
    settings: {
      subscriptions: sandbox.subscriptions,
      subscriptionBatchSize: 100,
      // Three rows come in two pages.
      pageSize: 2,
      advisorSource,
      projectTag: sandbox.projectTag,
      resourceGroupProjects: {},
    },
    clients: createAzureClients(sandboxAzureCredential, {
      httpClient: createMswHttpClient(handlers),
      retryOptions: { maxRetries: 1, retryDelayInMs: 1, maxRetryDelayInMs: 2 },
    }),
    sleep: async () => {},
    // Each pull gets its own time, a minute after the last.
    now: () => new Date((clock += 60_000)),
  });
  const h: Harness = {
    sandbox,
    lakehouse,
    pulls,
    override: handler => handlers.unshift(handler),
  };
  return h;
}

async function buildGold(lakehouse: Lakehouse) {
  await runGoldBuild({
    lakehouse,
    models: await loadModels(findModelsDirectory(__dirname)),
    settings: {
      reportingCurrency: 'USD',
      fxRates: {},
      health: defaultHealthThresholds,
    },
    only: ['gold.azure_advisor_recs'],
  });
}

async function goldSavings(lakehouse: Lakehouse) {
  return lakehouse.query(
    `SELECT recommendation_id, annual_savings FROM gold.azure_advisor_recs
      ORDER BY recommendation_id`,
  );
}

async function alertKeys(lakehouse: Lakehouse) {
  const rows = await readHighImpactRecommendations(lakehouse);
  return advisorAlerts(rows, new Date())
    .map(alert => alert.key)
    .sort();
}

const silverState = (lakehouse: Lakehouse) =>
  lakehouse.query(
    `SELECT 'resource' AS kind, resource_id AS id, ingested_at, removed_at FROM silver.azure_resources
     UNION ALL
     SELECT 'recommendation', recommendation_id, ingested_at, removed_at FROM silver.azure_advisor_recommendations
     ORDER BY kind, id`,
  );

const failSkipTokenPages = http.post(
  '*/providers/Microsoft.ResourceGraph/resources',
  async ({ request }) => {
    const body = (await request.clone().json()) as {
      options?: { $skipToken?: string };
    };
    if (!body.options?.$skipToken) return undefined;
    return HttpResponse.json(
      { error: { code: 'InternalServerError', message: 'page two failed' } },
      { status: 500 },
    );
  },
);

describe('Azure rows a complete pull no longer returns', () => {
  it.each<[AdvisorSource, TestEngine]>([
    ['resource-graph', 'DuckDB'],
    ['advisor-api', 'DuckDB'],
    ['resource-graph', 'the emulated Databricks SQL warehouse'],
  ])(
    '3 recommendations, then 2: the third leaves gold savings and alerts (advisor via %s, on %s)',
    async (advisorSource, engine) => {
      const { sandbox, lakehouse, pulls } = await harness(
        advisorSource,
        3,
        engine,
      );
      expect(sandbox.recommendations).toHaveLength(3);
      await pulls.azure_rg_ingest_bronze();
      await pulls.azure_advisor_transform();
      await buildGold(lakehouse);

      const ids = sandbox.recommendations.map(r => r.id).sort();
      const before = await goldSavings(lakehouse);
      expect(before.map(r => r.recommendation_id)).toEqual(ids);
      expect(await alertKeys(lakehouse)).toEqual(
        ids.map(id => `advisor:${id}`),
      );

      // Advisor resolves the third recommendation.
      const [resolved] = sandbox.recommendations.splice(2, 1);
      await pulls.azure_advisor_transform();
      await buildGold(lakehouse);

      const kept = ids.filter(id => id !== resolved.id);
      const gold = await goldSavings(lakehouse);
      expect(gold.map(r => r.recommendation_id)).toEqual(kept);
      // The other two keep their savings as they were.
      expect(gold).toEqual(
        before.filter(r => r.recommendation_id !== resolved.id),
      );
      expect(await alertKeys(lakehouse)).toEqual(
        kept.map(id => `advisor:${id}`),
      );

      // Silver marks it with the time it disappeared; bronze keeps it.
      const [silverRow] = await lakehouse.query(
        `SELECT removed_at, ingested_at FROM silver.azure_advisor_recommendations
          WHERE recommendation_id = :id`,
        { id: resolved.id },
      );
      expect(silverRow.removed_at).toBe('2026-11-25T06:03:00.000Z');
      expect(silverRow.ingested_at).toBe('2026-11-25T06:02:00.000Z');
      const bronze = await lakehouse.query(
        'SELECT recommendation_id FROM bronze.azure_advisor_raw WHERE recommendation_id = :id',
        { id: resolved.id },
      );
      expect(bronze).toHaveLength(1);

      // Back again at the next pull: active again.
      sandbox.recommendations.push(resolved);
      await pulls.azure_advisor_transform();
      await buildGold(lakehouse);
      expect(
        (await goldSavings(lakehouse)).map(r => r.recommendation_id),
      ).toEqual(ids);
    },
  );

  it('marks a deleted resource removed and keeps it out of the API and counts', async () => {
    const { sandbox, lakehouse, pulls } = await harness();
    await pulls.azure_rg_ingest_bronze();
    const [deleted] = sandbox.resources.splice(0, 1);
    await pulls.azure_rg_ingest_bronze();

    const rows = await lakehouse.query(
      'SELECT resource_id, removed_at FROM silver.azure_resources ORDER BY resource_id',
    );
    expect(rows).toHaveLength(3);
    expect(rows.filter(r => r.removed_at !== null)).toEqual([
      { resource_id: deleted.id, removed_at: '2026-11-25T06:02:00.000Z' },
    ]);
    // A later complete pull keeps the first time it went missing.
    await pulls.azure_rg_ingest_bronze();
    const [again] = await lakehouse.query(
      'SELECT removed_at FROM silver.azure_resources WHERE resource_id = :id',
      { id: deleted.id },
    );
    expect(again.removed_at).toBe('2026-11-25T06:02:00.000Z');
  });

  it.each([
    ['azure_rg_ingest_bronze', 'resources'],
    ['azure_advisor_transform', 'recommendations'],
  ] as const)(
    'a %s pull that fails on its second page changes nothing',
    async (job, inventory) => {
      // Four rows, then three after the removal: still two pages.
      const { sandbox, lakehouse, pulls, override } = await harness(
        'resource-graph',
        4,
      );
      await pulls.azure_rg_ingest_bronze();
      await pulls.azure_advisor_transform();
      const before = await silverState(lakehouse);
      const bronzeBefore = await lakehouse.query(
        `SELECT (SELECT count(*) FROM bronze.azure_rg_raw) AS resources,
                (SELECT count(*) FROM bronze.azure_advisor_raw) AS recommendations`,
      );

      sandbox[inventory].splice(0, 1);
      override(failSkipTokenPages);
      await expect(pulls[job]()).rejects.toThrow(/page two failed/);

      const firstPages = sandbox.requests.filter(
        r => r.api === 'resource-graph' && r.status === 200,
      );
      expect(firstPages.length).toBeGreaterThan(2);
      await expect(silverState(lakehouse)).resolves.toEqual(before);
      await expect(
        lakehouse.query(
          `SELECT (SELECT count(*) FROM bronze.azure_rg_raw) AS resources,
                  (SELECT count(*) FROM bronze.azure_advisor_raw) AS recommendations`,
        ),
      ).resolves.toEqual(bronzeBefore);
    },
  );

  it('a truncated result writes what came but marks nothing removed', async () => {
    const { sandbox, lakehouse, pulls, override } = await harness();
    await pulls.azure_rg_ingest_bronze();
    sandbox.resources.splice(0, 1);
    override(
      http.post('*/providers/Microsoft.ResourceGraph/resources', () =>
        HttpResponse.json({
          totalRecords: 2,
          count: 2,
          resultTruncated: 'true',
          facets: [],
          data: sandbox.resources.slice(0, 2),
        }),
      ),
    );

    await pulls.azure_rg_ingest_bronze();

    const rows = await silverState(lakehouse);
    expect(rows.filter(r => r.removed_at !== null)).toEqual([]);
    expect(new Set(rows.map(r => r.ingested_at)).size).toBe(2);
  });

  it('paging that ends before the announced total marks nothing removed', async () => {
    const { sandbox, lakehouse, pulls, override } = await harness();
    await pulls.azure_rg_ingest_bronze();
    sandbox.resources.splice(0, 1);
    override(
      http.post('*/providers/Microsoft.ResourceGraph/resources', () =>
        HttpResponse.json({
          totalRecords: 5,
          count: 2,
          resultTruncated: 'false',
          facets: [],
          data: sandbox.resources,
        }),
      ),
    );

    await pulls.azure_rg_ingest_bronze();

    const rows = await silverState(lakehouse);
    expect(rows.filter(r => r.removed_at !== null)).toEqual([]);
  });
});
