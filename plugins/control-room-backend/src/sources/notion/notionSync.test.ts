import { mockServices } from '@backstage/backend-test-utils';
import {
  createNotionService,
  DuckDbLakehouse,
  Lakehouse,
  lakehouseTables,
  NotionService,
  notionRawPages,
  syncWatermarks,
} from '@finance-ppm/plugin-control-room-node';
import {
  createNotionSandbox,
  generatePortfolio,
  NotionSandbox,
  NotionSandboxOptions,
} from '@finance-ppm/sandbox';
import { setupServer } from 'msw/node';
import { migrateLakehouse } from '../../lakehouse/migrations';
import {
  DEFAULT_PROPERTY_NAMES,
  NOTION_DATABASES,
  NotionDatabaseName,
  NotionSourceSettings,
} from './config';
import { createNotionPulls, NotionPulls } from './pulls';
import { pageToBronzeRow } from './bronzeRows';
import { CANCELLED_REASON } from '../../pipeline/jobRuns';
import { rebuildNotionSilver } from './silverTransform';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

interface Harness {
  sandbox: NotionSandbox;
  lakehouse: Lakehouse;
  notion: NotionService;
  pulls: NotionPulls;
  /** Moves the sync's clock forward, so intervals fall due. */
  advanceMinutes(minutes: number): void;
  settings: NotionSourceSettings;
}

const opened: Array<{ lakehouse: Lakehouse; notion: NotionService }> = [];
afterEach(async () => {
  for (const { lakehouse, notion } of opened.splice(0)) {
    await notion.stop();
    await lakehouse.close();
  }
});

async function setup(
  options: {
    sandbox?: NotionSandboxOptions;
    properties?: Partial<Record<NotionDatabaseName, Record<string, string>>>;
    lakehouse?: (lakehouse: Lakehouse) => Lakehouse;
    pageSize?: number;
    reconcileSliceSize?: number;
  } = {},
): Promise<Harness> {
  const sandbox = createNotionSandbox({
    portfolio: generatePortfolio({
      seed: 7,
      programs: 2,
      projectsPerProgram: 3,
      budgetLines: 60,
    }),
    requestsPerSecond: 1000,
    burst: 1000,
    ...options.sandbox,
  });
  server.use(...sandbox.handlers);
  const duckdb = await DuckDbLakehouse.open({ path: ':memory:' });
  await migrateLakehouse(duckdb, lakehouseTables);
  const notion = createNotionService({
    auth: 'secret_test_token',
    requestsPerSecond: 1000,
    burst: 50,
    timeoutMs: 300,
    maxRetries: 3,
    initialRetryDelayMs: 10,
  });
  opened.push({ lakehouse: duckdb, notion });
  const lakehouse = options.lakehouse ? options.lakehouse(duckdb) : duckdb;
  const settings: NotionSourceSettings = {
    databases: NOTION_DATABASES.map(name => ({
      name,
      id: sandbox.databaseIds[name],
      syncIntervalMinutes: 5,
      properties: {
        ...DEFAULT_PROPERTY_NAMES[name],
        ...options.properties?.[name],
      },
    })),
    overlapMinutes: 2,
    fullSyncIntervalHours: 24,
  };
  let offsetMs = 0;
  const pulls = createNotionPulls({
    lakehouse,
    notion,
    settings,
    logger: mockServices.logger.mock(),
    now: () => new Date(Date.now() + offsetMs),
    readRetry: { retries: 6, initialDelayMs: 10 },
    pageSize: options.pageSize,
    reconcileSliceSize: options.reconcileSliceSize,
  });
  return {
    sandbox,
    lakehouse: duckdb,
    notion,
    pulls,
    settings,
    advanceMinutes: minutes => {
      offsetMs += minutes * 60_000;
    },
  };
}

function livePages(sandbox: NotionSandbox, database: NotionDatabaseName) {
  return sandbox.pages(database).filter(page => !page.in_trash);
}

async function count(lakehouse: Lakehouse, sql: string, params = {}) {
  const [row] = await lakehouse.query<{ n: bigint }>(sql, params);
  return Number(row.n);
}

/** Distinct pages and rows per database in bronze. */
async function bronzeCounts(lakehouse: Lakehouse, database: string) {
  const [row] = await lakehouse.query<{ pages: bigint; versions: bigint }>(
    `SELECT count(DISTINCT page_id) AS pages, count(*) AS versions
     FROM bronze.notion_raw_pages WHERE database_name = :database`,
    { database },
  );
  return { pages: Number(row.pages), versions: Number(row.versions) };
}

async function expectBronzeMatchesSandbox(harness: Harness) {
  for (const database of NOTION_DATABASES) {
    const expected = livePages(harness.sandbox, database).length;
    // First full sync: exactly one version per page, none missing.
    expect(await bronzeCounts(harness.lakehouse, database)).toEqual({
      pages: expected,
      versions: expected,
    });
  }
}

/** A lakehouse whose bronze page writes go through `write`. */
function onBronzeWrite(
  write: (
    rows: Parameters<Lakehouse['upsert']>[1],
    next: () => ReturnType<Lakehouse['upsert']>,
  ) => ReturnType<Lakehouse['upsert']>,
) {
  return (duckdb: Lakehouse) =>
    new Proxy(duckdb, {
      get(target, property) {
        if (property !== 'upsert') {
          const value = Reflect.get(target, property);
          return typeof value === 'function' ? value.bind(target) : value;
        }
        return (...args: Parameters<Lakehouse['upsert']>) =>
          args[0] === notionRawPages
            ? write(args[1], () => target.upsert(...args))
            : target.upsert(...args);
      },
    });
}

/** Waits until `condition` holds, or `timeoutMs` passed; says which. */
async function eventually(condition: () => boolean, timeoutMs = 2000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, 5));
  }
  return condition();
}

async function watermarksSet(lakehouse: Lakehouse) {
  return count(
    lakehouse,
    'SELECT count(*) AS n FROM bronze.sync_watermarks WHERE watermark IS NOT NULL',
  );
}

describe('Notion sync against the sandbox', () => {
  it('copies every page to bronze and rebuilds silver from it', async () => {
    const harness = await setup();
    const { rowsWritten } = await harness.pulls.notion_sync_bronze();
    const total = NOTION_DATABASES.reduce(
      (sum, db) => sum + livePages(harness.sandbox, db).length,
      0,
    );
    expect(rowsWritten).toBe(total);
    await expectBronzeMatchesSandbox(harness);

    harness.sandbox.resetRequestLog();
    const silver = await harness.pulls.notion_transform_silver();
    expect(harness.sandbox.requestLog).toHaveLength(0);
    expect(silver.rowsWritten).toBe(total);

    const project = livePages(harness.sandbox, 'projects')[0];
    const props = project.properties as any;
    const [row] = await harness.lakehouse.query(
      'SELECT * FROM silver.notion_projects WHERE project_id = :id',
      { id: project.id },
    );
    expect(row.name).toBe(props.Name.title[0].plain_text);
    expect(Number(row.budget_total)).toBeCloseTo(props.Budget.number, 2);
    expect(row.currency).toBe(props.Currency.select.name);
    expect(row.program_id).toBe(props.Program.relation[0].id);
    expect(row.owner).toBe(props.Owner.people[0]?.person?.email ?? null);
    expect(row.notion_url).toBe(project.url);
    expect(row.is_archived).toBe(false);
    expect(
      await count(
        harness.lakehouse,
        'SELECT count(*) AS n FROM silver.notion_budget_lines',
      ),
    ).toBe(livePages(harness.sandbox, 'budget_lines').length);
  });

  it('stops between pages once the task is aborted, leaving the watermark where it was', async () => {
    const controller = new AbortController();
    const harness = await setup({
      pageSize: 10,
      // The task is aborted while the first page is written.
      lakehouse: duckdb =>
        new Proxy(duckdb, {
          get(target, property) {
            if (property !== 'upsert') {
              const value = Reflect.get(target, property);
              return typeof value === 'function' ? value.bind(target) : value;
            }
            return async (...args: Parameters<Lakehouse['upsert']>) => {
              const result = await target.upsert(...args);
              if (args[0] === notionRawPages) controller.abort();
              return result;
            };
          },
        }),
    });

    await expect(
      harness.pulls.syncNotionDataSource('budget_lines', {
        signal: controller.signal,
      }),
    ).rejects.toThrow(CANCELLED_REASON);

    expect((await bronzeCounts(harness.lakehouse, 'budget_lines')).pages).toBe(
      10,
    );
    expect(livePages(harness.sandbox, 'budget_lines').length).toBeGreaterThan(
      10,
    );
    expect(
      await count(
        harness.lakehouse,
        'SELECT count(*) AS n FROM bronze.sync_watermarks WHERE watermark IS NOT NULL',
      ),
    ).toBe(0);
  });

  it('sends the next query while a batch is written, one at most, and writes batches in order', async () => {
    let started = 0;
    let answered = 0;
    const isQuery = (request: Request) => request.url.endsWith('/query');
    const onStart = ({ request }: { request: Request }) => {
      if (isQuery(request)) started += 1;
    };
    const onAnswer = ({ request }: { request: Request }) => {
      if (isQuery(request)) answered += 1;
    };
    server.events.on('request:start', onStart);
    server.events.on('response:mocked', onAnswer);
    let startedDuringFirstWrite: number | undefined;
    const written: string[][] = [];
    const harness = await setup({
      pageSize: 10,
      lakehouse: onBronzeWrite(async (rows, write) => {
        if (startedDuringFirstWrite === undefined) {
          // Hold the first write until the next page has arrived, and a
          // little longer: no third query may start meanwhile.
          await eventually(() => answered >= 2);
          await new Promise(resolve => setTimeout(resolve, 50));
          startedDuringFirstWrite = started;
        }
        written.push(rows.map(row => String(row.page_id)));
        return write();
      }),
    });
    try {
      await harness.pulls.syncNotionDataSource('budget_lines');
    } finally {
      server.events.removeListener('request:start', onStart);
      server.events.removeListener('response:mocked', onAnswer);
    }

    expect(startedDuringFirstWrite).toBe(2);
    const inEditOrder = livePages(harness.sandbox, 'budget_lines')
      .sort(
        (a, b) =>
          Date.parse(a.last_edited_time) - Date.parse(b.last_edited_time),
      )
      .map(page => page.id);
    expect(written.length).toBe(Math.ceil(inEditOrder.length / 10));
    expect(written.flat()).toEqual(inEditOrder);
  });

  it('stops at a failing bronze write, writes nothing after it and leaves the watermark where it was', async () => {
    let writes = 0;
    const harness = await setup({
      pageSize: 10,
      lakehouse: onBronzeWrite(async (_rows, write) => {
        writes += 1;
        if (writes === 2) throw new Error('disk full');
        return write();
      }),
    });

    await expect(
      harness.pulls.syncNotionDataSource('budget_lines'),
    ).rejects.toThrow('disk full');
    // The query already in flight is dropped, not written.
    await new Promise(resolve => setTimeout(resolve, 100));
    expect(writes).toBe(2);
    expect((await bronzeCounts(harness.lakehouse, 'budget_lines')).pages).toBe(
      10,
    );
    expect(await watermarksSet(harness.lakehouse)).toBe(0);

    // The next run picks everything up, nothing twice.
    await harness.pulls.syncNotionDataSource('budget_lines');
    const expected = livePages(harness.sandbox, 'budget_lines').length;
    expect(await bronzeCounts(harness.lakehouse, 'budget_lines')).toEqual({
      pages: expected,
      versions: expected,
    });
    expect(await watermarksSet(harness.lakehouse)).toBe(1);
  });

  it('rebuilds silver from bronze in slices, with the same rows as in one read', async () => {
    const harness = await setup();
    await harness.pulls.notion_sync_bronze();
    const silverRows = async () => {
      const tables = [
        'silver.notion_projects',
        'silver.notion_budget_lines',
        'silver.notion_risks',
        'silver.notion_actions',
        'silver.notion_rejects',
      ];
      const rows: string[] = [];
      for (const table of tables) {
        rows.push(
          ...(await harness.lakehouse.query(`SELECT * FROM ${table}`)).map(
            row =>
              JSON.stringify(row, (_k, v) =>
                typeof v === 'bigint' ? `${v}` : v,
              ),
          ),
        );
        await harness.lakehouse.execute(`DELETE FROM ${table}`);
      }
      return rows.sort();
    };
    const fixedNow = () => new Date('2026-01-01T00:00:00Z');
    const whole = await rebuildNotionSilver(
      harness.lakehouse,
      harness.settings,
      fixedNow,
    );
    const inOneRead = await silverRows();
    // Seven pages per read: many slices, the last one short.
    const sliced = await rebuildNotionSilver(
      harness.lakehouse,
      harness.settings,
      fixedNow,
      7,
    );
    expect(sliced).toEqual(whole);
    expect(inOneRead.length).toBeGreaterThan(7 * 3);
    expect(await silverRows()).toEqual(inOneRead);
  });

  it('maps to silver only the pages a sync wrote after the mark, as a full rebuild would', async () => {
    const harness = await setup();
    await harness.pulls.notion_sync_bronze();
    await harness.pulls.notion_transform_silver();
    const [edited, untouched] = livePages(harness.sandbox, 'budget_lines');
    // A silver value no bronze version gives: only a full rebuild resets it.
    await harness.lakehouse.execute(
      'UPDATE silver.notion_budget_lines SET amount = -1 WHERE budget_line_id = :id',
      { id: untouched.id },
    );
    const mark = await harness.pulls.silverSince.mark();
    expect(mark).toBeInstanceOf(Date);
    harness.sandbox.editPage(edited.id, { Amount: { number: 777.5 } });
    await harness.pulls.syncNotionDataSource('budget_lines');

    const result = await harness.pulls.silverSince.transformSince(mark!);

    expect(result).toEqual({ rowsWritten: 1 });
    const amounts = async () =>
      Object.fromEntries(
        (
          await harness.lakehouse.query<{
            budget_line_id: string;
            amount: string;
          }>(
            'SELECT budget_line_id, CAST(amount AS VARCHAR) AS amount FROM silver.notion_budget_lines WHERE budget_line_id IN (:a, :b)',
            { a: edited.id, b: untouched.id },
          )
        ).map(row => [row.budget_line_id, row.amount]),
      );
    expect((await amounts())[edited.id]).toBe('777.50');
    expect((await amounts())[untouched.id]).toBe('-1.00');
    await harness.pulls.notion_transform_silver();
    expect((await amounts())[edited.id]).toBe('777.50');
    expect((await amounts())[untouched.id]).not.toBe('-1.00');
  });

  it('makes one request per data source when nothing changed', async () => {
    const harness = await setup();
    await harness.pulls.notion_sync_bronze();
    harness.advanceMinutes(6);
    harness.sandbox.resetRequestLog();
    await harness.pulls.notion_sync_bronze();
    const log = harness.sandbox.requestLog;
    expect(log).toHaveLength(NOTION_DATABASES.length);
    expect(new Set(log.map(entry => entry.path)).size).toBe(log.length);
    expect(
      log.every(entry => entry.method === 'POST' && entry.status === 200),
    ).toBe(true);
    // Databases not yet due are skipped entirely.
    harness.sandbox.resetRequestLog();
    await harness.pulls.notion_sync_bronze();
    expect(harness.sandbox.requestLog).toHaveLength(0);
  });

  it('picks up edits, including one made while a sync runs', async () => {
    const harness = await setup();
    const [first, second] = livePages(harness.sandbox, 'projects');
    let edited = false;
    const editDuringSync = () => {
      if (!edited) {
        edited = true;
        harness.sandbox.editPage(second.id, { Budget: { number: 4242.5 } });
      }
    };
    server.events.on('response:mocked', editDuringSync);
    await harness.pulls.syncNotionDataSource('projects');
    server.events.removeListener('response:mocked', editDuringSync);
    expect(edited).toBe(true);

    harness.sandbox.editPage(first.id, { Budget: { number: 1000.25 } });
    await harness.pulls.syncNotionDataSource('projects');
    await harness.pulls.notion_transform_silver();
    const rows = await harness.lakehouse.query(
      'SELECT project_id, budget_total FROM silver.notion_projects WHERE project_id IN (:a, :b) ORDER BY budget_total',
      { a: first.id, b: second.id },
    );
    expect(rows.map(r => r.budget_total)).toEqual(['1000.25', '4242.50']);
  });

  it('splits queries that reach the row cap into time windows', async () => {
    const harness = await setup({
      sandbox: { queryResultLimit: 20 },
      pageSize: 7,
    });
    await harness.pulls.syncNotionDataSource('budget_lines');
    const queries = harness.sandbox.requestLog.filter(e =>
      e.path.endsWith('/query'),
    );
    expect(queries.length).toBeGreaterThan(60 / 7);
    expect(await bronzeCounts(harness.lakehouse, 'budget_lines')).toEqual({
      pages: livePages(harness.sandbox, 'budget_lines').length,
      versions: livePages(harness.sandbox, 'budget_lines').length,
    });
  });

  it('fails, after writing what it read, when more rows than one query returns share an edit time', async () => {
    const editedAt = new Date('2030-01-01T00:00:00Z');
    const harness = await setup({
      sandbox: { queryResultLimit: 5, now: () => editedAt },
      pageSize: 2,
    });
    const lines = livePages(harness.sandbox, 'budget_lines');
    for (const line of lines.slice(0, 6)) {
      harness.sandbox.editPage(line.id, { Notes: { rich_text: [] } });
    }

    await expect(
      harness.pulls.syncNotionDataSource('budget_lines'),
    ).rejects.toThrow(
      `more than one query's worth of rows share the edit time ${editedAt.toISOString()}`,
    );
    // Every row before that edit time, and the five one query returned.
    expect((await bronzeCounts(harness.lakehouse, 'budget_lines')).pages).toBe(
      lines.length - 6 + 5,
    );
    expect(await watermarksSet(harness.lakehouse)).toBe(0);
  });

  it('completes relations Notion cuts at 25 items', async () => {
    // Map the reverse "Budget lines" relation so the sync must complete it.
    const harness = await setup({
      properties: { projects: { program_id: 'Budget lines' } },
    });
    const full = harness.sandbox
      .pages('projects')
      .find(
        p => ((p.properties as any)['Budget lines'].relation ?? []).length > 25,
      );
    expect(full).toBeDefined();
    const expected = (full!.properties as any)['Budget lines'].relation.map(
      (r: { id: string }) => r.id,
    );
    await harness.pulls.syncNotionDataSource('projects');
    const [row] = await harness.lakehouse.query<{ raw_payload: string }>(
      'SELECT raw_payload FROM bronze.notion_raw_pages WHERE page_id = :id',
      { id: full!.id },
    );
    const stored = JSON.parse(row.raw_payload).properties['Budget lines'];
    expect(stored.relation.map((r: { id: string }) => r.id)).toEqual(expected);
    expect(stored.has_more).toBe(false);
    expect(
      harness.sandbox.requestLog.some(e => e.path.includes('/properties/')),
    ).toBe(true);
  });

  it('marks trashed pages in bronze and silver on the full reconciliation', async () => {
    const harness = await setup();
    await harness.pulls.notion_sync_bronze();
    const risk = livePages(harness.sandbox, 'risks')[0];
    harness.sandbox.trashPage(risk.id);
    await harness.pulls.syncNotionDataSource('risks', { full: true });
    await harness.pulls.notion_transform_silver();
    const [row] = await harness.lakehouse.query(
      'SELECT is_archived FROM silver.notion_risks WHERE risk_id = :id',
      { id: risk.id },
    );
    expect(row.is_archived).toBe(true);
    expect(
      await count(
        harness.lakehouse,
        'SELECT count(*) AS n FROM silver.notion_risks WHERE NOT is_archived',
      ),
    ).toBe(livePages(harness.sandbox, 'risks').length);
  });

  it('flags pages deleted from Notion (404) on the full reconciliation', async () => {
    const harness = await setup();
    await harness.pulls.notion_sync_bronze();
    const [known] = await harness.lakehouse.query<{ raw_payload: string }>(
      "SELECT raw_payload FROM bronze.notion_raw_pages WHERE database_name = 'risks' LIMIT 1",
    );
    const ghost = { ...JSON.parse(known.raw_payload), id: 'deleted-page' };
    await harness.lakehouse.upsert(notionRawPages, [
      pageToBronzeRow(
        ghost,
        { id: harness.sandbox.databaseIds.risks, name: 'risks' },
        new Date().toISOString(),
      ),
    ]);
    await harness.pulls.syncNotionDataSource('risks', { full: true });
    const [row] = await harness.lakehouse.query(
      "SELECT in_trash FROM bronze.notion_raw_pages WHERE page_id = 'deleted-page'",
    );
    expect(row.in_trash).toBe(true);
  });

  it('reconciles bronze a slice at a time, and finds every removed page', async () => {
    const harness = await setup({ reconcileSliceSize: 4 });
    await harness.pulls.notion_sync_bronze();
    const live = livePages(harness.sandbox, 'budget_lines');
    // Pages spread over the slices (ids are random): trashed in Notion.
    const trashed = live.filter((_, index) => index % 9 === 0);
    for (const page of trashed) harness.sandbox.trashPage(page.id);
    const reads: string[] = [];
    const query = harness.lakehouse.query.bind(harness.lakehouse);
    jest.spyOn(harness.lakehouse, 'query').mockImplementation((sql, params) => {
      if (sql.includes('version_rank')) reads.push(sql);
      return query(sql, params);
    });

    const result = await harness.pulls.syncNotionDataSource('budget_lines', {
      full: true,
    });

    expect(result.pagesRemoved).toBe(trashed.length);
    expect(reads.length).toBeGreaterThanOrEqual(Math.ceil(live.length / 4));
    const flagged = await harness.lakehouse.query<{ page_id: string }>(
      `SELECT page_id FROM (
         SELECT page_id, in_trash, ROW_NUMBER() OVER (
           PARTITION BY page_id ORDER BY last_edited_time DESC) AS newest
         FROM bronze.notion_raw_pages WHERE database_name = 'budget_lines')
       WHERE newest = 1 AND in_trash ORDER BY page_id`,
    );
    expect(flagged.map(row => row.page_id)).toEqual(
      trashed.map(page => page.id).sort(),
    );
  });

  it('keeps a page live that was created between the full listing and the reconciliation', async () => {
    let created: { id: string } | undefined;
    let armed = false;
    const harness = await setup({
      // Runs the race at the reconciliation's first read of bronze: the page
      // is created in Notion and an incremental sync (a webhook) writes it.
      lakehouse: duckdb =>
        new Proxy(duckdb, {
          get(target, property) {
            if (property !== 'query') {
              const value = Reflect.get(target, property);
              return typeof value === 'function' ? value.bind(target) : value;
            }
            return async (
              sql: string,
              params?: Parameters<Lakehouse['query']>[1],
            ) => {
              if (armed && !created && sql.includes('version_rank')) {
                created = harness.sandbox.addPage('risks', {
                  Name: { title: [{ text: { content: 'Vendor delay' } }] },
                });
                await harness.pulls.syncNotionDataSource('risks');
              }
              return target.query(sql, params);
            };
          },
        }),
    });
    await harness.pulls.notion_sync_bronze();
    armed = true;
    const result = await harness.pulls.syncNotionDataSource('risks', {
      full: true,
    });
    expect(created).toBeDefined();
    expect(result.pagesRemoved).toBe(0);
    const rows = await harness.lakehouse.query<{ in_trash: boolean }>(
      'SELECT in_trash FROM bronze.notion_raw_pages WHERE page_id = :id',
      { id: created!.id },
    );
    expect(rows.map(row => row.in_trash)).toEqual([false]);
    await harness.pulls.notion_transform_silver();
    const [risk] = await harness.lakehouse.query(
      'SELECT is_archived FROM silver.notion_risks WHERE risk_id = :id',
      { id: created!.id },
    );
    expect(risk.is_archived).toBe(false);
  });

  it.each([
    ['rate limit storm', { kind: 'rate_limit_storm', count: 2 }],
    ['502', { kind: 'server_error', status: 502, count: 3 }],
    ['503', { kind: 'server_error', status: 503, count: 3 }],
    ['529', { kind: 'server_error', status: 529, count: 3 }],
    ['timeouts', { kind: 'timeout', delayMs: 600, count: 2 }],
    ['malformed json', { kind: 'malformed_json', count: 3 }],
    ['truncated pages', { kind: 'truncated_page', count: 3 }],
  ] as const)('loses and duplicates nothing under %s', async (_name, fault) => {
    const harness = await setup();
    harness.sandbox.setFault(fault);
    await harness.pulls.notion_sync_bronze();
    expect(
      harness.sandbox.requestLog.some(entry => entry.status !== 200) ||
        fault.kind === 'timeout' ||
        fault.kind === 'malformed_json' ||
        fault.kind === 'truncated_page',
    ).toBe(true);
    await expectBronzeMatchesSandbox(harness);
  });

  it('resumes with exact counts after a crash between bronze and watermark', async () => {
    let crash = true;
    const harness = await setup({
      lakehouse: real =>
        Object.assign(Object.create(real), {
          upsert: (table: any, rows: any) => {
            if (table === syncWatermarks && crash) {
              throw new Error('process died');
            }
            return real.upsert(table, rows);
          },
        }),
    });
    await expect(harness.pulls.notion_sync_bronze()).rejects.toThrow(
      /process died/,
    );
    expect(
      await count(
        harness.lakehouse,
        'SELECT count(*) AS n FROM bronze.sync_watermarks',
      ),
    ).toBe(0);
    crash = false;
    await harness.pulls.notion_sync_bronze();
    await expectBronzeMatchesSandbox(harness);
    expect(
      await count(
        harness.lakehouse,
        'SELECT count(*) AS n FROM bronze.sync_watermarks',
      ),
    ).toBe(NOTION_DATABASES.length);
  });

  it('records values silver cannot take as rejects, never as zeros', async () => {
    const harness = await setup({
      properties: { budget_lines: { amount: 'Vendor' } },
    });
    const risk = livePages(harness.sandbox, 'risks')[0];
    harness.sandbox.editPage(risk.id, {
      Impact: { select: { name: 'Catastrophic' } },
    });
    await harness.pulls.notion_sync_bronze();
    await harness.pulls.notion_transform_silver();

    const [riskRow] = await harness.lakehouse.query(
      'SELECT impact FROM silver.notion_risks WHERE risk_id = :id',
      { id: risk.id },
    );
    expect(riskRow.impact).toBeNull();
    const rejects = await harness.lakehouse.query(
      'SELECT * FROM silver.notion_rejects ORDER BY database_name, page_id',
    );
    expect(rejects).toContainEqual(
      expect.objectContaining({
        page_id: risk.id,
        property: 'Impact',
        silver_column: 'impact',
        reason:
          'unknown value "Catastrophic"; expected one of High, Medium, Low',
      }),
    );
    const vendors = livePages(harness.sandbox, 'budget_lines').filter(
      page => ((page.properties as any).Vendor.rich_text ?? []).length > 0,
    );
    const amountRejects = rejects.filter(r => r.silver_column === 'amount');
    expect(amountRejects).toHaveLength(vendors.length);
    expect(amountRejects[0].reason).toMatch(/^not a number: /);
    expect(
      await count(
        harness.lakehouse,
        'SELECT count(*) AS n FROM silver.notion_budget_lines WHERE amount IS NOT NULL',
      ),
    ).toBe(0);
  });
});
