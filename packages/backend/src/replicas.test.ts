/*
 * Two real backend processes on one PostgreSQL database and one emulated
 * Databricks warehouse, as production runs several replicas. The warehouse
 * and the Notion sandbox run in this test's process and both backends point
 * at them. Runs when scripts/test.sh (or `start_test_postgres`) provides
 * PostgreSQL; skipped otherwise.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  createNotionFaultControl,
  createNotionSandbox,
  generatePortfolio,
  NotionSandbox,
  SandboxServer,
  SqlWarehouseEmulator,
  startSandboxServer,
  startSqlWarehouseEmulator,
} from '@finance-ppm/sandbox';

const postgres =
  process.env.BACKSTAGE_TEST_DATABASE_POSTGRES17_CONNECTION_STRING;

// Ports 7300-7399 belong to this test.
const REPLICA_PORTS = [7301, 7302];
const NOTION_PORT = 7303;
const WAREHOUSE_PORT = 7304;
const WAREHOUSE_TOKEN = 'replicas-test-warehouse-token';
// The fast test schedule: these jobs every 20 seconds.
const SLOT_MS = 20_000;
const FAST_JOBS = [
  'notion_sync_bronze',
  'notion_transform_silver',
  'control_room_status_refresh',
];
const TASK_TIMEOUT_SECONDS = 15;

interface Replica {
  name: string;
  port: number;
  child: ChildProcess;
  log: () => string;
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  replicas: Replica[] = [],
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const replica of replicas) {
      if (replica.child.exitCode !== null) {
        throw new Error(
          `${replica.name} exited (${
            replica.child.exitCode
          }) while waiting for ${what}:\n${replica.log().slice(-4000)}`,
        );
      }
    }
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(500);
  }
}

function startReplica(name: string, port: number, configFile: string): Replica {
  const backendDir = path.resolve(__dirname, '..');
  const repoRoot = path.resolve(backendDir, '../..');
  const transform = require.resolve(
    '@backstage/cli-node/config/nodeTransform.cjs',
    { paths: [repoRoot] },
  );
  const child = spawn(
    process.execPath,
    [
      '--enable-source-maps',
      '--require',
      transform,
      'src/index.ts',
      '--config',
      '../../app-config.yaml',
      '--config',
      configFile,
    ],
    {
      cwd: backendDir,
      env: {
        ...process.env,
        NODE_ENV: 'development',
        TZ: 'UTC',
        ESBK_TSCONFIG_PATH: path.join(repoRoot, 'tsconfig.json'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', chunk => (output += chunk));
  child.stderr!.on('data', chunk => (output += chunk));
  return { name, port, child, log: () => output };
}

function replicaConfig(
  port: number,
  databasePrefix: string,
  apiToken: string,
  notion: { url: string; sandbox: NotionSandbox },
  warehouse: SqlWarehouseEmulator,
) {
  return {
    backend: {
      baseUrl: `http://localhost:${port}`,
      listen: { port },
      database: {
        client: 'pg',
        connection: postgres,
        prefix: databasePrefix,
      },
      auth: {
        externalAccess: [
          {
            type: 'static',
            options: { token: apiToken, subject: 'replicas-test' },
          },
        ],
      },
    },
    controlRoom: {
      lakehouse: {
        engine: 'databricks',
        // The backend runs every job itself, through its scheduler.
        orchestrator: 'backstage',
        databricks: {
          host: `127.0.0.1:${warehouse.port}`,
          httpPath: warehouse.httpPath,
          token: WAREHOUSE_TOKEN,
          catalog: 'finance_ppm',
        },
      },
      notion: {
        token: 'replicas-test-notion-token',
        baseUrl: notion.url,
        databases: Object.fromEntries(
          Object.entries(notion.sandbox.databaseIds).map(([name, id]) => [
            name === 'budget_lines' ? 'budgetLines' : name,
            // Every scheduled sync asks Notion, so a run can be held there.
            { id, syncIntervalMinutes: 0 },
          ]),
        ),
      },
      sandbox: { enabled: true },
      // Long enough that only a change, not expiry, refreshes an answer.
      api: { cacheTtlSeconds: 600 },
      pipeline: {
        runOnStartup: false,
        taskTimeoutSeconds: TASK_TIMEOUT_SECONDS,
        schedules: Object.fromEntries(
          FAST_JOBS.map(job => [job, `*/${SLOT_MS / 1000} * * * * *`]),
        ),
      },
    },
  };
}

type RunRow = {
  run_id: string;
  job_id: string;
  status: string;
  trigger: string;
  started_at: string;
  error_message: string | null;
};

async function jobRuns(warehouse: SqlWarehouseEmulator): Promise<RunRow[]> {
  const rows = await warehouse.lakehouse.query<RunRow>(
    'SELECT run_id, job_id, status, trigger, CAST(started_at AS VARCHAR) AS started_at, error_message FROM bronze.job_runs',
  );
  return rows.map(row => ({
    ...row,
    started_at: new Date(`${row.started_at.replace(' ', 'T')}Z`).toISOString(),
  }));
}

/** Parses a JSON or an SSE (`data: {...}`) MCP answer. */
function mcpResult(text: string): any {
  const data = text.includes('data:')
    ? text
        .split('\n')
        .filter(line => line.startsWith('data:'))
        .map(line => line.slice(5).trim())
        .pop()!
    : text;
  return JSON.parse(data);
}

(postgres ? describe : describe.skip)('two backend replicas', () => {
  // Replica configs and, after the test, their logs.
  let workDir: string;
  const apiToken = randomUUID();
  const replicas: Replica[] = [];
  let warehouse: SqlWarehouseEmulator;
  let notionServer: SandboxServer;
  let notion: NotionSandbox;

  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'control-room-replicas-'));
    notion = createNotionSandbox({
      portfolio: generatePortfolio({
        programs: 2,
        projectsPerProgram: 2,
        budgetLines: 20,
      }),
      // Both replicas share Notion's rate; the test must not wait on it.
      requestsPerSecond: 50,
      burst: 100,
    });
    notionServer = await startSandboxServer(
      { handlers: [createNotionFaultControl(notion), ...notion.handlers] },
      { port: NOTION_PORT, host: '127.0.0.1' },
    );
    warehouse = await startSqlWarehouseEmulator({
      token: WAREHOUSE_TOKEN,
      catalog: 'finance_ppm',
      port: WAREHOUSE_PORT,
    });
    const prefix = `cr_replicas_${Date.now().toString(36)}_`;
    for (const [index, port] of REPLICA_PORTS.entries()) {
      const file = path.join(workDir, `replica-${index}.json`);
      fs.writeFileSync(
        file,
        JSON.stringify(
          replicaConfig(
            port,
            prefix,
            apiToken,
            { url: notionServer.url, sandbox: notion },
            warehouse,
          ),
        ),
      );
      const replica = startReplica(`replica ${index + 1}`, port, file);
      replicas.push(replica);
      // One after the other, as a rolling deployment starts them: Backstage
      // plugins' own migrations refuse to run side by side.
      await waitFor(
        `${replica.name} to answer /health`,
        async () => {
          const res = await fetch(
            `http://localhost:${replica.port}/api/control-room/health`,
          );
          return res.ok ? true : undefined;
        },
        180_000,
        [replica],
      );
    }
  }, 400_000);

  afterAll(async () => {
    await Promise.all(
      replicas.map(async replica => {
        if (replica.child.exitCode !== null) return;
        const exited = new Promise(r => replica.child.once('exit', r));
        replica.child.kill('SIGTERM');
        await Promise.race([exited, sleep(10_000)]);
        if (replica.child.exitCode === null) replica.child.kill('SIGKILL');
      }),
    );
    for (const replica of replicas) {
      fs.writeFileSync(
        path.join(workDir, `${replica.name.replace(' ', '-')}.log`),
        replica.log(),
      );
    }
    await notionServer?.close();
    await warehouse?.close();
  }, 60_000);

  const api = (replica: Replica, route: string, init: RequestInit = {}) =>
    fetch(`http://localhost:${replica.port}${route}`, {
      ...init,
      headers: {
        authorization: `Bearer ${apiToken}`,
        'content-type': 'application/json',
        ...init.headers,
      },
    });

  it("serve a run one replica recorded from the other's cache within seconds, though answers are cached for 10 minutes", async () => {
    const latestRun = async () => {
      const rows = await warehouse.lakehouse.query<{ run_id: string }>(
        `SELECT run_id FROM bronze.job_runs
          WHERE job_id = 'control_room_status_refresh' AND status = 'SUCCESS'
          ORDER BY started_at DESC, run_id DESC LIMIT 1`,
      );
      return rows[0]?.run_id;
    };
    const servedRun = async (replica: Replica) => {
      const res = await api(
        replica,
        '/api/control-room/job-runs?job=control_room_status_refresh&limit=1',
      );
      const body = (await res.json()) as { data: Array<{ run_id: string }> };
      return body.data[0]?.run_id;
    };
    const before = await waitFor(
      'a finished status refresh',
      latestRun,
      90_000,
      replicas,
    );
    // Both replicas read it once; from here on they answer from cache.
    await waitFor(
      'both replicas to serve it',
      async () => {
        const served = await Promise.all(replicas.map(servedRun));
        return served.every(run => run === before) ? true : undefined;
      },
      30_000,
      replicas,
    );
    const next = await waitFor(
      'the next status refresh',
      async () => {
        const latest = await latestRun();
        return latest !== before ? latest : undefined;
      },
      3 * SLOT_MS,
      replicas,
    );
    const recorded = Date.now();
    // Whichever replica ran it, both serve it: the other one heard of the
    // change through the events backend.
    await waitFor(
      'both replicas to serve the new run',
      async () => {
        const served = await Promise.all(replicas.map(servedRun));
        return served.every(run => run === next) ? true : undefined;
      },
      15_000,
      replicas,
    );
    expect(Date.now() - recorded).toBeLessThan(15_000);
  }, 240_000);

  it('run each job once per slot, create an action once, notify an alert once, and survive a replica killed mid-run', async () => {
    const ready = Date.now();

    // The first slots fill silver; an action needs a live project.
    const [project] = await waitFor(
      'a project in silver',
      async () => {
        const rows = await warehouse.lakehouse.query<{ project_id: string }>(
          'SELECT project_id FROM silver.notion_projects ORDER BY project_id LIMIT 1',
        );
        return rows.length > 0 ? rows : undefined;
      },
      90_000,
      replicas,
    );

    // 10 concurrent requests for one Advisor action, REST and MCP mixed,
    // spread over both replicas.
    const actionsBefore = notion.pages('actions').length;
    const request = {
      project_id: project.project_id,
      title: 'Right-size the idle VM',
      source: 'advisor',
      source_id: `replicas-test-${randomUUID()}`,
    };
    const tools = mcpResult(
      await (
        await api(replicas[0], '/api/mcp-actions/v1', {
          method: 'POST',
          headers: { accept: 'application/json, text/event-stream' },
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
        })
      ).text(),
    );
    const toolName: string = tools.result.tools
      .map((tool: { name: string }) => tool.name)
      .find((name: string) => name.endsWith('create-notion-action'));
    const answers = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const replica = replicas[i % 2];
        if (i % 4 < 2) {
          const res = await api(replica, '/api/control-room/notion/actions', {
            method: 'POST',
            body: JSON.stringify(request),
          });
          const body = await res.json();
          return { via: 'REST', ok: res.ok, actionId: body.action_id };
        }
        const res = await api(replica, '/api/mcp-actions/v1', {
          method: 'POST',
          headers: { accept: 'application/json, text/event-stream' },
          body: JSON.stringify({
            jsonrpc: '2.0',
            id: i,
            method: 'tools/call',
            params: { name: toolName, arguments: request },
          }),
        });
        const result = mcpResult(await res.text()).result;
        const output =
          result.structuredContent ?? JSON.parse(result.content[0].text);
        return { via: 'MCP', ok: !result.isError, actionId: output.action_id };
      }),
    );
    expect(answers.filter(answer => answer.via === 'MCP')).toHaveLength(4);
    expect(answers.every(answer => answer.ok)).toBe(true);
    const actionIds = new Set(answers.map(answer => answer.actionId));
    expect(actionIds.size).toBe(1);
    expect([...actionIds][0]).toMatch(/\S/);
    expect(notion.pages('actions').length).toBe(actionsBefore + 1);

    // At least three full slots after both were ready.
    const firstSlot = Math.ceil(ready / SLOT_MS);
    const slots = [firstSlot, firstSlot + 1, firstSlot + 2];
    await sleep(Math.max(0, (firstSlot + 3) * SLOT_MS + 8_000 - Date.now()));
    const scheduled = (await jobRuns(warehouse)).filter(
      run => run.trigger === 'schedule',
    );
    for (const job of FAST_JOBS) {
      const perSlot = slots.map(
        slot =>
          scheduled.filter(
            run =>
              run.job_id === job &&
              // A run starts within seconds of its slot (the scheduler
              // polls every 5 s, and starts a task's first run 1 s early).
              Math.round(Date.parse(run.started_at) / SLOT_MS) === slot,
          ).length,
      );
      expect({ job, perSlot }).toEqual({ job, perSlot: [1, 1, 1] });
    }
    // Which replica claims a slot is the scheduler's choice (often the same
    // one); the kill below shows the other takes over.

    // A failing sync opens one alert: both replicas evaluate it (after
    // their own runs and on the alerts task), one notifies.
    const alertLine = 'Alert opened: job-failed:notion_sync_bronze';
    const openings = () =>
      replicas
        .map(replica => replica.log().split(alertLine).length - 1)
        .reduce((a, b) => a + b, 0);
    expect(openings()).toBe(0);
    const failingFrom = Date.now();
    notion.setFault({ kind: 'server_error', status: 500, count: 10_000 });
    await waitFor(
      'a failed Notion sync',
      async () =>
        (
          await jobRuns(warehouse)
        ).find(
          run =>
            run.job_id === 'notion_sync_bronze' &&
            run.status === 'FAILED' &&
            Date.parse(run.started_at) >= failingFrom - 1_000,
        ),
      90_000,
      replicas,
    );
    notion.setFault(null);
    await waitFor(
      'the alert to notify',
      async () => (openings() > 0 ? true : undefined),
      30_000,
      replicas,
    );
    // Both replicas evaluate again within a slot; neither notifies again.
    await sleep(SLOT_MS + 5_000);
    expect(openings()).toBe(1);

    // Kill the replica running the sync while Notion holds it.
    notion.setFault({ kind: 'timeout', delayMs: 60_000, count: 1_000 });
    const marks = replicas.map(replica => replica.log().length);
    const victim = await waitFor(
      'a replica to start the Notion sync',
      async () =>
        replicas.find((replica, i) =>
          replica
            .log()
            .slice(marks[i])
            .includes('Running job notion_sync_bronze (schedule)'),
        ),
      60_000,
      replicas,
    );
    const survivor = replicas.find(replica => replica !== victim)!;
    const held = await waitFor(
      'the held run to be RUNNING',
      async () =>
        (
          await jobRuns(warehouse)
        ).find(
          run =>
            run.job_id === 'notion_sync_bronze' && run.status === 'RUNNING',
        ),
      20_000,
    );
    victim.child.kill('SIGKILL');
    const killedAt = Date.now();
    notion.setFault(null);
    const survivorMark = survivor.log().length;

    // After the task timeout no run is left RUNNING, the held one says why,
    // and the survivor runs the next slot.
    const ended = await waitFor(
      'the abandoned run to be ended',
      async () => {
        const runs = await jobRuns(warehouse);
        const stillRunning = runs.some(
          run => run.status === 'RUNNING' && run.run_id === held.run_id,
        );
        return stillRunning
          ? undefined
          : runs.find(run => run.run_id === held.run_id);
      },
      120_000,
      [survivor],
    );
    expect(ended).toMatchObject({
      status: 'FAILED',
      error_message: expect.stringContaining(
        'No end recorded within the task timeout',
      ),
    });
    const next = await waitFor(
      'the survivor to run the next Notion sync',
      async () =>
        (
          await jobRuns(warehouse)
        ).find(
          run =>
            run.job_id === 'notion_sync_bronze' &&
            run.trigger === 'schedule' &&
            run.status === 'SUCCESS' &&
            Date.parse(run.started_at) > killedAt,
        ),
      120_000,
      [survivor],
    );
    expect(next).toBeDefined();
    expect(survivor.log().slice(survivorMark)).toContain(
      'Running job notion_sync_bronze (schedule)',
    );
    // A moment later, nothing is RUNNING past its timeout.
    const now = Date.now();
    expect(
      (await jobRuns(warehouse)).filter(
        run =>
          run.status === 'RUNNING' &&
          now - Date.parse(run.started_at) > TASK_TIMEOUT_SECONDS * 1000,
      ),
    ).toEqual([]);
  }, 480_000);
});
