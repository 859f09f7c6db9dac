/*
 * Full Notion sync of about 10,000 pages from the sandbox served over real
 * HTTP at Notion's limit of 3 requests/s, then an incremental sync with no
 * changes. Prints a markdown table.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/notionSync.bench.ts
 *
 * Each size runs in its own process, so its peak RSS is its own; the
 * summary table shows pages/s and peak RSS per size, to show they stay
 * flat as pages grow. BENCH_SIZES lists the sizes (default 10,000 and
 * 100,000); BENCH_PAGES runs one size in this process, with its details.
 */
import { spawnSync } from 'node:child_process';
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
const SIZES = (process.env.BENCH_SIZES ?? '10000,100000')
  .split(',')
  .map(Number);
/** Marks the line a size's process reports its figures on. */
const RESULT_PREFIX = 'NOTION_SYNC_RESULT ';
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
      '≥ 95%',
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
  console.log(
    `${RESULT_PREFIX}${JSON.stringify({
      pages: total,
      seconds,
      pagesPerSecond,
      silverSeconds,
      peakRssMb,
    })}`,
  );

  await notion.stop();
  await lakehouse.close();
  await server.close();
}

/** Runs each size in a child process and prints one summary table. */
function runSizes() {
  const results: Array<Record<string, number>> = [];
  for (const size of SIZES) {
    console.log(`\n### ${size.toLocaleString('en')} pages`);
    const child = spawnSync(
      process.execPath,
      ['--require', '@backstage/cli/config/nodeTransform.cjs', __filename],
      {
        env: { ...process.env, BENCH_PAGES: String(size) },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    const lines = child.stdout.split('\n');
    lines
      .filter(line => !line.startsWith(RESULT_PREFIX))
      .forEach(line => line && console.log(line));
    const result = lines.find(line => line.startsWith(RESULT_PREFIX));
    if (child.status !== 0 || !result) {
      throw new Error(`The ${size}-page run failed`);
    }
    results.push(JSON.parse(result.slice(RESULT_PREFIX.length)));
  }
  console.log(
    `\nFull Notion sync at ${RATE} requests/s, one process per size (targets: ≥ 95% of ${CEILING_PAGES_PER_SECOND} pages/s; peak RSS < 500 MB)\n`,
  );
  console.log(
    '| pages | full sync (s) | pages/s | % of ceiling | silver rebuild (s) | peak RSS (MB) |',
  );
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of results) {
    console.log(
      `| ${r.pages} | ${r.seconds.toFixed(1)} | ${r.pagesPerSecond.toFixed(
        1,
      )} | ${((100 * r.pagesPerSecond) / CEILING_PAGES_PER_SECOND).toFixed(
        1,
      )}% | ${r.silverSeconds.toFixed(1)} | ${r.peakRssMb.toFixed(0)} |`,
    );
  }
}

if (!process.env.BENCH_PAGES) {
  try {
    runSizes();
  } catch (error) {
    console.error(error);
    process.exitCode = 1;
  }
} else {
  main().catch(error => {
    console.error(error);
    process.exitCode = 1;
  });
}
