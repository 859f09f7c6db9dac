import fs from 'node:fs';
import path from 'node:path';
import {
  APIErrorCode,
  collectAllDataSourceRows,
  isFullPage,
  PageObjectResponse,
  QueryDataSourceResponse,
  RequestTimeoutError,
} from '@notionhq/client';
import { setupServer } from 'msw/node';
import { generatePortfolio } from '../portfolio/portfolio';
import { createNotionSandbox, NotionSandbox } from './sandbox';
import { manualClock, notionFetch, sandboxClient } from './testUtils';

const repoRoot = path.resolve(__dirname, '../../../..');
const dataSourcesSpec = JSON.parse(
  fs.readFileSync(
    path.resolve(
      repoRoot,
      '../shared/fixtures/notion/notion-openapi.data-sources-2025-09-03.json',
    ),
    'utf8',
  ),
);
const databasesV1Spec = JSON.parse(
  fs.readFileSync(
    path.resolve(
      repoRoot,
      '../shared/fixtures/notion/notion-openapi.databases-v1.json',
    ),
    'utf8',
  ),
);

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** A sandbox with a limit high enough that only rate-limit tests meet it. */
function use(
  options: Parameters<typeof createNotionSandbox>[0] = {},
): NotionSandbox {
  const sandbox = createNotionSandbox({
    requestsPerSecond: 1000,
    burst: 1000,
    ...options,
  });
  server.use(...sandbox.handlers);
  return sandbox;
}

async function query(
  sandbox: NotionSandbox,
  database: keyof NotionSandbox['dataSourceIds'],
  body: unknown = {},
) {
  const response = await notionFetch(
    `/v1/data_sources/${sandbox.dataSourceIds[database]}/query`,
    {
      method: 'POST',
      body,
    },
  );
  return { status: response.status, body: (await response.json()) as any };
}

async function queryAll(
  sandbox: NotionSandbox,
  database: keyof NotionSandbox['dataSourceIds'],
  body: Record<string, unknown> = {},
) {
  const rows: PageObjectResponse[] = [];
  let cursor: string | undefined;
  let last: QueryDataSourceResponse;
  do {
    const { body: page } = await query(sandbox, database, {
      ...body,
      start_cursor: cursor,
    });
    last = page;
    rows.push(...page.results);
    cursor = page.next_cursor ?? undefined;
  } while (cursor);
  return { rows, last };
}

const title = (page: PageObjectResponse) => {
  const value = page.properties.Name;
  return value.type === 'title'
    ? value.title.map(t => t.plain_text).join('')
    : '';
};

describe('Notion sandbox: databases and data sources', () => {
  it('lists each database with its data source and the default schema', async () => {
    const sandbox = use();
    const client = sandboxClient();
    const database = await client.databases.retrieve({
      database_id: sandbox.databaseIds.projects,
    });
    expect(database).toMatchObject({
      object: 'database',
      data_sources: [{ id: sandbox.dataSourceIds.projects, name: 'Projects' }],
    });
    const dataSource = await client.dataSources.retrieve({
      data_source_id: sandbox.dataSourceIds.budget_lines,
    });
    const types = Object.fromEntries(
      Object.values((dataSource as any).properties).map((p: any) => [
        p.name,
        p.type,
      ]),
    );
    expect(types).toMatchObject({
      Name: 'title',
      Project: 'relation',
      Category: 'select',
      Vendor: 'rich_text',
      Month: 'date',
      Amount: 'number',
      'Paid date': 'date',
      Notes: 'rich_text',
    });
  });

  it('describes properties with the keys Notion’s published database example uses', async () => {
    const sandbox = use();
    const example = JSON.parse(
      databasesV1Spec.paths['/v1/databases/{database_id}'].get.responses['200']
        .content['application/json'].examples.Result.value,
    );
    const exampleByType = new Map<string, any>(
      Object.values(example.properties).map((p: any) => [p.type, p]),
    );
    const checked = new Set<string>();
    for (const key of Object.keys(sandbox.dataSourceIds) as Array<
      keyof NotionSandbox['dataSourceIds']
    >) {
      const { body } = await notionFetch(
        `/v1/data_sources/${sandbox.dataSourceIds[key]}`,
      ).then(async r => ({
        body: await r.json(),
      }));
      for (const property of Object.values(body.properties) as any[]) {
        const sample = exampleByType.get(property.type);
        if (!sample) continue;
        checked.add(property.type);
        for (const field of Object.keys(sample))
          expect(property).toHaveProperty([field]);
        for (const option of property[property.type].options ?? []) {
          for (const field of Object.keys(sample[property.type].options[0])) {
            expect(option).toHaveProperty([field]);
          }
        }
      }
    }
    expect([...checked].sort()).toEqual([
      'date',
      'number',
      'people',
      'relation',
      'rich_text',
      'select',
      'title',
    ]);
  });

  it('answers unknown ids with Notion’s error shape from the published spec', async () => {
    use();
    const errorSchema =
      dataSourcesSpec.paths['/v1/data_sources/{data_source_id}/query'].post
        .responses['400'].content['application/json'].schema;
    // The spec lists the fields without marking them required; all must be there.
    const matchesSpec = (body: Record<string, unknown>) =>
      Object.entries(
        errorSchema.properties as Record<string, { type: string }>,
      ).every(([field, { type }]) =>
        type === 'integer'
          ? Number.isInteger(body[field])
          : typeof body[field] === type,
      );
    const missing = await notionFetch(
      '/v1/data_sources/00000000-0000-4000-8000-000000000000/query',
      {
        method: 'POST',
        body: {},
      },
    );
    const missingBody = await missing.json();
    expect(missing.status).toBe(404);
    expect(matchesSpec(missingBody)).toBe(true);
    expect(matchesSpec({ object: 'error', status: '404' })).toBe(false);
    expect(missingBody).toMatchObject({
      object: 'error',
      status: 404,
      code: 'object_not_found',
    });
  });

  it('rejects requests without a token or version and never echoes the token', async () => {
    const sandbox = use();
    const noToken = await notionFetch(
      `/v1/databases/${sandbox.databaseIds.risks}`,
      {
        headers: { Authorization: '' },
      },
    );
    expect(noToken.status).toBe(401);
    expect(await noToken.json()).toMatchObject({ code: 'unauthorized' });
    const noVersion = await notionFetch(
      `/v1/databases/${sandbox.databaseIds.risks}`,
      {
        headers: { 'Notion-Version': '' },
      },
    );
    expect(noVersion.status).toBe(400);
    expect(JSON.stringify(await noVersion.json())).not.toContain(
      'secret_sandbox_token',
    );
  });
});

describe('Notion sandbox: queries', () => {
  it('pages through every row with cursors, 100 at most per page', async () => {
    const sandbox = use();
    const first = await query(sandbox, 'budget_lines', { page_size: 100 });
    expect(first.body.results).toHaveLength(100);
    expect(first.body.has_more).toBe(true);
    const { rows, last } = await queryAll(sandbox, 'budget_lines', {
      page_size: 100,
    });
    expect(rows).toHaveLength(sandbox.portfolio.budgetLines.length);
    expect(new Set(rows.map(r => r.id)).size).toBe(rows.length);
    expect(last.request_status).toBeUndefined();
    const tooBig = await query(sandbox, 'budget_lines', { page_size: 101 });
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.code).toBe('validation_error');
  });

  it('stops a query at 10,000 rows and says so, and the SDK gets the rest by created_time windows', async () => {
    const portfolio = generatePortfolio({ budgetLines: 10_050 });
    const sandbox = use({ portfolio });
    const { rows, last } = await queryAll(sandbox, 'budget_lines');
    expect(rows).toHaveLength(10_000);
    expect(last.has_more).toBe(false);
    expect(last.next_cursor).toBeNull();
    expect(last.request_status).toEqual({
      type: 'incomplete',
      incomplete_reason: 'query_result_limit_reached',
    });
    const all = await collectAllDataSourceRows(sandboxClient(), {
      data_source_id: sandbox.dataSourceIds.budget_lines,
    });
    expect(new Set(all.map(r => r.id)).size).toBe(10_050);
  });

  it('filters on last_edited_time, select, rich_text and relation, combined with and', async () => {
    const sandbox = use();
    const lines = sandbox.pages('budget_lines');
    const cut = [...lines.map(l => l.last_edited_time)].sort()[
      Math.floor(lines.length / 2)
    ];
    const recent = await queryAll(sandbox, 'budget_lines', {
      filter: {
        timestamp: 'last_edited_time',
        last_edited_time: { on_or_after: cut },
      },
    });
    expect(recent.rows.length).toBe(
      lines.filter(l => l.last_edited_time >= cut).length,
    );
    const before = await queryAll(sandbox, 'budget_lines', {
      filter: {
        timestamp: 'last_edited_time',
        last_edited_time: { before: cut },
      },
    });
    expect(recent.rows.length + before.rows.length).toBe(lines.length);

    const project = sandbox.portfolio.projects[1];
    const expected = sandbox.portfolio.budgetLines.filter(
      l => l.projectId === project.id && l.category === 'OpEx',
    );
    const combined = await queryAll(sandbox, 'budget_lines', {
      filter: {
        and: [
          { property: 'Project', relation: { contains: project.id } },
          { property: 'Category', select: { equals: 'OpEx' } },
        ],
      },
    });
    expect(combined.rows.map(r => r.id).sort()).toEqual(
      expected.map(l => l.id).sort(),
    );

    const vendor = sandbox.portfolio.budgetLines[0].vendor;
    const byVendor = await queryAll(sandbox, 'budget_lines', {
      filter: { property: 'Vendor', rich_text: { equals: vendor } },
    });
    expect(byVendor.rows.length).toBe(
      sandbox.portfolio.budgetLines.filter(l => l.vendor === vendor).length,
    );

    const unknown = await query(sandbox, 'budget_lines', {
      filter: { property: 'Colour', select: { equals: 'Red' } },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('validation_error');
  });

  it('sorts on last_edited_time in either direction', async () => {
    const sandbox = use();
    const ascending = await queryAll(sandbox, 'risks', {
      sorts: [{ timestamp: 'last_edited_time', direction: 'ascending' }],
    });
    const times = ascending.rows.map(r => r.last_edited_time);
    expect(times).toEqual([...times].sort());
    const descending = await query(sandbox, 'risks', {
      sorts: [{ timestamp: 'last_edited_time', direction: 'descending' }],
    });
    expect(descending.body.results[0].last_edited_time).toBe(
      times[times.length - 1],
    );
  });
});

describe('Notion sandbox: relations beyond 25 items', () => {
  it('shows 25 relation items inline with has_more and pages the rest 25 at a time', async () => {
    const sandbox = use();
    const project = sandbox.portfolio.projects[0];
    const lineIds = sandbox.portfolio.budgetLines
      .filter(l => l.projectId === project.id)
      .map(l => l.id);
    expect(lineIds.length).toBeGreaterThan(25);

    const client = sandboxClient();
    const page = (await client.pages.retrieve({
      page_id: project.id,
    })) as PageObjectResponse;
    const inline = page.properties['Budget lines'] as any;
    expect(inline.relation).toHaveLength(25);
    expect(inline.has_more).toBe(true);

    const seen: string[] = [];
    let cursor: string | undefined;
    let calls = 0;
    do {
      const list: any = await client.pages.properties.retrieve({
        page_id: project.id,
        property_id: inline.id,
        start_cursor: cursor,
      });
      calls++;
      expect(list.results.length).toBeLessThanOrEqual(25);
      seen.push(...list.results.map((item: any) => item.relation.id));
      cursor = list.next_cursor ?? undefined;
    } while (cursor);
    expect(calls).toBe(Math.ceil(lineIds.length / 25));
    expect(seen.sort()).toEqual([...lineIds].sort());
  });

  it('pages a program’s projects when it has more than 25', async () => {
    const sandbox = use({
      portfolio: generatePortfolio({ programs: 1, projectsPerProgram: 27 }),
    });
    const [program] = sandbox.pages('programs');
    const list: any = await (
      await notionFetch(
        `/v1/pages/${program.id}/properties/Projects?page_size=25`,
      )
    ).json();
    expect(list.results).toHaveLength(25);
    expect(list.has_more).toBe(true);
    expect(list.property_item.next_url).toContain('start_cursor=');
  });
});

describe('Notion sandbox: rate limit', () => {
  it('answers a burst past the bucket with 429, rate_limited and Retry-After, then recovers', async () => {
    const clock = manualClock();
    const sandbox = use({ requestsPerSecond: 3, burst: 3, now: clock.now });
    const route = `/v1/databases/${sandbox.databaseIds.programs}`;
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await notionFetch(route)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await notionFetch(route);
    expect(limited.headers.get('Retry-After')).toBe('1');
    expect(await limited.json()).toMatchObject({
      object: 'error',
      status: 429,
      code: 'rate_limited',
    });
    clock.advance(1);
    expect((await notionFetch(route)).status).toBe(200);
    expect(sandbox.requestLog.map(e => e.status)).toEqual([
      200, 200, 200, 429, 429, 200,
    ]);
  });

  it('lets the SDK’s own retry ride out 429s by obeying Retry-After', async () => {
    const sandbox = use();
    sandbox.setFault({ kind: 'rate_limit_storm', count: 1 });
    const client = sandboxClient({
      retry: { maxRetries: 2, initialRetryDelayMs: 1, maxRetryDelayMs: 1 },
    });
    const database = await client.databases.retrieve({
      database_id: sandbox.databaseIds.actions,
    });
    expect(database.id).toBe(sandbox.databaseIds.actions);
    expect(sandbox.requestLog.map(e => e.status)).toEqual([429, 200]);
  });
});

describe('Notion sandbox: faults', () => {
  it('storms 429 for exactly count requests', async () => {
    const sandbox = use();
    sandbox.setFault({ kind: 'rate_limit_storm', count: 2 });
    const route = `/v1/data_sources/${sandbox.dataSourceIds.risks}`;
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await notionFetch(route)).status);
    expect(statuses).toEqual([429, 429, 200]);
  });

  it.each([
    [500, 'internal_server_error'],
    [502, 'internal_server_error'],
    [503, 'service_unavailable'],
    [529, APIErrorCode.ServiceOverload],
  ] as const)('fails with %i %s', async (status, code) => {
    const sandbox = use();
    sandbox.setFault({ kind: 'server_error', status, count: 1 });
    const failed = await query(sandbox, 'actions');
    expect(failed.status).toBe(status);
    expect(failed.body).toMatchObject({ object: 'error', status, code });
    expect((await query(sandbox, 'actions')).status).toBe(200);
  });

  it('holds a response back long enough for a client timeout', async () => {
    const sandbox = use();
    sandbox.setFault({ kind: 'timeout', delayMs: 300, count: 1 });
    const client = sandboxClient({ timeoutMs: 50 });
    await expect(
      client.dataSources.query({
        data_source_id: sandbox.dataSourceIds.programs,
      }),
    ).rejects.toBeInstanceOf(RequestTimeoutError);
    const next = await client.dataSources.query({
      data_source_id: sandbox.dataSourceIds.programs,
    });
    expect(next.results.length).toBe(sandbox.portfolio.programs.length);
  });

  it('sends a body that is not valid JSON', async () => {
    const sandbox = use();
    sandbox.setFault({ kind: 'malformed_json', count: 1 });
    const response = await notionFetch(
      `/v1/databases/${sandbox.databaseIds.projects}`,
    );
    expect(response.status).toBe(200);
    await expect(response.json()).rejects.toThrow(/JSON/);
  });

  it('truncates a query page to partial rows and leaves other endpoints alone', async () => {
    const sandbox = use();
    sandbox.setFault({ kind: 'truncated_page', count: 1 });
    expect(
      (await notionFetch(`/v1/databases/${sandbox.databaseIds.projects}`))
        .status,
    ).toBe(200);
    const truncated = await query(sandbox, 'projects', { page_size: 10 });
    const full = truncated.body.results.filter((r: any) => isFullPage(r));
    expect(truncated.body.results).toHaveLength(10);
    expect(full).toHaveLength(5);
    expect(truncated.body.has_more).toBe(true);
    const again = await query(sandbox, 'projects', { page_size: 10 });
    expect(again.body.results.every((r: any) => isFullPage(r))).toBe(true);
  });

  it('clears a fault when set to null', async () => {
    const sandbox = use();
    sandbox.setFault({ kind: 'server_error', status: 500, count: 5 });
    sandbox.setFault(null);
    expect((await query(sandbox, 'risks')).status).toBe(200);
  });
});

describe('Notion sandbox: writes', () => {
  it('creates a page in a data source and finds it by its Source ID', async () => {
    const clock = manualClock('2026-11-25T10:15:42.123Z');
    const sandbox = use({ now: clock.now });
    const project = sandbox.portfolio.projects[2];
    const assignee = sandbox.portfolio.people[0];
    const client = sandboxClient();
    const created = (await client.pages.create({
      parent: {
        type: 'data_source_id',
        data_source_id: sandbox.dataSourceIds.actions,
      },
      properties: {
        Name: { title: [{ text: { content: 'Resize VM' } }] },
        Project: { relation: [{ id: project.id }] },
        Status: { status: { name: 'Not started' } },
        Assignee: { people: [{ id: assignee.id }] },
        Due: { date: { start: '2026-12-01' } },
        Source: { select: { name: 'advisor' } },
        'Source ID': { rich_text: [{ text: { content: 'rec-123' } }] },
      },
    })) as PageObjectResponse;
    expect(created.created_time).toBe('2026-11-25T10:15:00.000Z');
    expect(created.parent).toMatchObject({
      data_source_id: sandbox.dataSourceIds.actions,
    });
    expect((created.properties.Assignee as any).people[0].person.email).toBe(
      assignee.email,
    );

    const found = await queryAll(sandbox, 'actions', {
      filter: { property: 'Source ID', rich_text: { equals: 'rec-123' } },
    });
    expect(found.rows.map(title)).toEqual(['Resize VM']);
  });

  it('rejects a page whose properties do not fit the schema', async () => {
    const sandbox = use();
    const response = await notionFetch('/v1/pages', {
      method: 'POST',
      body: {
        parent: {
          type: 'data_source_id',
          data_source_id: sandbox.dataSourceIds.risks,
        },
        properties: { Status: { status: { name: 'Exploded' } } },
      },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'validation_error' });
  });

  it('bumps last_edited_time to the minute on edits, so incremental filters see them', async () => {
    const clock = manualClock('2027-01-10T08:30:59.999Z');
    const sandbox = use({ now: clock.now });
    const risk = sandbox.portfolio.risks[3];
    const response = await notionFetch(`/v1/pages/${risk.id}`, {
      method: 'PATCH',
      body: { properties: { Status: { status: { name: 'Closed' } } } },
    });
    expect(response.status).toBe(200);
    const edited = await response.json();
    expect(edited.last_edited_time).toBe('2027-01-10T08:30:00.000Z');
    const changed = await queryAll(sandbox, 'risks', {
      filter: {
        timestamp: 'last_edited_time',
        last_edited_time: { on_or_after: '2027-01-10T08:30:00.000Z' },
      },
    });
    expect(changed.rows.map(r => r.id)).toEqual([risk.id]);
    expect((changed.rows[0].properties.Status as any).status.name).toBe(
      'Closed',
    );
  });

  it('hides trashed pages from queries and keeps them readable', async () => {
    const sandbox = use();
    const line = sandbox.portfolio.budgetLines[5];
    // Query once first, so a stale answer would show after the write.
    expect(
      (await queryAll(sandbox, 'budget_lines')).rows.map(r => r.id),
    ).toContain(line.id);
    const trashed = await notionFetch(`/v1/pages/${line.id}`, {
      method: 'PATCH',
      body: { in_trash: true },
    });
    expect((await trashed.json()).in_trash).toBe(true);
    const { rows } = await queryAll(sandbox, 'budget_lines');
    expect(rows.some(r => r.id === line.id)).toBe(false);
    expect(rows).toHaveLength(sandbox.portfolio.budgetLines.length - 1);
    const inTrash = await query(sandbox, 'budget_lines', { in_trash: true });
    expect(inTrash.body.results.map((r: any) => r.id)).toEqual([line.id]);
    const project = await (
      await notionFetch(
        `/v1/pages/${line.projectId}/properties/Budget%20lines?page_size=100`,
      )
    ).json();
    expect(project.results.map((i: any) => i.relation.id)).not.toContain(
      line.id,
    );
  });

  it('edits, adds and trashes through the sandbox’s own methods', () => {
    const clock = manualClock('2026-12-24T18:05:30.000Z');
    const sandbox = use({ now: clock.now });
    const program = sandbox.portfolio.programs[0];
    const added = sandbox.addPage('programs', {
      Name: { title: [{ text: { content: 'New Program' } }] },
    });
    expect(sandbox.pages('programs').map(title)).toContain('New Program');
    const edited = sandbox.editPage(program.id, {
      Status: { status: { name: 'Closed' } },
    });
    expect((edited.properties.Status as any).status.name).toBe('Closed');
    expect(edited.last_edited_time).toBe('2026-12-24T18:05:00.000Z');
    sandbox.trashPage(added.id);
    expect(
      sandbox.pages('programs').find(p => p.id === added.id)?.in_trash,
    ).toBe(true);
    expect(() => sandbox.editPage(added.id, { Name: { title: [] } })).toThrow(
      'trash',
    );
    expect(() => sandbox.editPage('nope', {})).toThrow('Could not find page');
  });

  it('logs method, path and status and can forget them', async () => {
    const sandbox = use();
    await notionFetch(`/v1/pages/${sandbox.portfolio.projects[0].id}`);
    expect(sandbox.requestLog).toEqual([
      {
        method: 'GET',
        path: `/v1/pages/${sandbox.portfolio.projects[0].id}`,
        status: 200,
      },
    ]);
    sandbox.resetRequestLog();
    expect(sandbox.requestLog).toEqual([]);
  });
});
