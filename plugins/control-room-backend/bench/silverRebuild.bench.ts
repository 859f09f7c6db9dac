/*
 * Silver rebuild from bronze (rebuildNotionSilver) on a DuckDB file, with
 * bronze.notion_raw_pages seeded directly: the sandbox renders real Notion
 * page JSON and its pages are written as bronze rows the way a sync writes
 * them, without syncing at 3 requests/s. Prints markdown tables.
 *
 *   yarn bench silverRebuild
 *
 * Each size runs in two processes: one seeds bronze into a DuckDB file and
 * exits (the rendered portfolio is large), the next opens that file and
 * times the rebuild alone, so its peak RSS is the rebuild's own. The
 * lakehouse uses the product's settings (rowGroupSize 2048 and memoryLimit
 * 128MB, as app-config.yaml sets them).
 *
 * BENCH_SIZES   sizes to run, comma-separated (default 10000,50000,100000)
 * BENCH_PAGES   runs one size in this process, with its details
 * BENCH_OLDER_VERSIONS   share of pages that also have an older version in
 *                        bronze, as edits leave (default 0.1)
 * BENCH_DUCKDB_MEMORY_LIMIT   the lakehouse's memoryLimit (default 128MB)
 * BENCH_DUCKDB_ROW_GROUP_SIZE   rows per row group (default 2048, the
 *                               product's)
 * BENCH_RUNS    rebuilds per size, each in a fresh process on a fresh copy
 *               of the seeded file; the summary shows medians (default 1)
 * BENCH_TRACE   prints each lakehouse call's time, VmHWM, RSS, JS heap and
 *               DuckDB memory by tag to stderr (to find what grows)
 * BENCH_NO_WRITES   skips the upserts into silver: the reads alone (for
 *                   diagnosis only; the summary then is not a rebuild)
 * BENCH_LINES_PER_PROJECT   budget lines per project (see benchPortfolio.ts)
 * BENCH_SEED_DIR   keeps each size's seeded bronze file here and reuses it
 *                  (the rebuild runs on a copy); default: seed every run
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import {
  copyFile,
  mkdir,
  mkdtemp,
  rename,
  rm,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import {
  DuckDbLakehouse,
  lakehouseTables,
  notionRawPages,
} from '@finance-ppm/plugin-control-room-node';
import { createNotionSandbox } from '@finance-ppm/sandbox';
import { migrateLakehouse } from '../src/lakehouse/migrations';
import { NOTION_DATABASES } from '../src/sources/notion/config';
import { pageToBronzeRow } from '../src/sources/notion/bronzeRows';
import { rebuildNotionSilver } from '../src/sources/notion/silverTransform';
import {
  notionSettingsFor,
  portfolioOfAbout,
  portfolioShape,
} from './benchPortfolio';
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

const SIZES = benchSizes([10_000, 50_000, 100_000]);
const OLDER_VERSIONS = Number(process.env.BENCH_OLDER_VERSIONS ?? 0.1);
const DUCKDB_MEMORY_LIMIT = process.env.BENCH_DUCKDB_MEMORY_LIMIT ?? '128MB';
const DUCKDB_ROW_GROUP_SIZE = Number(
  process.env.BENCH_DUCKDB_ROW_GROUP_SIZE ?? 2048,
);
const SEED_DIR = process.env.BENCH_SEED_DIR;
const RUNS = Number(process.env.BENCH_RUNS ?? 1);
/** Bronze rows per seeding upsert, as a sync's page of results. */
const SEED_BATCH = 1000;
const TARGET_PEAK_RSS_MB = 500;
/** Peak RSS at the largest size within this factor of the smallest. */
const TARGET_FLAT = 1.15;

const mb = (bytes: number) => bytes / (1024 * 1024);

async function openLakehouse(path: string) {
  const lakehouse = await DuckDbLakehouse.open({
    path,
    rowGroupSize: DUCKDB_ROW_GROUP_SIZE,
    memoryLimit: DUCKDB_MEMORY_LIMIT,
  });
  return lakehouse;
}

/**
 * Writes the sandbox portfolio of about `pages` pages into bronze at `path`,
 * and an older version of a share of them; returns the database ids.
 */
async function seed(pages: number, path: string) {
  const sandbox = createNotionSandbox({ portfolio: portfolioOfAbout(pages) });
  const lakehouse = await openLakehouse(path);
  await migrateLakehouse(lakehouse, lakehouseTables);
  const syncedAt = '2026-11-01T00:00:00.000Z';
  let written = 0;
  let index = 0;
  for (const name of NOTION_DATABASES) {
    const database = { id: sandbox.databaseIds[name], name };
    const rendered = sandbox.pages(name as any) as any[];
    for (let start = 0; start < rendered.length; start += SEED_BATCH) {
      const rows = [];
      for (const page of rendered.slice(start, start + SEED_BATCH)) {
        rows.push(pageToBronzeRow(page, database, syncedAt));
        // Every n-th page also has the version before its last edit.
        if (
          OLDER_VERSIONS > 0 &&
          index % Math.round(1 / OLDER_VERSIONS) === 0
        ) {
          const older = new Date(
            Date.parse(page.last_edited_time) - 86_400_000,
          ).toISOString();
          rows.push(
            pageToBronzeRow(
              { ...page, last_edited_time: older },
              database,
              syncedAt,
            ),
          );
        }
        index += 1;
      }
      written += (await lakehouse.upsert(notionRawPages, rows)).rows;
    }
  }
  await lakehouse.execute('CHECKPOINT');
  await lakehouse.close();
  return {
    databaseIds: sandbox.databaseIds as Record<string, string>,
    written,
    pages: index,
  };
}

async function duckDbBufferMb(lakehouse: DuckDbLakehouse) {
  const [row] = await lakehouse.query<{ used: bigint | null }>(
    'SELECT sum(memory_usage_bytes) AS used FROM duckdb_memory()',
  );
  return mb(Number(row?.used ?? 0));
}

/** Seeds (or reuses) bronze for one size, then times the rebuild on it. */
async function rebuildOneSize(pages: number) {
  const directory = await mkdtemp(join(tmpdir(), 'silver-rebuild-bench-'));
  const path = join(directory, 'lakehouse.duckdb');
  try {
    if (process.env.BENCH_SEED_ONLY) {
      const seeded = await seed(pages, process.env.BENCH_SEED_ONLY);
      reportFigures(seeded);
      return;
    }
    const seedFile = process.env.BENCH_SEED_FILE!;
    await copyFile(seedFile, path);
    const { databaseIds, written } = JSON.parse(
      readFileSync(`${seedFile}.json`, 'utf8'),
    );
    const lakehouse = await openLakehouse(path);
    const [bronze] = await lakehouse.query<{
      versions: bigint;
      pages: bigint;
    }>(
      `SELECT count(*) AS versions, count(DISTINCT page_id) AS pages
       FROM bronze.notion_raw_pages`,
    );
    const hwmBefore = peakRssMb();
    // V8 first collects the old generation when it reaches its starting
    // limit: a rebuild that promotes less never does, so its peak heap
    // holds garbage a longer rebuild frees. Counted to show which it was.
    let majorGcs = 0;
    const gcObserver = new PerformanceObserver(list => {
      for (const entry of list.getEntries()) {
        const kind = (entry as { detail?: { kind?: number } }).detail?.kind;
        if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) majorGcs += 1;
      }
    });
    gcObserver.observe({ entryTypes: ['gc'] });
    let peakHeapMb = mb(process.memoryUsage().heapUsed);
    const sampler = setInterval(() => {
      peakHeapMb = Math.max(peakHeapMb, mb(process.memoryUsage().heapUsed));
    }, 50);
    // With BENCH_TRACE, one line per lakehouse call on stderr.
    const trace = async (kind: string, at: number) => {
      const tags = await lakehouse.query<{ tag: string; used: bigint }>(
        `SELECT tag, memory_usage_bytes AS used FROM duckdb_memory()
         WHERE memory_usage_bytes > 1048576`,
      );
      console.error(
        `${kind} ${(performance.now() - at).toFixed(
          0,
        )} ms, VmHWM ${peakRssMb().toFixed(0)} MB, RSS ${mb(
          process.memoryUsage.rss(),
        ).toFixed(0)} MB, heap ${mb(process.memoryUsage().heapUsed).toFixed(
          0,
        )} MB, ${tags
          .map(t => `${t.tag} ${mb(Number(t.used)).toFixed(0)}`)
          .join(' ')}`,
      );
    };
    // Time and peak-RSS rise per kind of lakehouse call: the slice reads of
    // bronze, the upserts into silver, the rest (deletes of rejects).
    const spent: Record<string, { ms: number; riseMb: number; calls: number }> =
      {};
    const timed = new Proxy(lakehouse, {
      get(target, property) {
        const value = Reflect.get(target, property);
        if (typeof value !== 'function') return value;
        if (!['query', 'upsert', 'execute'].includes(String(property))) {
          return value.bind(target);
        }
        return async (...args: unknown[]) => {
          if (process.env.BENCH_NO_WRITES && property === 'upsert') {
            return { rows: 0 };
          }
          const at = performance.now();
          const hwm = peakRssMb();
          try {
            return await value.apply(target, args);
          } finally {
            const entry = (spent[String(property)] ??= {
              ms: 0,
              riseMb: 0,
              calls: 0,
            });
            entry.ms += performance.now() - at;
            entry.riseMb += peakRssMb() - hwm;
            entry.calls += 1;
            if (process.env.BENCH_TRACE) await trace(String(property), at);
          }
        };
      },
    });
    const started = performance.now();
    // A failed rebuild must not leave the sampler keeping the process alive.
    const result = await rebuildNotionSilver(
      timed,
      notionSettingsFor(databaseIds),
      () => new Date('2026-11-02T00:00:00.000Z'),
    ).finally(() => {
      clearInterval(sampler);
      gcObserver.disconnect();
    });
    const seconds = (performance.now() - started) / 1000;
    const hwmAfter = peakRssMb();
    const maxRssMb = process.resourceUsage().maxRSS / 1024;
    const duckDbMb = await duckDbBufferMb(lakehouse);
    const duckDbTags = await lakehouse.query<{ tag: string; used: bigint }>(
      `SELECT tag, memory_usage_bytes AS used FROM duckdb_memory()
       WHERE memory_usage_bytes > 0 ORDER BY memory_usage_bytes DESC`,
    );
    const [silver] = await lakehouse.query<{ rows: bigint }>(
      `SELECT (SELECT count(*) FROM silver.notion_programs)
            + (SELECT count(*) FROM silver.notion_projects)
            + (SELECT count(*) FROM silver.notion_budget_lines)
            + (SELECT count(*) FROM silver.notion_risks)
            + (SELECT count(*) FROM silver.notion_actions) AS rows`,
    );
    if (process.env.BENCH_TRACE) {
      console.error(
        `WAL ${
          existsSync(`${path}.wal`)
            ? mb(statSync(`${path}.wal`).size).toFixed(1)
            : 0
        } MB`,
      );
      await lakehouse.execute('CHECKPOINT');
      await trace('after CHECKPOINT', performance.now());
      console.error(
        JSON.stringify(
          await lakehouse.query(
            "SELECT current_setting('checkpoint_threshold') AS t",
          ),
        ),
      );
    }
    await lakehouse.close();
    const figures = {
      pages: Number(bronze.pages),
      versions: Number(bronze.versions),
      seeded: written,
      seconds,
      pagesPerSecond: Number(bronze.pages) / seconds,
      silverRows: Number(silver.rows),
      rowsWritten: result.rowsWritten,
      rejects: result.rejects,
      hwmBefore,
      hwmAfter,
      maxRssMb,
      duckDbMb,
      peakHeapMb,
      majorGcs,
    };
    const rows = [
      ['bronze pages (versions)', `${figures.pages} (${figures.versions})`],
      ['silver rows (rejects)', `${figures.silverRows} (${figures.rejects})`],
      ['rebuild wall time', `${seconds.toFixed(1)} s`],
      ['pages/s', figures.pagesPerSecond.toFixed(0)],
      [
        'peak RSS (VmHWM) before → after the rebuild',
        `${hwmBefore.toFixed(0)} → ${hwmAfter.toFixed(0)} MB`,
      ],
      ['process.resourceUsage().maxRSS', `${maxRssMb.toFixed(0)} MB`],
      [
        'DuckDB buffer memory after (duckdb_memory())',
        `${duckDbMb.toFixed(0)} MB`,
      ],
      [
        'peak JS heap used (sampled every 50 ms)',
        `${peakHeapMb.toFixed(0)} MB`,
      ],
      ['major (old generation) GCs during the rebuild', String(majorGcs)],
      [
        'DuckDB buffer memory after, by tag',
        duckDbTags
          .map(t => `${t.tag} ${mb(Number(t.used)).toFixed(0)} MB`)
          .join(', '),
      ],
      ...Object.entries(spent).map(([kind, entry]) => [
        `lakehouse ${kind}: calls, time, summed rise of peak RSS`,
        `${entry.calls}, ${(entry.ms / 1000).toFixed(
          1,
        )} s, ${entry.riseMb.toFixed(0)} MB`,
      ]),
    ];
    printTable(['measure', 'result'], rows);
    reportFigures(figures);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/** Each figure's median over the runs (the upper one of an even count). */
function medianOfRuns(runs: Figures[]) {
  const median: Figures = {};
  for (const key of Object.keys(runs[0])) {
    const sorted = runs.map(run => run[key]).sort((a, b) => a - b);
    median[key] = sorted[Math.floor(sorted.length / 2)];
  }
  return median;
}

/** Seeds and rebuilds each size in child processes; prints one summary. */
async function rebuildAllSizes() {
  const seedDirectory =
    SEED_DIR ?? (await mkdtemp(join(tmpdir(), 'silver-rebuild-seed-')));
  await mkdir(seedDirectory, { recursive: true });
  const results: Figures[] = [];
  try {
    for (const size of SIZES) {
      console.log(`\n### ${size.toLocaleString('en')} pages`);
      const seedFile = join(
        seedDirectory,
        `bronze-${size}-${OLDER_VERSIONS}-${DUCKDB_ROW_GROUP_SIZE}${portfolioShape}.duckdb`,
      );
      if (!existsSync(`${seedFile}.json`)) {
        const seeding = `${seedFile}.seeding`;
        await rm(seeding, { force: true });
        const { figures } = runSizeProcess(__filename, {
          BENCH_PAGES: String(size),
          BENCH_SEED_ONLY: seeding,
        });
        await rename(seeding, seedFile);
        await writeFile(`${seedFile}.json`, JSON.stringify(figures));
      }
      const runs: Figures[] = [];
      for (let run = 0; run < RUNS; run++) {
        const { output, figures } = runSizeProcess(__filename, {
          BENCH_PAGES: String(size),
          BENCH_SEED_FILE: seedFile,
        });
        if (run === 0) output.forEach(line => console.log(line));
        runs.push(figures);
      }
      results.push(medianOfRuns(runs));
    }
  } finally {
    if (!SEED_DIR) await rm(seedDirectory, { recursive: true, force: true });
  }
  console.log(
    `\nSilver rebuild from bronze, DuckDB file, rowGroupSize ${DUCKDB_ROW_GROUP_SIZE}, memory_limit ${DUCKDB_MEMORY_LIMIT}, one process per run, median of ${RUNS} run(s) per size\n`,
  );
  printTable(
    [
      'pages',
      'bronze versions',
      'rebuild (s)',
      'pages/s',
      'peak RSS before (MB)',
      'peak RSS after rebuild (MB)',
      'DuckDB buffers (MB)',
      'peak JS heap (MB)',
      'major GCs',
    ],
    results.map(r => [
      String(r.pages),
      String(r.versions),
      r.seconds.toFixed(1),
      r.pagesPerSecond.toFixed(0),
      r.hwmBefore.toFixed(0),
      r.hwmAfter.toFixed(0),
      r.duckDbMb.toFixed(0),
      r.peakHeapMb.toFixed(0),
      String(r.majorGcs),
    ]),
    'right',
  );
  if (results.length > 1) {
    const smallest = results[0];
    const largest = results[results.length - 1];
    const beforeLargest =
      results.length > 2 ? results[results.length - 2] : undefined;
    const growth = largest.hwmAfter / smallest.hwmAfter;
    const perPage = (r: Record<string, number>) => r.seconds / r.pages;
    const timeGrowth = perPage(largest) / perPage(smallest);
    console.log('');
    printTable(
      ['figure', 'target', 'result', 'met'],
      [
        [
          `peak RSS, ${largest.pages} vs ${smallest.pages} pages`,
          `flat: ≤ ${TARGET_FLAT} ×`,
          `${growth.toFixed(2)} × (${smallest.hwmAfter.toFixed(
            0,
          )} → ${largest.hwmAfter.toFixed(0)} MB)`,
          met(growth <= TARGET_FLAT),
        ],
        // Where the growth stops: DuckDB's cache, V8's old generation and
        // the checkpoint of held appends each fill to a bound once.
        ...(beforeLargest
          ? [
              [
                `peak RSS, ${largest.pages} vs ${beforeLargest.pages} pages (the last step)`,
                '—',
                `${(largest.hwmAfter / beforeLargest.hwmAfter).toFixed(2)} ×`,
                '—',
              ],
            ]
          : []),
        [
          `peak RSS at ${largest.pages} pages`,
          `< ${TARGET_PEAK_RSS_MB} MB`,
          `${largest.hwmAfter.toFixed(0)} MB`,
          met(largest.hwmAfter < TARGET_PEAK_RSS_MB),
        ],
        [
          `time per page, ${largest.pages} vs ${smallest.pages} pages`,
          'linear: ≤ 1.25 ×',
          `${timeGrowth.toFixed(2)} ×`,
          met(timeGrowth <= 1.25),
        ],
      ],
    );
  }
}

runPerSize({ oneSize: rebuildOneSize, allSizes: rebuildAllSizes });
