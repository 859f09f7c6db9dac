/*
 * Azure ingest through the real SDK clients against the sandbox emulator
 * (in-process transport, DuckDB in memory): Resource Graph inventory and
 * Advisor recommendations from both sources, bronze and silver written.
 * The quota is lifted so the numbers measure paging, parsing, transforms
 * and MERGEs, not the 15-per-5-s wait. Prints a markdown table.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/azureIngest.bench.ts
 *
 * BENCH_RESOURCES overrides the inventory size (default 20,000).
 */
import {
  DuckDbLakehouse,
  lakehouseTables,
} from '@finance-ppm/plugin-control-room-node';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  createAzureSandbox,
  createSandboxAzureHttpClient,
  sandboxAzureCredential,
} from '@finance-ppm/sandbox';
import { migrateLakehouse } from '../src/lakehouse/migrations';
import { createAzurePulls } from '../src/sources/azure/azurePulls';
import { createAzureClients } from '../src/sources/azure/clients';
import { AdvisorSource } from '../src/sources/azure/config';

const RESOURCES = Number(process.env.BENCH_RESOURCES ?? 20_000);
const PER_PROJECT = 10;

const silentLogger: LoggerService = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child: () => silentLogger,
};

async function run(advisorSource: AdvisorSource) {
  const projects = Array.from(
    { length: Math.ceil(RESOURCES / PER_PROJECT) },
    (_, i) => ({
      id: `project-${i}`,
      name: `Project ${i}`,
      currency: (['USD', 'EUR', 'GBP'] as const)[i % 3],
    }),
  );
  const sandbox = createAzureSandbox({
    projects,
    resourcesPerProject: PER_PROJECT,
    subscriptions: 4,
    quotaLimit: Number.MAX_SAFE_INTEGER,
    advisorPageSize: 1000,
  });
  const lakehouse = await DuckDbLakehouse.open({ path: ':memory:' });
  await migrateLakehouse(lakehouse, lakehouseTables);
  const pulls = createAzurePulls({
    lakehouse,
    logger: silentLogger,
    settings: {
      subscriptions: sandbox.subscriptions,
      subscriptionBatchSize: 100,
      pageSize: 1000,
      advisorSource,
      projectTag: sandbox.projectTag,
      resourceGroupProjects: sandbox.resourceGroupProjects,
    },
    clients: createAzureClients(sandboxAzureCredential, {
      httpClient: createSandboxAzureHttpClient(sandbox),
    }),
  });
  const heapBefore = process.memoryUsage().heapUsed;
  let started = performance.now();
  const inventory = await pulls.azure_rg_ingest_bronze();
  const inventoryMs = performance.now() - started;
  started = performance.now();
  const advisor = await pulls.azure_advisor_transform();
  const advisorMs = performance.now() - started;
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
  const requests = sandbox.requests.length;
  await lakehouse.close();
  return { inventory, inventoryMs, advisor, advisorMs, heapMb, requests };
}

async function main() {
  const rows: string[] = [];
  for (const source of ['resource-graph', 'advisor-api'] as AdvisorSource[]) {
    const r = await run(source);
    const perSecond = (n: number, ms: number) =>
      Math.round((n / 2 / ms) * 1000).toLocaleString('en-US');
    rows.push(
      `| ${source} | ${RESOURCES.toLocaleString('en-US')} | ${
        r.requests
      } | ${r.inventoryMs.toFixed(0)} | ${perSecond(
        r.inventory.rowsWritten,
        r.inventoryMs,
      )} | ${r.advisorMs.toFixed(0)} | ${perSecond(
        r.advisor.rowsWritten,
        r.advisorMs,
      )} | ${r.heapMb.toFixed(0)} |`,
    );
  }
  console.log(
    [
      '| advisor source | resources | requests | inventory ms | resources/s | advisor ms | recommendations/s | heap delta MB |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...rows,
    ].join('\n'),
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
