import { mockServices } from '@backstage/backend-test-utils';
import {
  DuckDbLakehouse,
  Lakehouse,
  lakehouseTables,
} from '@finance-ppm/plugin-control-room-node';
// Until packages/sandbox/src/index.ts re-exports ./azure (owned elsewhere).
import {
  AzureSandbox,
  AzureSandboxOptions,
  createAzureSandbox,
  createSandboxAzureHttpClient,
  sandboxAzureCredential,
} from '@finance-ppm/sandbox';
import { migrateLakehouse } from '../../lakehouse/migrations';
import { AdvisorSource, AzureSourceSettings } from './config';
import { createAzurePulls, countUnlinkedAzureRows } from './azurePulls';
import { createAzureClients } from './clients';

/** A clock the sandbox's quota windows and the pulls' waits share. */
function virtualClock() {
  const clock = { now: 0, waits: [] as number[] };
  return {
    clock,
    now: () => clock.now,
    sleep: async (ms: number) => {
      clock.waits.push(ms);
      clock.now += ms;
    },
  };
}

interface Harness {
  sandbox: AzureSandbox;
  lakehouse: Lakehouse;
  settings: AzureSourceSettings;
  clock: ReturnType<typeof virtualClock>;
  pulls: ReturnType<typeof createAzurePulls>;
}

async function setUp(
  sandboxOptions: AzureSandboxOptions = {},
  overrides: Partial<AzureSourceSettings> = {},
): Promise<Harness> {
  const clock = virtualClock();
  const sandbox = createAzureSandbox({ now: clock.now, ...sandboxOptions });
  const lakehouse = await DuckDbLakehouse.open({ path: ':memory:' });
  await migrateLakehouse(lakehouse, lakehouseTables);
  const settings: AzureSourceSettings = {
    subscriptions: sandbox.subscriptions,
    subscriptionBatchSize: 100,
    pageSize: 1000,
    advisorSource: 'resource-graph',
    projectTag: sandbox.projectTag,
    resourceGroupProjects: sandbox.resourceGroupProjects,
    ...overrides,
  };
  const pulls = createAzurePulls({
    lakehouse,
    logger: mockServices.logger.mock(),
    settings,
    clients: createAzureClients(sandboxAzureCredential, {
      httpClient: createSandboxAzureHttpClient(sandbox),
      // Server errors are retried quickly; Retry-After still rules 429s.
      retryOptions: { retryDelayInMs: 5, maxRetryDelayInMs: 20 },
    }),
    sleep: clock.sleep,
    now: () => new Date(Date.UTC(2026, 10, 25, 6, 0, clock.clock.now / 1000)),
  });
  return { sandbox, lakehouse, settings, clock, pulls };
}

const silverResourcesSql =
  'SELECT * EXCLUDE (ingested_at) FROM silver.azure_resources ORDER BY resource_id';
const silverRecommendationsSql =
  'SELECT * EXCLUDE (ingested_at) FROM silver.azure_advisor_recommendations ORDER BY recommendation_id';

describe('createAzurePulls against the Azure sandbox', () => {
  const open: Lakehouse[] = [];
  async function harness(...args: Parameters<typeof setUp>) {
    const h = await setUp(...args);
    open.push(h.lakehouse);
    return h;
  }
  afterEach(async () => {
    await Promise.all(open.splice(0).map(l => l.close()));
  });

  it('ingests every resource across skip tokens and subscription batches', async () => {
    const { sandbox, lakehouse, pulls } = await harness(
      { subscriptions: 3, resourcesPerProject: 4 },
      { pageSize: 7, subscriptionBatchSize: 2 },
    );

    const { rowsWritten } = await pulls.azure_rg_ingest_bronze();

    const silver = await lakehouse.query(silverResourcesSql);
    expect(silver.map(r => r.resource_id)).toEqual(
      sandbox.resources.map(r => r.id).sort(),
    );
    expect(rowsWritten).toBe(sandbox.resources.length * 2);
    const queries = sandbox.requests.filter(r => r.api === 'resource-graph');
    // Two batches (2 + 1 subscriptions), each paged at 7 rows.
    const perBatch = [
      sandbox.resources.filter(r =>
        sandbox.subscriptions.slice(0, 2).includes(r.subscriptionId),
      ).length,
      sandbox.resources.filter(
        r => r.subscriptionId === sandbox.subscriptions[2],
      ).length,
    ];
    expect(queries).toHaveLength(
      perBatch.reduce((sum, n) => sum + Math.ceil(n / 7), 0),
    );
    expect(queries.every(q => q.status === 200)).toBe(true);
  });

  it('links by tag, then by resource group, and counts the unlinked without dropping them', async () => {
    const { sandbox, lakehouse, pulls } = await harness();
    await pulls.azure_rg_ingest_bronze();
    await pulls.azure_advisor_transform();

    const silver = await lakehouse.query(silverResourcesSql);
    for (const resource of sandbox.resources) {
      const row = silver.find(r => r.resource_id === resource.id)!;
      const expected =
        resource.tags['ppm-project'] ??
        sandbox.resourceGroupProjects[resource.resourceGroup] ??
        null;
      expect(row.project_id).toBe(expected);
      expect(row).toMatchObject({
        name: resource.name,
        type: resource.type,
        resource_group: resource.resourceGroup,
        subscription_id: resource.subscriptionId,
        location: resource.location,
        kind: resource.kind === '' ? null : resource.kind,
        sku: resource.sku?.name ?? null,
      });
      expect(JSON.parse(row.tags as string)).toEqual(resource.tags);
    }
    const byGroupOnly = sandbox.resources.filter(
      r =>
        !r.tags['ppm-project'] &&
        sandbox.resourceGroupProjects[r.resourceGroup],
    );
    expect(byGroupOnly.length).toBeGreaterThan(0);
    const unlinkedResources = sandbox.resources.filter(
      r =>
        !r.tags['ppm-project'] &&
        !sandbox.resourceGroupProjects[r.resourceGroup],
    ).length;
    expect(unlinkedResources).toBeGreaterThan(0);
    await expect(countUnlinkedAzureRows(lakehouse)).resolves.toEqual({
      resources: {
        total: sandbox.resources.length,
        unlinked: unlinkedResources,
      },
      recommendations: {
        total: sandbox.recommendations.length,
        unlinked: unlinkedResources,
      },
    });
  });

  it.each<AdvisorSource>(['resource-graph', 'advisor-api'])(
    'parses savings strings and keeps currencies (advisor source %s)',
    async advisorSource => {
      const { sandbox, lakehouse, pulls } = await harness(
        { advisorPageSize: 4 },
        { advisorSource },
      );
      await pulls.azure_rg_ingest_bronze();
      await pulls.azure_advisor_transform();

      const silver = await lakehouse.query(silverRecommendationsSql);
      expect(silver).toHaveLength(sandbox.recommendations.length);
      const categories = new Set(silver.map(r => r.category));
      expect([...categories].sort()).toEqual([
        'Cost',
        'HighAvailability',
        'OperationalExcellence',
        'Performance',
        'Security',
      ]);
      for (const recommendation of sandbox.recommendations) {
        const row = silver.find(
          r => r.recommendation_id === recommendation.id,
        )!;
        const extended = recommendation.properties.extendedProperties;
        // Two places, rounded half up on the digits of the vendor string.
        const toCents = (text: string) => {
          const [whole, fraction] = text.split('.');
          const cents =
            BigInt(whole + fraction.slice(0, 2)) +
            (Number(fraction[2]) >= 5 ? 1n : 0n);
          return `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
        };
        // Only Cost recommendations carry savings.
        const priced = extended.savingsAmount !== undefined;
        expect(priced).toBe(recommendation.properties.category === 'Cost');
        expect(row).toMatchObject({
          category: recommendation.properties.category,
          monthly_savings: priced ? toCents(extended.savingsAmount) : null,
          annual_savings: priced ? toCents(extended.annualSavingsAmount) : null,
          savings_currency: priced ? extended.savingsCurrency : null,
          last_updated: recommendation.properties.lastUpdated,
          resource_id: recommendation.properties.resourceMetadata.resourceId,
        });
      }
      expect(
        new Set(silver.map(r => r.savings_currency).filter(Boolean)).size,
      ).toBeGreaterThan(1);
      const advisorCalls = sandbox.requests.filter(r => r.api === 'advisor');
      const pagedCalls = advisorCalls.filter(r =>
        new URL(r.url).searchParams.has('$skiptoken'),
      );
      // The Advisor API pages by nextLink; Resource Graph never calls it.
      expect([advisorCalls.length > 0, pagedCalls.length > 0]).toEqual(
        advisorSource === 'advisor-api' ? [true, true] : [false, false],
      );
    },
  );

  it('waits out a spent quota before the next query, so no query is refused', async () => {
    const { sandbox, clock, pulls } = await harness(
      { quotaLimit: 3, quotaWindowMs: 5000, resourcesPerProject: 4 },
      { pageSize: 10 },
    );

    await pulls.azure_rg_ingest_bronze();

    const queries = sandbox.requests.filter(r => r.api === 'resource-graph');
    expect(queries.length).toBeGreaterThan(6);
    expect(queries.filter(q => q.status === 429)).toEqual([]);
    expect(clock.clock.waits.length).toBe(Math.ceil(queries.length / 3) - 1);
    expect(clock.clock.waits.every(ms => ms === 5000)).toBe(true);
    // No window ever sees more than its quota.
    for (let i = 3; i < queries.length; i++) {
      expect(queries[i].at - queries[i - 3].at).toBeGreaterThanOrEqual(5000);
    }
  });

  it('obeys Retry-After on a 429 and loses nothing', async () => {
    const { sandbox, lakehouse, pulls } = await harness({}, { pageSize: 20 });
    sandbox.faults.throttleNext(1, 1);

    await pulls.azure_rg_ingest_bronze();

    const [refused, retried] = sandbox.requests;
    expect(refused.status).toBe(429);
    expect(retried.status).toBe(200);
    expect(retried.wallTime - refused.wallTime).toBeGreaterThanOrEqual(950);
    const silver = await lakehouse.query(silverResourcesSql);
    expect(silver).toHaveLength(sandbox.resources.length);
  });

  it('a run with server faults ends with the same tables as a clean run, and a re-run changes nothing', async () => {
    const clean = await harness(
      {},
      { pageSize: 9, advisorSource: 'advisor-api' },
    );
    await clean.pulls.azure_rg_ingest_bronze();
    await clean.pulls.azure_advisor_transform();

    const faulty = await harness(
      {},
      { pageSize: 9, advisorSource: 'advisor-api' },
    );
    faulty.sandbox.faults.failNext(2, 503);
    await faulty.pulls.azure_rg_ingest_bronze();
    faulty.sandbox.faults.failNext(1, 500);
    await faulty.pulls.azure_advisor_transform();
    expect(faulty.sandbox.requests.filter(r => r.status >= 500)).toHaveLength(
      3,
    );

    const snapshot = async (lakehouse: Lakehouse) => ({
      resources: await lakehouse.query(silverResourcesSql),
      recommendations: await lakehouse.query(silverRecommendationsSql),
      bronzeResources: await lakehouse.query(
        'SELECT * EXCLUDE (ingested_at) FROM bronze.azure_rg_raw ORDER BY resource_id',
      ),
      bronzeRecommendations: await lakehouse.query(
        'SELECT * EXCLUDE (ingested_at) FROM bronze.azure_advisor_raw ORDER BY recommendation_id',
      ),
    });
    const expected = await snapshot(clean.lakehouse);
    expect(expected.resources).toHaveLength(clean.sandbox.resources.length);
    await expect(snapshot(faulty.lakehouse)).resolves.toEqual(expected);

    await faulty.pulls.azure_rg_ingest_bronze();
    await faulty.pulls.azure_advisor_transform();
    await expect(snapshot(faulty.lakehouse)).resolves.toEqual(expected);
  });

  it('keeps the tables as they were when a fetch fails for good', async () => {
    const { sandbox, lakehouse, pulls } = await harness({}, { pageSize: 9 });
    await pulls.azure_rg_ingest_bronze();
    const before = await lakehouse.query(silverResourcesSql);

    sandbox.faults.failNext(50, 503);
    await expect(pulls.azure_rg_ingest_bronze()).rejects.toThrow();
    sandbox.faults.clear();

    await expect(lakehouse.query(silverResourcesSql)).resolves.toEqual(before);
  });
});
