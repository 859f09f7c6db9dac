import { mockServices } from '@backstage/backend-test-utils';
import { Lakehouse } from '@finance-ppm/plugin-control-room-node';
import {
  AzureSandbox,
  createAzureSandbox,
  createSandboxAzureHttpClient,
  sandboxAzureCredential,
} from '@finance-ppm/sandbox';
import {
  openTestLakehouse,
  TEST_ENGINES,
  TestEngine,
} from '../../lakehouse/__testUtils__/testEngines';
import { createCostManagementClient } from './costManagement';
import {
  costScopes,
  createCostPulls,
  relinkByResourceGroup,
} from './costPulls';

const TODAY = '2026-11-25';

interface Harness {
  sandbox: AzureSandbox;
  lakehouse: Lakehouse;
  waits: number[];
  clock: { today: string };
  pull: () => Promise<{ rowsWritten: number }>;
}

const open: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map(l => l.close()));
});

async function setUp(
  options: {
    costPageSize?: number;
    backfillMonths?: number;
    engine?: TestEngine;
  } = {},
): Promise<Harness> {
  const sandbox = createAzureSandbox({
    costsThrough: TODAY,
    costPageSize: options.costPageSize,
    resourcesPerProject: 2,
  });
  const engine = await openTestLakehouse(options.engine ?? 'DuckDB');
  open.push(engine);
  const { lakehouse } = engine;
  const waits: number[] = [];
  const sleep = async (ms: number) => {
    waits.push(ms);
  };
  const clock = { today: TODAY };
  const { pull } = {
    pull: createCostPulls({
      lakehouse,
      logger: mockServices.logger.mock(),
      settings: {
        subscriptions: sandbox.subscriptions,
        projectTag: sandbox.projectTag,
        resourceGroupProjects: sandbox.resourceGroupProjects,
        costManagement: {
          billingScopes: [],
          backfillMonths: options.backfillMonths ?? 13,
          refreshDays: 5,
          maxThrottleRetries: 3,
        },
      },
      client: createCostManagementClient(sandboxAzureCredential, {
        httpClient: createSandboxAzureHttpClient(sandbox),
        retryOptions: {
          maxRetries: 1,
          retryDelayInMs: 1,
          maxRetryDelayInMs: 2,
        },
        maxThrottleRetries: 3,
        sleep,
      }),
      sleep,
      now: () => new Date(`${clock.today}T07:00:00Z`),
    }).azure_cost_ingest,
  };
  return { sandbox, lakehouse, waits, clock, pull };
}

/** Spend per day and currency as the sandbox's model holds it. */
function expectedDailyTotals(sandbox: AzureSandbox, days: string[]) {
  const totals = new Map<string, number>();
  for (const day of days) {
    for (const cost of sandbox.costs.costsOn(day)) {
      const key = `${day}|${cost.currency}`;
      totals.set(key, (totals.get(key) ?? 0) + cost.cost);
    }
  }
  return totals;
}

async function storedDailyTotals(lakehouse: Lakehouse) {
  const rows = await lakehouse.query<{
    day: string;
    currency: string;
    total: number;
  }>(
    `SELECT CAST(charge_period_start AS VARCHAR) AS day, billing_currency AS currency, sum(billed_cost) AS total
       FROM silver.azure_costs GROUP BY 1, 2`,
  );
  return new Map(rows.map(r => [`${r.day}|${r.currency}`, r.total]));
}

async function snapshot(lakehouse: Lakehouse) {
  return {
    bronze: await lakehouse.query(
      'SELECT * FROM bronze.azure_cost_raw ORDER BY row_key',
    ),
    silver: await lakehouse.query(
      'SELECT * FROM silver.azure_costs ORDER BY charge_period_start, resource_id, billing_currency',
    ),
    watermarks: await lakehouse.query(
      "SELECT * FROM bronze.sync_watermarks WHERE source = 'azure_cost' ORDER BY source_id",
    ),
  };
}

function lastDays(count: number, through = TODAY): string[] {
  return Array.from({ length: count }, (_, i) => {
    const day = new Date(`${through}T00:00:00Z`);
    day.setUTCDate(day.getUTCDate() - i);
    return day.toISOString().slice(0, 10);
  }).reverse();
}

// A backfill reads 13 months of sandbox spend: seconds on a busy machine.
jest.setTimeout(60_000);

describe('azure_cost_ingest against the Cost Management sandbox', () => {
  it('backfills thirteen months on its first run, one query per scope and month', async () => {
    const { sandbox, lakehouse, pull } = await setUp();

    const { rowsWritten } = await pull();

    const queries = sandbox.requests.filter(r => r.api === 'cost-management');
    expect(queries).toHaveLength(sandbox.subscriptions.length * 13);
    expect(queries.every(q => q.status === 200)).toBe(true);
    const [{ first, last, n }] = await lakehouse.query(
      'SELECT CAST(min(charge_period_start) AS VARCHAR) AS first, CAST(max(charge_period_start) AS VARCHAR) AS last, count(*) AS n FROM silver.azure_costs',
    );
    expect([first, last]).toEqual(['2025-11-01', TODAY]);
    const [{ bronze }] = await lakehouse.query(
      'SELECT count(*) AS bronze FROM bronze.azure_cost_raw',
    );
    expect(rowsWritten).toBe(Number(bronze) + Number(n));
    const expected = expectedDailyTotals(sandbox, [
      '2025-11-01',
      '2026-03-15',
      TODAY,
    ]);
    const stored = await storedDailyTotals(lakehouse);
    for (const [key, total] of expected) {
      expect(stored.get(key)).toBeCloseTo(total, 9);
    }
    const watermarks = await lakehouse.query(
      "SELECT source_id, CAST(watermark AS VARCHAR) AS watermark FROM bronze.sync_watermarks WHERE source = 'azure_cost' ORDER BY source_id",
    );
    expect(watermarks.map(w => w.source_id)).toEqual(
      costScopes(sandbox.subscriptions, []),
    );
    expect(String(watermarks[0].watermark)).toContain(TODAY);
  });

  it('links spend by tag, then by resource group, and leaves the rest unclaimed', async () => {
    const { sandbox, lakehouse, pull } = await setUp({ backfillMonths: 1 });
    await pull();
    const rows = await lakehouse.query<{
      resource_id: string;
      project_id: string | null;
      project_link: string | null;
    }>(
      `SELECT DISTINCT resource_id, project_id, project_link FROM silver.azure_costs`,
    );
    const byId = new Map(rows.map(r => [r.resource_id, r]));
    for (const resource of sandbox.resources) {
      const stored = byId.get(resource.id.toLowerCase())!;
      const tag = resource.tags['ppm-project'];
      const group = sandbox.resourceGroupProjects[resource.resourceGroup];
      let expected: Array<string | null> = [null, null];
      if (group) expected = [group, 'resource_group'];
      if (tag) expected = [tag, 'tag'];
      expect([stored.project_id, stored.project_link]).toEqual(expected);
    }
    // A marketplace charge per subscription has no resource at all.
    for (const subscription of sandbox.subscriptions) {
      expect(byId.get(`/subscriptions/${subscription}`)).toMatchObject({
        project_id: null,
      });
    }
    expect(rows.filter(r => r.project_id === null).length).toBeGreaterThan(
      sandbox.subscriptions.length,
    );
  });

  it.each(TEST_ENGINES)(
    're-reads the last five days, and a revised day replaces the earlier figure (on %s)',
    async engine => {
      const { sandbox, lakehouse, pull, clock } = await setUp({
        backfillMonths: 2,
        engine,
      });
      await pull();
      const vm = sandbox.resources[0].id;
      const [before] = await lakehouse.query(
        `SELECT billed_cost FROM silver.azure_costs WHERE resource_id = :id AND charge_period_start = DATE '2026-11-23'`,
        { id: vm.toLowerCase() },
      );
      const dropped = sandbox.resources[1].id;
      sandbox.costs.revise(vm, '2026-11-23', 123.45);
      sandbox.costs.revise(dropped, '2026-11-24', null);
      // Outside the re-read window: Azure's revision is not seen.
      sandbox.costs.revise(vm, '2026-11-01', 999);
      sandbox.requests.length = 0;
      clock.today = '2026-11-26';

      await pull();

      const queries = sandbox.requests.filter(r => r.api === 'cost-management');
      expect(queries).toHaveLength(sandbox.subscriptions.length);
      const figures = await lakehouse.query(
        `SELECT CAST(charge_period_start AS VARCHAR) AS day, billed_cost FROM silver.azure_costs
        WHERE resource_id = :id ORDER BY charge_period_start`,
        { id: vm.toLowerCase() },
      );
      const on = (day: string) => figures.filter(f => f.day === day);
      expect(on('2026-11-23')).toEqual([
        { day: '2026-11-23', billed_cost: 123.45 },
      ]);
      expect(before.billed_cost).not.toBe(123.45);
      expect(on('2026-11-01')[0].billed_cost).not.toBe(999);
      expect(on('2026-11-26')).toHaveLength(0); // costsThrough is the 25th
      const droppedRows = await lakehouse.query(
        `SELECT count(*) AS n FROM silver.azure_costs WHERE resource_id = :id AND charge_period_start = DATE '2026-11-24'`,
        { id: dropped.toLowerCase() },
      );
      expect(Number(droppedRows[0].n)).toBe(0);
      const droppedRaw = await lakehouse.query(
        `SELECT count(*) AS n FROM bronze.azure_cost_raw WHERE lower(resource_id) = :id AND usage_date = DATE '2026-11-24'`,
        { id: dropped.toLowerCase() },
      );
      expect(Number(droppedRaw[0].n)).toBe(0);
      const expected = expectedDailyTotals(sandbox, lastDays(5));
      const stored = await storedDailyTotals(lakehouse);
      for (const [key, total] of expected) {
        expect(stored.get(key)).toBeCloseTo(total, 9);
      }
    },
  );

  it('a 429 storm changes nothing stored', async () => {
    const { sandbox, lakehouse, pull, clock, waits } = await setUp({
      backfillMonths: 1,
    });
    await pull();
    const before = await snapshot(lakehouse);
    sandbox.costs.revise(sandbox.resources[0].id, TODAY, 5000);
    clock.today = '2026-11-26';
    sandbox.faults.throttleNext(1000, 30);

    await expect(pull()).rejects.toThrow(/HTTP 429/);

    expect(await snapshot(lakehouse)).toEqual(before);
    // Three waits of the sandbox's 30 s quota header, then the run gave up.
    expect(waits).toEqual([30_000, 30_000, 30_000]);
    sandbox.faults.clear();
  });

  it('a failed second page changes nothing stored, on the first run and later', async () => {
    const { sandbox, lakehouse, pull, clock } = await setUp({
      costPageSize: 40,
      backfillMonths: 1,
    });
    sandbox.faults.passNext(1);
    sandbox.faults.failNext(10, 500);
    await expect(pull()).rejects.toThrow(/HTTP 500/);
    const empty = await snapshot(lakehouse);
    expect(empty).toEqual({ bronze: [], silver: [], watermarks: [] });
    sandbox.faults.clear();

    await pull();
    const before = await snapshot(lakehouse);
    sandbox.costs.revise(sandbox.resources[0].id, TODAY, 5000);
    clock.today = '2026-11-26';
    sandbox.faults.passNext(1);
    sandbox.faults.failNext(10, 500);
    await expect(pull()).rejects.toThrow(/HTTP 500/);
    expect(await snapshot(lakehouse)).toEqual(before);
  });

  it('waits for a 202 and reads the result from its Location', async () => {
    const { sandbox, lakehouse, pull, waits } = await setUp({
      backfillMonths: 1,
    });
    sandbox.faults.acceptNext(1);
    await pull();
    const statuses = sandbox.requests
      .filter(r => r.api === 'cost-management')
      .map(r => `${r.method} ${r.status}`);
    expect(statuses.slice(0, 2)).toEqual(['POST 202', 'GET 200']);
    expect(waits).toEqual([1000]);
    const expected = expectedDailyTotals(sandbox, [TODAY]);
    const stored = await storedDailyTotals(lakehouse);
    for (const [key, total] of expected) {
      expect(stored.get(key)).toBeCloseTo(total, 9);
    }
  });

  it('runs again without change when Azure reports the same figures', async () => {
    const { lakehouse, pull } = await setUp({ backfillMonths: 1 });
    await pull();
    const first = await snapshot(lakehouse);
    await pull();
    const second = await snapshot(lakehouse);
    // Only the bookkeeping differs: which pull, when, and the query's window.
    const strip = (rows: any[]) =>
      rows.map(({ pull_id, ingested_at, query, ...rest }) => rest);
    expect(strip(second.silver)).toEqual(strip(first.silver));
    expect(strip(second.bronze)).toEqual(strip(first.bronze));
    expect(second.bronze.length).toBeGreaterThan(0);
  });

  it('moves past spend when the resource-group map changes, leaving tagged spend alone', async () => {
    const { sandbox, lakehouse, pull } = await setUp({ backfillMonths: 2 });
    await pull();
    const links = async () =>
      new Map(
        (
          await lakehouse.query<{
            resource_group: string | null;
            project_id: string | null;
            project_link: string | null;
          }>(
            'SELECT DISTINCT resource_group, project_id, project_link FROM silver.azure_costs',
          )
        ).map(r => [`${r.resource_group}|${r.project_link}`, r.project_id]),
      );
    const before = await links();
    const [mappedGroup, mappedProject] = Object.entries(
      sandbox.resourceGroupProjects,
    )[0];
    expect(before.get(`${mappedGroup}|resource_group`)).toBe(mappedProject);

    await relinkByResourceGroup(lakehouse, {
      projectTag: sandbox.projectTag,
      resourceGroupProjects: { 'RG-Shared-Platform': 'platform' },
    });

    const after = await links();
    expect(after.get('rg-shared-platform|resource_group')).toBe('platform');
    expect(after.has('rg-shared-platform|null')).toBe(false);
    expect(after.get(`${mappedGroup}|null`)).toBeNull();
    const tagged = [...before].filter(([key]) => key.endsWith('|tag'));
    expect(tagged.length).toBeGreaterThan(0);
    for (const [key, project] of tagged) expect(after.get(key)).toBe(project);
    // The whole history moved, not only the days a pull re-reads.
    const [{ months }] = await lakehouse.query(
      "SELECT count(DISTINCT date_trunc('month', charge_period_start)) AS months FROM silver.azure_costs WHERE project_id = 'platform'",
    );
    expect(Number(months)).toBe(2);

    await relinkByResourceGroup(lakehouse, {
      projectTag: sandbox.projectTag,
      resourceGroupProjects: {},
    });
    const [{ grouped }] = await lakehouse.query(
      "SELECT count(*) AS grouped FROM silver.azure_costs WHERE project_link = 'resource_group' OR project_id = 'platform'",
    );
    expect(Number(grouped)).toBe(0);
  });
});
