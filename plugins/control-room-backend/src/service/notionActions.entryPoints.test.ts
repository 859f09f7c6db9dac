import type { AddressInfo } from 'node:net';
import { Client } from '@notionhq/client';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  TestDatabaseId,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  createDataSourceDirectory,
  createNotionActionStore,
  createNotionUserLookup,
  notionProjects,
} from '@finance-ppm/plugin-control-room-node';
import {
  createNotionTaskAction,
  createNotionTaskDependencies,
} from '@finance-ppm/plugin-scaffolder-backend-module-notion';
import { createNotionSandbox, NotionSandbox } from '@finance-ppm/sandbox';
import { pluginTestDatabases } from '../database/__testUtils__/testDatabases';
import { createClaimedActionCreator, migrateDatabase } from '../database';
import { seedPortfolio } from './__testUtils__/portfolio';
import { BASE, useSeededApi } from './__testUtils__/startApi';

/*
 * The scaffolder's notion:task:create and the REST API create through one
 * claimed creator: two API replicas on one plugin database (SQLite, and
 * PostgreSQL when scripts/test.sh provides one), the scaffolder action
 * calling one of them over HTTP, Notion emulated by the sandbox (msw).
 */

const NOTION_BASE = 'https://api.notion.com';
// A live project whose id is a Notion page id, as the scaffolder needs.
const PROJECT_ID = '1c2d3e4f-0000-4000-8000-00000000000a';

const { startApi } = useSeededApi(async lakehouse => {
  await seedPortfolio(lakehouse);
  await lakehouse.upsert(notionProjects, [
    { project_id: PROJECT_ID, name: 'Scaffolded Project', is_archived: false },
  ]);
});

const server = setupServer();
// Notion is emulated; the calls to the API replicas go out for real.
beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** Notion's users endpoint, answered from the sandbox portfolio's people. */
function usersHandler(sandbox: NotionSandbox) {
  return http.get(`${NOTION_BASE}/v1/users`, () =>
    HttpResponse.json({
      object: 'list',
      type: 'user',
      user: {},
      has_more: false,
      next_cursor: null,
      results: sandbox.portfolio.people.map(person => ({
        object: 'user',
        id: person.id,
        type: 'person',
        name: person.name,
        avatar_url: null,
        person: { email: person.email },
      })),
    }),
  );
}

describe('Notion actions from the scaffolder and the REST API', () => {
  const databases = pluginTestDatabases();

  async function twoReplicas(databaseId: TestDatabaseId) {
    const sandbox = createNotionSandbox({
      seed: 7,
      requestsPerSecond: 1000,
      burst: 1000,
    });
    server.use(...sandbox.handlers, usersHandler(sandbox));
    const client = new Client({
      auth: 'secret_sandbox_token',
      notionVersion: '2025-09-03',
      baseUrl: NOTION_BASE,
      retry: false,
      logger: () => {},
    });
    const logger = mockServices.logger.mock();
    const dataSourceId = (await createDataSourceDirectory(client, {
      actions: sandbox.databaseIds.actions,
    }).dataSourceIdOf('actions'))!;
    const store = createNotionActionStore({
      client,
      dataSourceId,
      resolveAssignee: createNotionUserLookup(client, logger),
    });
    const knex = await databases.init(databaseId);
    await migrateDatabase(knex);
    const replica = () =>
      startApi({
        notionActions: store,
        actionCreator: createClaimedActionCreator({ knex, store, pollMs: 10 }),
      });
    const [a, b] = [await replica(), await replica()];
    const { port } = a.server.address() as AddressInfo;
    // The scaffolder finds the Control Room backend on replica A.
    const action = createNotionTaskAction(
      createNotionTaskDependencies({
        discovery: {
          getBaseUrl: async pluginId =>
            `http://127.0.0.1:${port}/api/${pluginId}`,
        },
        auth: mockServices.auth(),
        permissions: {
          authorize: async requests =>
            requests.map(() => ({ result: AuthorizeResult.ALLOW })) as any,
        },
        getEntity: async () => undefined,
      }),
    );
    const runTask = async (input: Record<string, unknown>) => {
      const outputs: Record<string, unknown> = {};
      await action.handler({
        input,
        logger: mockServices.logger.mock(),
        output: (name: string, value: unknown) => {
          outputs[name] = value;
        },
        getInitiatorCredentials: async () => mockCredentials.user(),
        task: { id: 'task-1' },
        isDryRun: false,
      } as any);
      return outputs;
    };
    const actionPages = () => sandbox.pages('actions');
    return { sandbox, replicaB: b, runTask, actionPages, logger };
  }

  const titled = (page: { properties: Record<string, any> }) =>
    page.properties.Name.title.map((t: any) => t.plain_text).join('');

  it.each(databases.eachSupportedId())(
    'creates one page when the scaffolder and REST ask for the same source at once, on %s',
    async databaseId => {
      const { replicaB, runTask, actionPages } = await twoReplicas(databaseId);
      const before = actionPages().length;
      const finding = { source: 'advisor', source_id: 'rec-entry-points' };

      const [task, ...rest] = await Promise.all([
        runTask({
          title: 'Right-size vm-1',
          project: PROJECT_ID.replace(/-/g, ''),
          source: finding.source,
          sourceId: finding.source_id,
        }),
        ...Array.from({ length: 4 }, () =>
          request(replicaB.server)
            .post(`${BASE}/notion/actions`)
            .send({
              project_id: PROJECT_ID,
              title: 'Right-size vm-1',
              ...finding,
            }),
        ),
      ]);

      expect(actionPages()).toHaveLength(before + 1);
      expect(rest.map(res => res.status)).toEqual([200, 200, 200, 200]);
      const ids = new Set([
        task.pageId,
        ...rest.map(res => res.body.action_id),
      ]);
      expect(ids.size).toBe(1);
      expect(actionPages().some(page => page.id === task.pageId)).toBe(true);
    },
  );

  it('writes the scaffolder’s page body and resolves the assignee by email', async () => {
    const { sandbox, runTask, actionPages } = await twoReplicas('SQLITE_3');
    let sentBody: any;
    server.events.on('request:start', async ({ request: sent }) => {
      if (sent.method === 'POST' && sent.url.endsWith('/v1/pages')) {
        sentBody = await sent.clone().json();
      }
    });
    const person = sandbox.portfolio.people[0];
    try {
      await runTask({
        title: 'Renegotiate hosting',
        project: PROJECT_ID,
        assignee: person.email.toUpperCase(),
        priority: 'High',
        description: '## Why\n- over budget',
      });
    } finally {
      server.events.removeAllListeners();
    }

    const page = actionPages().find(p => titled(p) === 'Renegotiate hosting')!;
    expect(page.properties.Assignee).toMatchObject({
      people: [{ id: person.id }],
    });
    expect(sentBody.children.map((b: { type: string }) => b.type)).toEqual([
      'callout',
      'heading_2',
      'bulleted_list_item',
    ]);
  });

  it('creates the action unassigned, with a warning, when no member has the email or users cannot be listed', async () => {
    const { sandbox, replicaB, actionPages, logger } = await twoReplicas(
      'SQLITE_3',
    );
    const post = (title: string) =>
      request(replicaB.server)
        .post(`${BASE}/notion/actions`)
        .send({
          project_id: PROJECT_ID,
          title,
          source: 'manual',
          assignee: 'nobody@example.com',
        })
        .expect(200);

    await post('Nobody');
    server.use(
      http.get(`${NOTION_BASE}/v1/users`, () =>
        HttpResponse.json(
          {
            object: 'error',
            status: 404,
            code: 'object_not_found',
            message: 'no',
          },
          { status: 404 },
        ),
      ),
    );
    await post('No users');

    for (const title of ['Nobody', 'No users']) {
      const page = actionPages().find(p => titled(p) === title)!;
      expect(page.properties.Assignee).toMatchObject({ people: [] });
    }
    expect(logger.warn.mock.calls.map(([message]) => message)).toEqual([
      "No Notion user has the assignee's email; action left unassigned",
      'Could not list Notion users to resolve the assignee; action left unassigned: APIResponseError',
    ]);
    expect(JSON.stringify(logger.warn.mock.calls)).not.toContain(
      'secret_sandbox_token',
    );
    expect(sandbox.pages('actions').length).toBeGreaterThan(0);
  });

  it('rejects more than 100 blocks of page content before calling Notion', async () => {
    const { replicaB, actionPages } = await twoReplicas('SQLITE_3');
    const before = actionPages().length;
    const block = {
      type: 'paragraph',
      paragraph: { rich_text: [{ type: 'text', text: { content: 'x' } }] },
    };
    const res = await request(replicaB.server)
      .post(`${BASE}/notion/actions`)
      .send({
        project_id: PROJECT_ID,
        title: 'Too long',
        source: 'manual',
        children: Array.from({ length: 101 }, () => block),
      });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('children');
    expect(actionPages()).toHaveLength(before);
  });
});
