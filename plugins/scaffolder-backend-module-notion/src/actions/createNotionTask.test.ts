import { Client } from '@notionhq/client';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createNotionSandbox, NotionSandbox } from '@finance-ppm/sandbox';
import {
  createNotionTaskAction,
  NOTION_PROJECT_ANNOTATION,
  ProjectEntity,
  splitEntityRef,
} from './createNotionTask';
import { createNotionTaskDependencies } from './dependencies';

const NOTION_BASE = 'https://api.notion.com';

/** A permission service that answers every request with `result`. */
function permissionsAnswering(result: AuthorizeResult) {
  const authorize = jest.fn(async (requests: unknown[]) =>
    requests.map(() => ({ result })),
  );
  return { authorize } as any;
}
const allowActions = permissionsAnswering(AuthorizeResult.ALLOW);

function notionClient() {
  return new Client({
    auth: 'secret_sandbox_token',
    notionVersion: '2025-09-03',
    baseUrl: NOTION_BASE,
    retry: false,
    logger: () => {},
  });
}

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

describe('notion:task:create', () => {
  const server = setupServer();
  let sandbox: NotionSandbox;
  let projectPageId: string;
  let catalog: Map<string, ProjectEntity>;

  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  beforeEach(() => {
    sandbox = createNotionSandbox({
      seed: 7,
      requestsPerSecond: 1000,
      burst: 1000,
    });
    server.resetHandlers(...sandbox.handlers, usersHandler(sandbox));
    projectPageId = sandbox.pages('projects')[0].id;
    catalog = new Map<string, ProjectEntity>([
      [
        'component:default/project-apollo',
        {
          kind: 'Component',
          metadata: {
            name: 'project-apollo',
            annotations: { [NOTION_PROJECT_ANNOTATION]: projectPageId },
          },
          spec: { type: 'project' },
        },
      ],
      [
        'component:default/billing-service',
        {
          kind: 'Component',
          metadata: { name: 'billing-service' },
          spec: { type: 'service' },
        },
      ],
    ]);
  });

  function makeAction() {
    return createNotionTaskAction(
      createNotionTaskDependencies({
        config: new ConfigReader({}),
        client: notionClient(),
        logger: mockServices.logger.mock(),
        sandboxDatabaseIds: sandbox.databaseIds,
        getEntity: async ref => catalog.get(ref),
        permissions: allowActions,
      }),
    );
  }

  const actionPages = () => sandbox.pages('actions');
  const titleOf = (page: ReturnType<typeof actionPages>[number]) =>
    (page.properties.Name as { title: { plain_text: string }[] }).title
      .map(t => t.plain_text)
      .join('');

  function context(
    input: Record<string, unknown>,
    extra: { task?: { id: string }; isDryRun?: boolean } = {},
  ) {
    const { isDryRun, ...options } = extra;
    // createMockActionContext drops isDryRun, so it is set afterwards.
    return {
      ...createMockActionContext({ input: input as any, ...options }),
      isDryRun,
    };
  }

  it('creates one action page for a catalog project and outputs its id and url', async () => {
    const before = actionPages().length;
    const person = sandbox.portfolio.people[0];
    const ctx = context({
      title: 'Renegotiate hosting',
      project: 'component:default/project-apollo',
      assignee: person.email.toUpperCase(),
      dueDate: '2026-12-31',
      priority: 'High',
      description: '## Why\n- over budget',
      source: 'advisor',
      sourceId: 'rec-1',
    });

    await makeAction().handler(ctx);

    const pages = actionPages();
    expect(pages).toHaveLength(before + 1);
    const created = pages.find(p => titleOf(p) === 'Renegotiate hosting')!;
    expect(created.properties.Project).toMatchObject({
      relation: [{ id: projectPageId }],
    });
    expect(created.properties.Source).toMatchObject({
      select: { name: 'advisor' },
    });
    expect(created.properties.Due).toMatchObject({
      date: { start: '2026-12-31' },
    });
    expect(created.properties.Assignee).toMatchObject({
      people: [{ id: person.id }],
    });
    expect(ctx.output).toHaveBeenCalledWith('pageId', created.id);
    expect(ctx.output).toHaveBeenCalledWith('url', created.url);
  });

  it('accepts a Notion page id as the project and sends the description as blocks', async () => {
    let sentBody: any;
    server.events.on('request:start', async ({ request }) => {
      if (request.method === 'POST' && request.url.endsWith('/v1/pages')) {
        sentBody = await request.clone().json();
      }
    });
    try {
      await makeAction().handler(
        context({
          title: 'Plain project id',
          project: projectPageId.replace(/-/g, ''),
          priority: 'Low',
          description: 'Some context\n\n```sql\nselect 1\n```',
        }),
      );
    } finally {
      server.events.removeAllListeners();
    }
    expect(sentBody.properties.Project.relation).toEqual([
      { id: projectPageId },
    ]);
    expect(sentBody.children.map((b: { type: string }) => b.type)).toEqual([
      'callout',
      'paragraph',
      'code',
    ]);
    expect(sentBody.children[0].callout.rich_text[0].text.content).toBe(
      'Priority: Low',
    );
    expect(actionPages().some(p => titleOf(p) === 'Plain project id')).toBe(
      true,
    );
  });

  it('makes no second page when run again with the same source and source id', async () => {
    const input = {
      title: 'Fix data quality',
      project: 'component:default/project-apollo',
      source: 'dq',
      sourceId: 'dq-check-42',
    };
    const first = context(input);
    await makeAction().handler(first);
    const afterFirst = actionPages().length;

    // A fresh action instance, as after a backend restart.
    const second = context({ ...input, title: 'Fix data quality again' });
    await makeAction().handler(second);

    expect(actionPages()).toHaveLength(afterFirst);
    expect(
      actionPages().filter(p => titleOf(p).startsWith('Fix data quality')),
    ).toHaveLength(1);
    const firstPageId = (first.output as jest.Mock).mock.calls.find(
      ([name]) => name === 'pageId',
    )[1];
    expect(second.output).toHaveBeenCalledWith('pageId', firstPageId);
  });

  it('defaults the source id to the task id so a retried task makes one page', async () => {
    const input = { title: 'Retried', project: projectPageId };
    await makeAction().handler(context(input, { task: { id: 'task-1' } }));
    await makeAction().handler(context(input, { task: { id: 'task-1' } }));
    await makeAction().handler(context(input, { task: { id: 'task-2' } }));
    expect(actionPages().filter(p => titleOf(p) === 'Retried')).toHaveLength(2);
  });

  it('dry run validates, reports and creates nothing', async () => {
    const before = actionPages().length;
    sandbox.resetRequestLog();
    const ctx = context(
      {
        title: 'Dry',
        project: 'component:default/project-apollo',
        description: '# Plan',
      },
      { isDryRun: true },
    );

    await makeAction().handler(ctx);

    expect(actionPages()).toHaveLength(before);
    expect(
      sandbox.requestLog.filter(
        r => r.method === 'POST' && r.path.endsWith('/v1/pages'),
      ),
    ).toEqual([]);
    expect(ctx.output).toHaveBeenCalledWith('pageId', 'dry-run');
  });

  it('dry run still rejects bad input', async () => {
    await expect(
      makeAction().handler(
        context(
          { title: 'Dry', project: 'component:default/nope' },
          { isDryRun: true },
        ),
      ),
    ).rejects.toThrow(
      'project component:default/nope was not found in the catalog',
    );
  });

  it.each([
    [
      { title: '', project: 'component:default/project-apollo' },
      'title must be a non-empty string',
    ],
    [{ title: 'x', project: 'not a ref!' }, 'project must be an entity ref'],
    [
      { title: 'x'.repeat(2001), project: 'project-apollo' },
      'title must be at most 2000 characters',
    ],
    [
      { title: 'x', project: 'project-apollo', dueDate: '2026-02-30' },
      'dueDate must be an ISO date',
    ],
    [
      { title: 'x', project: 'project-apollo', dueDate: '31/12/2026' },
      'dueDate must be an ISO date',
    ],
    [
      { title: 'x', project: 'project-apollo', assignee: 'jane' },
      'assignee must be an email address',
    ],
    [
      { title: 'x', project: 'project-apollo', priority: 'Urgent' },
      'priority must be one of High, Medium, Low',
    ],
    [
      { title: 'x', project: 'project-apollo', source: 'jira' },
      'source must be one of advisor, dq, manual',
    ],
    [
      { title: 'x', project: 'project-apollo', sourceId: ' ' },
      'sourceId must not be empty',
    ],
    [
      { title: 'x', project: 'component:default/billing-service' },
      'is not a Component of spec.type project',
    ],
  ])('rejects invalid input %j', async (input, message) => {
    const before = actionPages().length;
    await expect(makeAction().handler(context(input))).rejects.toThrow(message);
    expect(actionPages()).toHaveLength(before);
  });

  it('reports every input problem at once', async () => {
    await expect(
      makeAction().handler(
        context({ title: '', project: 'x', dueDate: 'soon', assignee: 'y' }),
      ),
    ).rejects.toThrow(/title.*assignee.*dueDate/);
  });

  it('rejects a project without the Notion annotation', async () => {
    catalog.set('component:default/unlinked', {
      kind: 'Component',
      metadata: { name: 'unlinked' },
      spec: { type: 'project' },
    });
    await expect(
      makeAction().handler(context({ title: 'x', project: 'unlinked' })),
    ).rejects.toThrow(`has no valid ${NOTION_PROJECT_ANNOTATION} annotation`);
  });

  it('creates the task unassigned when the email matches no Notion user', async () => {
    await makeAction().handler(
      context({
        title: 'Nobody',
        project: projectPageId,
        assignee: 'nobody@example.com',
      }),
    );
    const page = actionPages().find(p => titleOf(p) === 'Nobody')!;
    expect(page.properties.Assignee).toMatchObject({ people: [] });
  });

  it('creates the task unassigned, with a warning, when Notion users cannot be listed', async () => {
    // The local sandbox has no users endpoint; a 404 must not fail the task.
    server.resetHandlers(
      ...sandbox.handlers,
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
    const logger = mockServices.logger.mock();
    const action = createNotionTaskAction(
      createNotionTaskDependencies({
        config: new ConfigReader({}),
        client: notionClient(),
        logger,
        sandboxDatabaseIds: sandbox.databaseIds,
        getEntity: async () => undefined,
        permissions: allowActions,
      }),
    );
    await action.handler(
      context({
        title: 'No users',
        project: projectPageId,
        assignee: 'a@example.com',
      }),
    );
    const page = actionPages().find(p => titleOf(p) === 'No users')!;
    expect(page.properties.Assignee).toMatchObject({ people: [] });
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('task left unassigned'),
    );
    expect(JSON.stringify(logger.warn.mock.calls)).not.toContain(
      'secret_sandbox_token',
    );
  });

  it('is denied without control-room.action.create and creates nothing', async () => {
    const before = actionPages().length;
    const permissions = permissionsAnswering(AuthorizeResult.DENY);
    const action = createNotionTaskAction(
      createNotionTaskDependencies({
        config: new ConfigReader({}),
        client: notionClient(),
        logger: mockServices.logger.mock(),
        sandboxDatabaseIds: sandbox.databaseIds,
        getEntity: async ref => catalog.get(ref),
        permissions,
      }),
    );
    const ctx = context({
      title: 'Not allowed',
      project: 'component:default/project-apollo',
    });

    await expect(action.handler(ctx)).rejects.toThrow(
      /Missing permission control-room\.action\.create/,
    );
    expect(actionPages()).toHaveLength(before);
    // Asked on behalf of the user who ran the template.
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'control-room.action.create',
          }),
        },
      ],
      { credentials: await ctx.getInitiatorCredentials() },
    );
  });

  it('treats empty optional fields, as templates render them, as absent', async () => {
    await makeAction().handler(
      context({
        title: 'Empty optionals',
        project: projectPageId,
        assignee: '',
        dueDate: '',
        description: '',
      }),
    );
    const page = actionPages().find(p => titleOf(p) === 'Empty optionals')!;
    expect(page.properties.Due).toMatchObject({ date: null });
  });

  it('fails clearly when no actions database is known', async () => {
    const action = createNotionTaskAction(
      createNotionTaskDependencies({
        config: new ConfigReader({}),
        client: notionClient(),
        logger: mockServices.logger.mock(),
        getEntity: async () => undefined,
        permissions: allowActions,
      }),
    );
    await expect(
      action.handler(context({ title: 'x', project: projectPageId })),
    ).rejects.toThrow('controlRoom.notion.databases.actions.id');
  });

  it('uses the configured actions database over the sandbox one', async () => {
    const action = createNotionTaskAction(
      createNotionTaskDependencies({
        config: new ConfigReader({
          controlRoom: {
            notion: {
              databases: { actions: { id: sandbox.databaseIds.actions } },
            },
          },
        }),
        client: notionClient(),
        logger: mockServices.logger.mock(),
        getEntity: async () => undefined,
        permissions: allowActions,
      }),
    );
    await action.handler(
      context({ title: 'Configured', project: projectPageId }),
    );
    expect(actionPages().some(p => titleOf(p) === 'Configured')).toBe(true);
  });
});

describe('splitEntityRef', () => {
  it('defaults kind and namespace like Backstage', () => {
    expect(splitEntityRef('apollo')).toEqual({
      kind: 'component',
      namespace: 'default',
      name: 'apollo',
    });
    expect(splitEntityRef('Component:finance/apollo')).toEqual({
      kind: 'component',
      namespace: 'finance',
      name: 'apollo',
    });
  });
});
