/*
 * Azure Cost Management ingest through the real SDK client against the
 * sandbox emulator (in-process transport, DuckDB in memory): a first run
 * backfills three months of daily usage rows, paged with nextLink, into
 * bronze.azure_cost_raw and silver.azure_costs. Prints a markdown table with
 * the ingest rate and the process's peak RSS (this file runs in its own
 * process, so the peak is the ingest's).
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/costIngest.bench.ts
 *
 * BENCH_COST_ROWS overrides the number of usage rows (default 1,000,000).
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  DuckDbLakehouse,
  lakehouseTables,
} from '@finance-ppm/plugin-control-room-node';
import {
  createAzureSandbox,
  createSandboxAzureHttpClient,
  sandboxAzureCredential,
} from '@finance-ppm/sandbox';
import { migrateLakehouse } from '../src/lakehouse/migrations';
import { createCostManagementClient } from '../src/sources/azure/costManagement';
import { createCostPulls } from '../src/sources/azure/costPulls';

const USAGE_ROWS = Number(process.env.BENCH_COST_ROWS ?? 1_000_000);
const TODAY = '2026-11-30';
// Three calendar months, September to November: 91 days.
const BACKFILL_MONTHS = 3;
const DAYS = 91;
const SUBSCRIPTIONS = 4;
const PER_PROJECT = 10;
const PAGE_SIZE = 5000;

const silentLogger: LoggerService = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child: () => silentLogger,
};

async function main() {
  // Each subscription also has one charge a day without a resource.
  const resources = Math.ceil(USAGE_ROWS / DAYS) - SUBSCRIPTIONS;
  const projects = Array.from(
    { length: Math.ceil(resources / PER_PROJECT) },
    (_, i) => ({
      id: `project-${i}`,
      name: `Project ${i}`,
      currency: (['USD', 'EUR', 'GBP'] as const)[i % 3],
    }),
  );
  const sandbox = createAzureSandbox({
    projects,
    resourcesPerProject: PER_PROJECT,
    subscriptions: SUBSCRIPTIONS,
    unlinkedResources: 0,
    costsThrough: TODAY,
    costPageSize: PAGE_SIZE,
  });
  const lakehouse = await DuckDbLakehouse.open({ path: ':memory:' });
  await migrateLakehouse(lakehouse, lakehouseTables);
  const sleep = async () => {};
  const pull = createCostPulls({
    lakehouse,
    logger: silentLogger,
    settings: {
      subscriptions: sandbox.subscriptions,
      projectTag: sandbox.projectTag,
      resourceGroupProjects: sandbox.resourceGroupProjects,
      costManagement: {
        billingScopes: [],
        backfillMonths: BACKFILL_MONTHS,
        refreshDays: 5,
        maxThrottleRetries: 5,
      },
    },
    client: createCostManagementClient(sandboxAzureCredential, {
      httpClient: createSandboxAzureHttpClient(sandbox),
      sleep,
    }),
    sleep,
    now: () => new Date(`${TODAY}T07:00:00Z`),
  }).azure_cost_ingest;

  const started = performance.now();
  await pull();
  const ms = performance.now() - started;
  const [{ bronze }] = await lakehouse.query(
    'SELECT count(*) AS bronze FROM bronze.azure_cost_raw',
  );
  const [{ silver }] = await lakehouse.query(
    'SELECT count(*) AS silver FROM silver.azure_costs',
  );
  const usageRows = Number(bronze);
  const requests = sandbox.requests.filter(
    r => r.api === 'cost-management',
  ).length;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  await lakehouse.close();
  const n = (value: number) => Math.round(value).toLocaleString('en-US');
  console.log(
    [
      '| usage rows | silver rows | requests | ingest ms | rows/s | peak RSS MB |',
      '| ---: | ---: | ---: | ---: | ---: | ---: |',
      `| ${n(usageRows)} | ${n(Number(silver))} | ${requests} | ${n(ms)} | ${n(
        (usageRows / ms) * 1000,
      )} | ${n(peakRssMb)} |`,
    ].join('\n'),
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
