/*
 * Latency of the Control Room API on 1,000,000 budget lines: autocannon at
 * 50 connections against /kpis (the Overview's request, a year of the
 * portfolio; the year of every program it asked for before is an extra
 * row), /projects and /advisor/recommendations, with
 * the router's read cache on (the default, 30 s) and off, on DuckDB (in
 * memory) and on the emulated Databricks SQL warehouse over the same DuckDB
 * data, through the real @databricks/sql driver (Thrift over HTTPS on
 * loopback). Prints a markdown table. Targets: with the cache off, p99 at
 * most 1.5 × the p99 of Backstage's liveness route measured at the same
 * concurrency just before that row, in the same run (the floor); every row,
 * p99 under 50 ms.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/api.bench.ts
 *
 * BENCH_LINES, BENCH_SECONDS and BENCH_CONNECTIONS override the defaults.
 * Authentication and permissions are allow-all stubs here: the bench
 * measures the router, validation and SQL, not the auth backend.
 */
import { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { startTestBackend } from '@backstage/backend-test-utils';
import express from 'express';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  DatabricksLakehouse,
  Lakehouse,
} from '@finance-ppm/plugin-control-room-node';
import { startSqlWarehouseEmulator } from '@finance-ppm/sandbox';
import { runGoldBuild } from '../src/finance/goldBuild';
import { loadModels } from '../src/lakehouse/modelRunner';
import { createControlRoomRouter } from '../src/service/apiRouter';
import {
  benchSettings,
  modelsDirectory,
  openBenchLakehouse,
  PROJECTS,
} from './goldBenchData';

const LINES = Number(process.env.BENCH_LINES ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const RECOMMENDATIONS = 20_000;
/** Cache off: API p99 at most this many times the liveness p99. */
const FLOOR_RATIO_TARGET = 1.5;

// What a browser sends: the API answers large bodies gzipped.
const BROWSER_HEADERS = { 'accept-encoding': 'gzip, deflate, br' };

/** Advisor recommendations on top of the shared portfolio. */
function recommendationsSql(): string {
  return `INSERT INTO silver.azure_advisor_recommendations
       (recommendation_id, category, impact, problem, solution, resource_id,
        monthly_savings, annual_savings, savings_currency, project_id)
     SELECT 'R' || i,
            CASE i % 3 WHEN 0 THEN 'Cost' WHEN 1 THEN 'Security' ELSE 'Performance' END,
            CASE i % 3 WHEN 0 THEN 'High' WHEN 1 THEN 'Medium' ELSE 'Low' END,
            'Underused resource', 'Resize it', '/subscriptions/s/vm' || i,
            CAST(i % 500 AS DECIMAL(18, 2)), CAST((i % 500) * 12 AS DECIMAL(18, 2)),
            'USD', 'P' || (i % ${PROJECTS})
     FROM range(${RECOMMENDATIONS}) AS t(i)`;
}

function monthsAgo(months: number): string {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, 1))
    .toISOString()
    .slice(0, 10);
}

async function main() {
  const lakehouse = await openBenchLakehouse(LINES);
  const servers: Array<{ close(): unknown }> = [];
  try {
    await lakehouse.execute(recommendationsSql());
    const models = await loadModels(modelsDirectory);
    await runGoldBuild({
      lakehouse,
      models: models.filter(m => m.name.startsWith('gold.')),
      settings: benchSettings,
    });

    const silent = {
      info() {},
      warn() {},
      error() {},
      debug() {},
      child() {
        return silent;
      },
    };
    /** A short untimed run (JIT and DuckDB warm-up), then the timed one. */
    const measure = async (url: string) => {
      await autocannon({
        url,
        connections: CONNECTIONS,
        duration: 1,
        workers: 1,
        headers: BROWSER_HEADERS,
      });
      return autocannon({
        url,
        connections: CONNECTIONS,
        duration: SECONDS,
        // Load comes from a worker thread so it does not share the server's event loop.
        workers: 1,
        headers: BROWSER_HEADERS,
      });
    };
    const startServer = async (engine: Lakehouse, cacheTtlMs: number) => {
      const router = await createControlRoomRouter({
        lakehouse: engine,
        cacheTtlMs,
        logger: silent as any,
        httpAuth: {
          credentials: async () => ({
            principal: { type: 'user', userEntityRef: 'user:default/bench' },
          }),
        } as any,
        permissions: {
          authorize: async (requests: unknown[]) =>
            requests.map(() => ({ result: AuthorizeResult.ALLOW })),
        } as any,
        // Allow-all, like the permissions above: every project is readable.
        projectAccess: {
          scopeOf: async () => ({ all: true }),
          canRead: async () => true,
        },
        auditor: {
          createEvent: async () => ({
            success: async () => {},
            fail: async () => {},
          }),
        } as any,
      });
      const server = express().use('/api/control-room', router).listen(0);
      servers.push(server);
      await new Promise(resolve => server.once('listening', resolve));
      return `http://127.0.0.1:${
        (server.address() as AddressInfo).port
      }/api/control-room`;
    };

    const year = `from=${monthsAgo(12)}&to=${monthsAgo(0)}`;
    const paths: Array<[label: string, route: string]> = [
      // What the Overview tab requests.
      ['`/kpis` (portfolio)', `/kpis?${year}&dimension=portfolio`],
      // What it requested before the portfolio dimension: kept as its own row.
      ['`/kpis` (dimension=program, extra)', `/kpis?${year}&dimension=program`],
      ['`/projects`', '/projects?sort=budget&limit=50'],
      [
        '`/advisor/recommendations`',
        '/advisor/recommendations?category=Cost&limit=50',
      ],
    ];
    // The emulated warehouse serves the same DuckDB lakehouse.
    const token = 'dapi-bench';
    const warehouse = await startSqlWarehouseEmulator({ token, lakehouse });
    const databricks = new DatabricksLakehouse({
      host: `${warehouse.host}:${warehouse.port}`,
      httpPath: warehouse.httpPath,
      catalog: 'finance_ppm',
      auth: { token },
    });
    servers.push({
      close: async () => {
        await databricks.close();
        // The bench's lakehouse stays open: the warehouse did not open it.
        await warehouse.close();
      },
    });
    // The floor: Backstage's own liveness route, served by a Backstage
    // backend in this process, at the same concurrency in the same run.
    // The machine may be shared, so each cache-off row is compared with a
    // floor measured just before it, under the same outside load.
    const backstage = await startTestBackend({ features: [] });
    servers.push({ close: () => backstage.stop() });
    const livenessUrl = `http://127.0.0.1:${
      (backstage.server.address() as AddressInfo).port
    }/.backstage/health/v1/liveness`;
    const liveness = await measure(livenessUrl);
    const rows: string[] = [
      `| floor: Backstage \`/.backstage/health/v1/liveness\` | — | — | ${
        liveness.latency.p50
      } | ${liveness.latency.p99} | ${Math.round(
        liveness.requests.average,
      )} | — | ${liveness.non2xx + liveness.errors + liveness.timeouts} | ${
        liveness.latency.p99
      } | 1.00 | — | — | |`,
    ];
    for (const [engineLabel, engine, label, ttl] of [
      ['duckdb', lakehouse, 'on (30 s)', 30_000],
      ['duckdb', lakehouse, 'off', 0],
      ['databricks (emulated)', databricks, 'on (30 s)', 30_000],
      ['databricks (emulated)', databricks, 'off', 0],
    ] as const) {
      const baseUrl = await startServer(engine, ttl);
      for (const [endpoint, route] of paths) {
        const livenessP99 =
          ttl === 0
            ? (await measure(livenessUrl)).latency.p99
            : liveness.latency.p99;
        const result = await measure(`${baseUrl}${route}`);
        const failures = result.non2xx + result.errors + result.timeouts;
        const answered = result.requests.total > 0;
        // No answer inside the run means no latency to report, not 0 ms.
        const p50 = answered ? String(result.latency.p50) : 'n/a';
        const p99 = answered ? String(result.latency.p99) : 'n/a';
        const met = answered && failures === 0 && result.latency.p99 < 50;
        const kbPerAnswer = answered
          ? (result.throughput.total / result.requests.total / 1024).toFixed(1)
          : 'n/a';
        const ratio =
          answered && livenessP99 > 0
            ? result.latency.p99 / livenessP99
            : undefined;
        // The floor target is for reads that reach the lakehouse.
        const ratioTarget = ttl === 0 ? `≤ ${FLOOR_RATIO_TARGET}` : '—';
        let ratioMet = '—';
        if (ttl === 0) {
          ratioMet =
            ratio !== undefined && failures === 0 && ratio <= FLOOR_RATIO_TARGET
              ? 'yes'
              : 'no';
        }
        rows.push(
          `| ${endpoint} | ${engineLabel} | ${label} | ${p50} | ${p99} | ${Math.round(
            result.requests.average,
          )} | ${kbPerAnswer} | ${failures} | ${livenessP99} | ${
            ratio === undefined ? 'n/a' : ratio.toFixed(2)
          } | ${ratioTarget} | ${ratioMet} | ${met ? 'yes' : 'no'} |`,
        );
      }
    }
    const [{ n }] = await lakehouse.query(
      'SELECT count(*) AS n FROM gold.ppm_budget_vs_actual',
    );
    const lines = [
      `API latency on DuckDB and on the emulated Databricks SQL warehouse (same data): ${LINES.toLocaleString(
        'en',
      )} budget lines, ${PROJECTS.toLocaleString(
        'en',
      )} projects, ${RECOMMENDATIONS.toLocaleString(
        'en',
      )} recommendations, ${Number(n).toLocaleString(
        'en',
      )} gold KPI rows; ${CONNECTIONS} connections, ${SECONDS} s per row`,
      '',
      '| endpoint | engine | read cache | p50 (ms) | p99 (ms) | req/s | KB per answer | failed | liveness p99 (ms) | p99 ÷ liveness p99 | target | met | p99 < 50 ms |',
      '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |',
      ...rows,
      '',
      'Liveness p99: cache-on rows use the floor row; each cache-off row uses a liveness run measured just before it.',
      "`/kpis` (portfolio) is the Overview tab's request (a year of the portfolio, one row per metric and month); `/kpis` (dimension=program, extra) is the year of every program the Overview requested before, measured as it was.",
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    for (const server of servers) await server.close();
    await lakehouse.close();
  }
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exitCode = 1;
});
