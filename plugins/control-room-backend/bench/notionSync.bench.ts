/*
 * Full Notion sync from the sandbox served over real HTTP at Notion's limit
 * of 3 requests/s, then an incremental sync with no changes and a silver
 * rebuild. Prints markdown tables.
 *
 *   yarn bench notionSync
 *
 * Each size runs in its own process, so its peak RSS is its own, and that
 * process is the backend alone: the sandbox runs in a child process
 * (notionSandboxProcess.ts) and the lakehouse is a DuckDB file in a temp
 * directory, as in a deployed backend. The summary table shows pages/s and
 * peak RSS per size, to show they stay flat as pages grow.
 *
 * BENCH_SIZES   sizes to run, comma-separated (default 10000,100000)
 * BENCH_PAGES   runs one size in this process, with its details
 * BENCH_DUCKDB_MEMORY_LIMIT   the lakehouse's memoryLimit (default 128MB,
 *                         as app-config.yaml sets)
 * BENCH_DUCKDB_ROW_GROUP_SIZE   rows per row group of the file (default
 *                         2048, as app-config.yaml sets the lakehouse's
 *                         rowGroupSize)
 * BENCH_DUCKDB_SETTINGS   other DuckDB settings for the run, e.g.
 *                         `max_vacuum_tasks=0,threads=1` (to compare)
 * BENCH_RATE    requests/s of sandbox and client (default 3, Notion's)
 * BENCH_LINES_PER_PROJECT   budget lines per project (see benchPortfolio.ts)
 */
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createNotionService,
  DuckDbLakehouse,
  lakehouseTables,
} from '@finance-ppm/plugin-control-room-node';
import { migrateLakehouse } from '../src/lakehouse/migrations';
import { NOTION_DATABASES } from '../src/sources/notion/config';
import { createNotionPulls } from '../src/sources/notion/pulls';
import { notionSettingsFor } from './benchPortfolio';
import type { SandboxProcessMessage } from './notionSandboxProcess';
import {
  benchSizes,
  Figures,
  met,
  peakRssMb,
  printTable,
  reportFigures,
  runPerSize,
  runSizeProcess,
} from './processPerSize';

const SIZES = benchSizes([10_000, 100_000]);
const DUCKDB_MEMORY_LIMIT = process.env.BENCH_DUCKDB_MEMORY_LIMIT ?? '128MB';
// The product's settings (app-config.yaml) unless told otherwise: DuckDB's
// own row groups of 122,880 rows hold far more of bronze's wide rows in
// memory while a checkpoint merges them.
const DUCKDB_ROW_GROUP_SIZE = Number(
  process.env.BENCH_DUCKDB_ROW_GROUP_SIZE ?? 2048,
);
/** `name=value` pairs, checked so they can only be plain SET statements. */
const DUCKDB_SETTINGS = (process.env.BENCH_DUCKDB_SETTINGS ?? '')
  .split(',')
  .filter(Boolean)
  .map(pair => {
    const match = /^\s*([a-z_]+)\s*=\s*([\w.]+)\s*$/.exec(pair);
    if (!match) {
      throw new Error(
        `BENCH_DUCKDB_SETTINGS should look like name=value,name=value; got '${pair}'`,
      );
    }
    return [match[1], match[2]] as const;
  });
/** Notion's limit; a higher BENCH_RATE checks memory quickly (no targets then). */
const RATE = Number(process.env.BENCH_RATE ?? 3);
/** 100 rows a page at 3 requests/s. */
const CEILING_PAGES_PER_SECOND = 100 * RATE;
/** The size the targets are set for. */
const TARGET_PAGES = 100_000;
const TARGET_SHARE_OF_CEILING = 0.95;
const TARGET_PEAK_RSS_MB = 500;

const silentLogger: any = {
  info() {},
  warn() {},
  error() {},
  debug() {},
  child() {
    return silentLogger;
  },
};

/** The Notion sandbox in a child process, asked over IPC. */
async function startSandboxProcess(pages: number) {
  const child = fork(join(__dirname, 'notionSandboxProcess.ts'), [], {
    execArgv: ['--require', '@backstage/cli/config/nodeTransform.cjs'],
    env: {
      ...process.env,
      BENCH_PAGES: String(pages),
      BENCH_RATE: String(RATE),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T extends SandboxProcessMessage['type']>(type: T) =>
    new Promise<Extract<SandboxProcessMessage, { type: T }>>(
      (resolve, reject) => {
        let onMessage = (_message: SandboxProcessMessage) => {};
        const onExit = (code: number | null) => {
          child.off('message', onMessage);
          reject(new Error(`The sandbox process exited (${code})`));
        };
        onMessage = message => {
          // The transform's own messages (file watching) are not ours.
          if (message?.type !== type) return;
          child.off('message', onMessage);
          child.off('exit', onExit);
          resolve(message as any);
        };
        child.once('exit', onExit);
        child.on('message', onMessage);
      },
    );
  const timeout = setTimeout(() => child.kill(), 300_000);
  const ready = await next('ready').finally(() => clearTimeout(timeout));
  return {
    ...ready,
    async requests() {
      child.send({ type: 'requests' });
      return next('requests');
    },
    async resetRequestLog() {
      child.send({ type: 'reset' });
      await next('reset');
    },
    close: () =>
      new Promise<void>(resolve => {
        child.once('exit', () => resolve());
        child.send({ type: 'close' });
      }),
  };
}

/** Syncs the sandbox of about `pages` pages; prints its figures. */
async function syncOneSize(pages: number) {
  const sandbox = await startSandboxProcess(pages);
  const directory = await mkdtemp(join(tmpdir(), 'notion-sync-bench-'));
  const lakehouse = await DuckDbLakehouse.open({
    path: join(directory, 'lakehouse.duckdb'),
    rowGroupSize: DUCKDB_ROW_GROUP_SIZE,
    // controlRoom.lakehouse.duckdb.memoryLimit, as app-config.yaml sets it.
    memoryLimit: DUCKDB_MEMORY_LIMIT,
  });
  for (const [name, value] of DUCKDB_SETTINGS) {
    await lakehouse.execute(`SET ${name} = '${value}'`);
  }
  await migrateLakehouse(lakehouse, lakehouseTables);
  // Time the sync spends in the lakehouse: reads (known versions, the
  // reconciliation) and bronze writes.
  const spentMs = { query: 0, upsert: 0 };
  // The largest RSS rise across one bronze write: a write's commit may run
  // DuckDB's checkpoint, whose memory is outside memory_limit.
  let largestWriteRiseMb = 0;
  const timed = new Proxy(lakehouse, {
    get(target, property) {
      const value = Reflect.get(target, property);
      if (typeof value !== 'function') return value;
      if (property !== 'query' && property !== 'upsert') {
        return value.bind(target);
      }
      return async (...args: unknown[]) => {
        const at = performance.now();
        const rssBefore = process.resourceUsage().maxRSS;
        try {
          return await value.apply(target, args);
        } finally {
          spentMs[property] += performance.now() - at;
          if (property === 'upsert') {
            largestWriteRiseMb = Math.max(
              largestWriteRiseMb,
              (process.resourceUsage().maxRSS - rssBefore) / 1024,
            );
          }
        }
      };
    },
  });
  const notion = createNotionService({
    auth: 'secret_bench',
    baseUrl: sandbox.url,
    requestsPerSecond: RATE,
  });
  const settings = notionSettingsFor(sandbox.databaseIds);
  let offsetMs = 0;
  const pulls = createNotionPulls({
    lakehouse: timed,
    notion,
    settings,
    logger: silentLogger,
    now: () => new Date(Date.now() + offsetMs),
  });
  const total = sandbox.pages;
  const startRssMb = process.memoryUsage.rss() / (1024 * 1024);

  let peakHeapMb = 0;
  const sampler = setInterval(() => {
    peakHeapMb = Math.max(
      peakHeapMb,
      process.memoryUsage().heapUsed / (1024 * 1024),
    );
  }, 100);
  const started = performance.now();
  const full = await pulls.notion_sync_bronze();
  const seconds = (performance.now() - started) / 1000;
  const syncPeakRssMb = peakRssMb();
  const syncSpentMs = { ...spentMs };
  const syncPeakHeapMb = peakHeapMb;
  clearInterval(sampler);
  const [duckDbMemory] = await lakehouse.query<{
    limit: string;
    used: bigint | null;
  }>(
    `SELECT current_setting('memory_limit') AS "limit",
            sum(memory_usage_bytes) AS used FROM duckdb_memory()`,
  );
  const [bronzeLayout] = await lakehouse.query<{ row_groups: bigint }>(
    `SELECT count(DISTINCT row_group_id) AS row_groups
     FROM pragma_storage_info('bronze.notion_raw_pages')`,
  );
  const { requests: fullRequests, throttled } = await sandbox.requests();

  offsetMs += 6 * 60_000;
  await sandbox.resetRequestLog();
  await pulls.notion_sync_bronze();
  const { requests: incrementalRequests } = await sandbox.requests();

  const silverStarted = performance.now();
  await pulls.notion_transform_silver();
  const silverSeconds = (performance.now() - silverStarted) / 1000;
  const overallPeakRssMb = peakRssMb();

  const pagesPerSecond = full.rowsWritten / seconds;
  // What the request count allows at the rate: the extra requests (database
  // and schema reads, each data source's last short page) cost most at
  // small sizes.
  const requestBoundPagesPerSecond = full.rowsWritten / (fullRequests / RATE);
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
      `≥ ${TARGET_SHARE_OF_CEILING * 100}% at ${TARGET_PAGES}`,
    ],
    [
      'full sync: pages/s its request count allows at the rate',
      requestBoundPagesPerSecond.toFixed(1),
      '',
    ],
    [
      'full sync: time in lakehouse reads / bronze writes (summed over data sources)',
      `${(syncSpentMs.query / 1000).toFixed(1)} s / ${(
        syncSpentMs.upsert / 1000
      ).toFixed(1)} s`,
      '',
    ],
    [
      'full sync: peak RSS of the backend process',
      `${syncPeakRssMb.toFixed(0)} MB (${startRssMb.toFixed(0)} MB before)`,
      `< ${TARGET_PEAK_RSS_MB} MB`,
    ],
    [
      'full sync: largest rise of peak RSS across one bronze write',
      `${largestWriteRiseMb.toFixed(0)} MB`,
      '',
    ],
    [
      'full sync: row groups of bronze.notion_raw_pages',
      String(bronzeLayout.row_groups),
      '',
    ],
    [
      'full sync: peak JS heap used (sampled every 100 ms)',
      `${syncPeakHeapMb.toFixed(0)} MB`,
      '',
    ],
    [
      'incremental sync, no changes: requests',
      `${incrementalRequests} for ${NOTION_DATABASES.length} data sources`,
      '1 per data source',
    ],
    ['silver rebuild from bronze', `${silverSeconds.toFixed(1)} s`, ''],
    [
      'peak RSS, silver rebuild included',
      `${overallPeakRssMb.toFixed(0)} MB`,
      '',
    ],
    [
      'DuckDB memory_limit; its buffer memory after the sync',
      `${duckDbMemory.limit}; ${(
        Number(duckDbMemory.used ?? 0) /
        (1024 * 1024)
      ).toFixed(0)} MB`,
      '',
    ],
  ];
  printTable(['measure', 'result', 'target'], rows);
  reportFigures({
    pages: total,
    seconds,
    requests: fullRequests,
    throttled,
    pagesPerSecond,
    silverSeconds,
    syncPeakRssMb,
    overallPeakRssMb,
  });

  await notion.stop();
  await lakehouse.close();
  await sandbox.close();
  await rm(directory, { recursive: true, force: true });
}

/** Runs each size in a child process and prints one summary table. */
async function syncAllSizes() {
  const results: Figures[] = [];
  for (const size of SIZES) {
    console.log(`\n### ${size.toLocaleString('en')} pages`);
    const { output, figures } = runSizeProcess(__filename, {
      BENCH_PAGES: String(size),
    });
    output.forEach(line => console.log(line));
    results.push(figures);
  }
  console.log(
    `\nFull Notion sync at ${RATE} requests/s, one backend process per size, the sandbox in another; DuckDB file, rowGroupSize ${DUCKDB_ROW_GROUP_SIZE}, memory_limit ${DUCKDB_MEMORY_LIMIT}\n`,
  );
  printTable(
    [
      'pages',
      'requests (429)',
      'full sync (s)',
      'pages/s',
      '% of ceiling',
      'peak RSS, sync (MB)',
      'silver rebuild (s)',
      'peak RSS, silver included (MB)',
    ],
    results.map(r => [
      String(r.pages),
      `${r.requests} (${r.throttled})`,
      r.seconds.toFixed(1),
      r.pagesPerSecond.toFixed(1),
      `${((100 * r.pagesPerSecond) / CEILING_PAGES_PER_SECOND).toFixed(1)}%`,
      r.syncPeakRssMb.toFixed(0),
      r.silverSeconds.toFixed(1),
      r.overallPeakRssMb.toFixed(0),
    ]),
    'right',
  );

  const target = results.find(
    r => Math.abs(r.pages - TARGET_PAGES) < TARGET_PAGES / 100,
  );
  const smallest = results[0];
  const largest = results[results.length - 1];
  const targetRows: string[][] = [];
  if (target) {
    targetRows.push(
      [
        `full sync of ${TARGET_PAGES.toLocaleString('en')} pages: pages/s`,
        `≥ ${(TARGET_SHARE_OF_CEILING * CEILING_PAGES_PER_SECOND).toFixed(
          0,
        )} (${TARGET_SHARE_OF_CEILING * 100}% of ${CEILING_PAGES_PER_SECOND})`,
        target.pagesPerSecond.toFixed(1),
        met(
          target.pagesPerSecond >=
            TARGET_SHARE_OF_CEILING * CEILING_PAGES_PER_SECOND,
        ),
      ],
      [
        `full sync of ${TARGET_PAGES.toLocaleString('en')} pages: peak RSS`,
        `< ${TARGET_PEAK_RSS_MB} MB`,
        `${target.syncPeakRssMb.toFixed(0)} MB`,
        met(target.syncPeakRssMb < TARGET_PEAK_RSS_MB),
      ],
    );
  }
  if (results.length > 1) {
    const growth = largest.syncPeakRssMb / smallest.syncPeakRssMb;
    targetRows.push([
      `peak RSS of the sync, ${largest.pages} vs ${smallest.pages} pages`,
      'flat: ≤ 1.25 ×',
      `${growth.toFixed(2)} × (${smallest.syncPeakRssMb.toFixed(
        0,
      )} → ${largest.syncPeakRssMb.toFixed(0)} MB)`,
      met(growth <= 1.25),
    ]);
  }
  if (targetRows.length > 0) {
    console.log('');
    printTable(['figure', 'target', 'result', 'met'], targetRows);
  }
}

runPerSize({ oneSize: syncOneSize, allSizes: syncAllSizes });
