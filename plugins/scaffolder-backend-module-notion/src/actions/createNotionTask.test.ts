import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  createNotionTaskAction,
  NOTION_PROJECT_ANNOTATION,
  ProjectEntity,
  splitEntityRef,
} from './createNotionTask';
import { createNotionTaskDependencies } from './dependencies';

// Where mockServices.discovery() puts the Control Room backend.
const ACTIONS_URL = 'http://localhost:0/api/control-room/notion/actions';
const PROJECT_PAGE_ID = '1c2d3e4f-0000-4000-8000-00000000000a';

/** A permission service that answers every request with `result`. */
function permissionsAnswering(result: AuthorizeResult) {
  const authorize = jest.fn(async (requests: unknown[]) =>
    requests.map(() => ({ result })),
  );
  return { authorize } as any;
}
const allowActions = permissionsAnswering(AuthorizeResult.ALLOW);

interface Received {
  body: any;
  authorization: string | null;
}

describe('notion:task:create', () => {
  const server = setupServer();
  let catalog: Map<string, ProjectEntity>;
  let received: Received[];

  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());

  /** The Control Room endpoint: answers `answer`, recording each request. */
  function controlRoomAnswering(
    answer: (body: any) => Response = body =>
      HttpResponse.json({
        success: true,
        action_id: `page-for-${body.source_id}`,
        notion_url: `https://www.notion.so/page-for-${body.source_id}`,
        created: true,
      }),
  ) {
    server.resetHandlers(
      http.post(ACTIONS_URL, async ({ request }) => {
        const body = await request.json();
        received.push({
          body,
          authorization: request.headers.get('authorization'),
        });
        return answer(body);
      }),
    );
  }

  beforeEach(() => {
    received = [];
    controlRoomAnswering();
    catalog = new Map<string, ProjectEntity>([
      [
        'component:default/project-apollo',
        {
          kind: 'Component',
          metadata: {
            name: 'project-apollo',
            annotations: { [NOTION_PROJECT_ANNOTATION]: PROJECT_PAGE_ID },
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

  function makeAction(permissions = allowActions) {
    return createNotionTaskAction(
      createNotionTaskDependencies({
        discovery: mockServices.discovery(),
        auth: mockServices.auth(),
        permissions,
        getEntity: async ref => catalog.get(ref),
      }),
    );
  }

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

  it('asks the Control Room backend for the page, on behalf of the user, and outputs its id and url', async () => {
    const ctx = context({
      title: ' Renegotiate hosting ',
      project: 'component:default/project-apollo',
      assignee: 'jane@example.com',
      dueDate: '2026-12-31',
      priority: 'High',
      description: '## Why\n- over budget',
      source: 'advisor',
      sourceId: 'rec-1',
    });

    await makeAction().handler(ctx);

    expect(received).toHaveLength(1);
    const [{ body, authorization }] = received;
    expect(body).toMatchObject({
      project_id: PROJECT_PAGE_ID,
      title: 'Renegotiate hosting',
      source: 'advisor',
      source_id: 'rec-1',
      assignee: 'jane@example.com',
      due_date: '2026-12-31',
    });
    expect(body.children.map((b: { type: string }) => b.type)).toEqual([
      'callout',
      'heading_2',
      'bulleted_list_item',
    ]);
    expect(body.children[0].callout.rich_text[0].text.content).toBe(
      'Priority: High',
    );
    // A service token on behalf of the initiator, for the control-room plugin.
    expect(authorization).toMatch(/^Bearer mock-service-token:/);
    expect(authorization).toContain('"obo":"user:default/mock"');
    expect(authorization).toContain('"target":"control-room"');
    expect(ctx.output).toHaveBeenCalledWith('pageId', 'page-for-rec-1');
    expect(ctx.output).toHaveBeenCalledWith(
      'url',
      'https://www.notion.so/page-for-rec-1',
    );
  });

  it('accepts a Notion page id as the project and sends no empty body', async () => {
    await makeAction().handler(
      context({
        title: 'Plain project id',
        project: PROJECT_PAGE_ID.replace(/-/g, ''),
      }),
    );
    expect(received[0].body.project_id).toBe(PROJECT_PAGE_ID);
    expect(received[0].body).not.toHaveProperty('children');
  });

  it('reports a page that already existed for the source', async () => {
    controlRoomAnswering(() =>
      HttpResponse.json({
        success: true,
        action_id: 'page-1',
        notion_url: 'https://www.notion.so/page-1',
        created: false,
      }),
    );
    const ctx = context({
      title: 'Fix data quality',
      project: PROJECT_PAGE_ID,
      source: 'dq',
      sourceId: 'dq-check-42',
    });
    const info = jest.spyOn(ctx.logger, 'info');
    await makeAction().handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('pageId', 'page-1');
    expect(info).toHaveBeenCalledWith(
      'A Notion task for dq/dq-check-42 already exists: page-1',
    );
  });

  it('defaults the source id to the task id, so a retried task names the same source', async () => {
    const input = { title: 'Retried', project: PROJECT_PAGE_ID };
    await makeAction().handler(context(input, { task: { id: 'task-1' } }));
    await makeAction().handler(context(input, { task: { id: 'task-1' } }));
    await makeAction().handler(context(input, { task: { id: 'task-2' } }));
    expect(received.map(r => [r.body.source, r.body.source_id])).toEqual([
      ['manual', 'scaffolder:task-1'],
      ['manual', 'scaffolder:task-1'],
      ['manual', 'scaffolder:task-2'],
    ]);
  });

  it.each([
    [400, 'title must be 1 to 2000 characters', 'InputError'],
    [422, 'project_id x is not a known live project', 'InputError'],
    [403, 'Missing permission control-room.action.create', 'NotAllowedError'],
    [503, 'Notion actions are not configured', 'Error'],
  ])(
    'passes a %i from the backend on with its message',
    async (status, message, name) => {
      controlRoomAnswering(() =>
        HttpResponse.json(
          {
            error: { name: 'Error', message },
            response: { statusCode: status },
          },
          { status },
        ),
      );
      const failure = makeAction().handler(
        context({ title: 'x', project: PROJECT_PAGE_ID }),
      );
      await expect(failure).rejects.toThrow(message);
      await expect(failure).rejects.toMatchObject({ name });
    },
  );

  it('dry run validates, reports and asks the backend nothing', async () => {
    const ctx = context(
      {
        title: 'Dry',
        project: 'component:default/project-apollo',
        description: '# Plan',
      },
      { isDryRun: true },
    );

    await makeAction().handler(ctx);

    expect(received).toEqual([]);
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
    await expect(makeAction().handler(context(input))).rejects.toThrow(message);
    expect(received).toEqual([]);
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

  it('is denied without control-room.action.create and asks the backend nothing', async () => {
    const permissions = permissionsAnswering(AuthorizeResult.DENY);
    const ctx = context({
      title: 'Not allowed',
      project: 'component:default/project-apollo',
    });

    await expect(makeAction(permissions).handler(ctx)).rejects.toThrow(
      /Missing permission control-room\.action\.create/,
    );
    expect(received).toEqual([]);
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
        project: PROJECT_PAGE_ID,
        assignee: '',
        dueDate: '',
        description: '',
      }),
    );
    expect(received[0].body).toEqual({
      project_id: PROJECT_PAGE_ID,
      title: 'Empty optionals',
      source: 'manual',
      source_id: expect.stringMatching(/^scaffolder:/),
    });
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
