/*
 * Full Notion sync of about 10,000 pages from the sandbox served over real
 * HTTP at Notion's limit of 3 requests/s, then an incremental sync with no
 * changes. Prints a markdown table.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/notionSync.bench.ts
 *
 * BENCH_PAGES overrides the page count (default 10,000).
 */
import {
  createNotionService,
  DuckDbLakehouse,
  lakehouseTables,
} from '@finance-ppm/plugin-control-room-node';
import {
  createNotionSandbox,
  generatePortfolio,
  startSandboxServer,
} from '@finance-ppm/sandbox';
import { migrateLakehouse } from '../src/lakehouse/migrations';
import {
  DEFAULT_PROPERTY_NAMES,
  NOTION_DATABASES,
  NotionSourceSettings,
} from '../src/sources/notion/config';
import { createNotionPulls } from '../src/sources/notion/pulls';

const PAGES = Number(process.env.BENCH_PAGES ?? 10_000);
const RATE = 3;
/** 100 rows a page at 3 requests/s. */
const CEILING_PAGES_PER_SECOND = 100 * RATE;

const silentLogger: any = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child() {
    return silentLogger;
  },
};

function portfolioOfAbout(pages: number) {
  const probe = generatePortfolio({ seed: 11, budgetLines: 10 });
  const others =
    probe.programs.length +
    probe.projects.length +
    probe.risks.length +
    probe.actions.length;
  return generatePortfolio({ seed: 11, budgetLines: pages - others });
}

async function main() {
  const portfolio = portfolioOfAbout(PAGES);
  const sandbox = createNotionSandbox({ portfolio, requestsPerSecond: RATE });
  const server = await startSandboxServer(sandbox);
  const lakehouse = await DuckDbLakehouse.open({ path: ':memory:' });
  await migrateLakehouse(lakehouse, lakehouseTables);
  const notion = createNotionService({
    auth: 'secret_bench',
    baseUrl: server.url,
    requestsPerSecond: RATE,
  });
  const settings: NotionSourceSettings = {
    databases: NOTION_DATABASES.map(name => ({
      name,
      id: sandbox.databaseIds[name],
      syncIntervalMinutes: 5,
      properties: DEFAULT_PROPERTY_NAMES[name],
    })),
    overlapMinutes: 2,
    fullSyncIntervalHours: 24,
  };
  let offsetMs = 0;
  const pulls = createNotionPulls({
    lakehouse,
    notion,
    settings,
    logger: silentLogger,
    now: () => new Date(Date.now() + offsetMs),
  });
  const total = NOTION_DATABASES.reduce(
    (sum, db) => sum + sandbox.pages(db).length,
    0,
  );

  const started = performance.now();
  const full = await pulls.notion_sync_bronze();
  const seconds = (performance.now() - started) / 1000;
  const fullRequests = sandbox.requestLog.length;
  const throttled = sandbox.requestLog.filter(e => e.status === 429).length;

  offsetMs += 6 * 60_000;
  sandbox.resetRequestLog();
  await pulls.notion_sync_bronze();
  const incrementalRequests = sandbox.requestLog.length;

  const silverStarted = performance.now();
  await pulls.notion_transform_silver();
  const silverSeconds = (performance.now() - silverStarted) / 1000;

  const pagesPerSecond = full.rowsWritten / seconds;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const rows = [
    ['pages in the sandbox', String(total), ''],
    [
      'full sync: page versions written',
      String(full.rowsWritten),
      `= ${total}`,
    ],
    ['full sync: wall time', `${seconds.toFixed(1)} s`, ''],
    ['full sync: requests (429 answers)', `${fullRequests} (${throttled})`, ''],
    [
      'full sync: pages/s',
      `${pagesPerSecond.toFixed(1)} (${(
        (100 * pagesPerSecond) /
        CEILING_PAGES_PER_SECOND
      ).toFixed(1)}% of ${CEILING_PAGES_PER_SECOND})`,
      '≥ 90%',
    ],
    [
      'incremental sync, no changes: requests',
      `${incrementalRequests} for ${NOTION_DATABASES.length} data sources`,
      '1 per data source',
    ],
    ['silver rebuild from bronze', `${silverSeconds.toFixed(1)} s`, ''],
    ['peak RSS', `${peakRssMb.toFixed(0)} MB`, ''],
  ];
  console.log('| measure | result | target |');
  console.log('| --- | --- | --- |');
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);

  await notion.stop();
  await lakehouse.close();
  await server.close();
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
