import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { controlRoomFinanceReadPermission } from '@finance-ppm/plugin-control-room-common';
import {
  controlRoomProjectConditions,
  createControlRoomProjectConditionalDecision,
} from '../service/projectRules';
import { DuckDbLakehouse } from '@finance-ppm/plugin-control-room-node';
import { Client } from '@notionhq/client';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { seedPortfolio } from '../service/__testUtils__/portfolio';
import { createNotionActionStore } from '@finance-ppm/plugin-control-room-node';
import { registerControlRoomActions } from './registerActions';
import { testProjectAccess } from '../service/__testUtils__/projectAccess';
import {
  ACTIONS_DATA_SOURCE,
  notionActionsHandlers,
  StoredPage,
} from '../service/__testUtils__/notionActionsApi';

const server = setupServer();
let lakehouse: DuckDbLakehouse;

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  lakehouse = await DuckDbLakehouse.open({ path: ':memory:' });
  await seedPortfolio(lakehouse);
});
afterEach(() => server.resetHandlers());
afterAll(async () => {
  server.close();
  await lakehouse.close();
});

function setup(
  result: AuthorizeResult.ALLOW | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  const pages: StoredPage[] = [];
  server.use(...notionActionsHandlers(pages));
  const client = new Client({
    auth: 'secret_test_integration',
    notionVersion: '2025-09-03',
  });
  const permissions = mockServices.permissions.mock();
  permissions.authorize.mockImplementation(async requests =>
    requests.map(() => ({ result })),
  );
  permissions.authorizeConditional.mockImplementation(async requests =>
    requests.map(() => ({ result })),
  );
  const actionsRegistry = actionsRegistryServiceMock();
  registerControlRoomActions({
    actionsRegistry,
    permissions,
    projectAccess: testProjectAccess(permissions, lakehouse),
    lakehouse,
    notionActions: createNotionActionStore({
      client,
      dataSourceId: ACTIONS_DATA_SOURCE,
    }),
  });
  const invoke = (name: string, input: object) =>
    actionsRegistry.invoke({
      id: `test:${name}`,
      input: input as any,
      credentials: mockCredentials.user(),
    });
  return { pages, invoke, permissions, actionsRegistry };
}

/** Actions whose finance reads get `decision` (writes stay allowed). */
function setupWith(decision: PolicyDecision) {
  const permissions = mockServices.permissions.mock();
  permissions.authorizeConditional.mockImplementation(async requests =>
    requests.map(() => decision as any),
  );
  const actionsRegistry = actionsRegistryServiceMock();
  registerControlRoomActions({
    actionsRegistry,
    permissions,
    projectAccess: testProjectAccess(permissions, lakehouse),
    lakehouse,
  });
  const invoke = (name: string, input: object) =>
    actionsRegistry.invoke({
      id: `test:${name}`,
      input: input as any,
      credentials: mockCredentials.user(),
    });
  return { invoke };
}

describe('control room actions', () => {
  it('registers the four actions', async () => {
    const { actionsRegistry } = setup();
    const { actions } = await actionsRegistry.list();
    expect(actions.map(a => a.name).sort()).toEqual([
      'create-notion-action',
      'get-pipeline-status',
      'get-project-finance',
      'list-advisor-recommendations',
    ]);
  });

  it('get-project-finance returns the project with exact amounts', async () => {
    const { invoke, permissions } = setup();
    const { output } = (await invoke('get-project-finance', {
      projectId: 'p2',
    })) as any;
    expect(output.project).toMatchObject({
      project_id: 'p2',
      budget: '500.00',
      actual: '100.10',
    });
    expect(output.series).toHaveLength(2);
    expect(permissions.authorizeConditional).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'control-room.finance.read',
          }),
        },
      ],
      expect.anything(),
    );
    await expect(
      invoke('get-project-finance', { projectId: 'missing' }),
    ).rejects.toThrow(/No project with id missing/);
  });

  it('list-advisor-recommendations filters and bounds the list', async () => {
    const { invoke } = setup();
    const { output } = (await invoke('list-advisor-recommendations', {
      category: 'Cost',
      limit: 1,
    })) as any;
    expect(output.recommendations.map((r: any) => r.recommendation_id)).toEqual(
      ['rec-1'],
    );
    const noAction = (await invoke('list-advisor-recommendations', {
      hasAction: false,
    })) as any;
    expect(
      noAction.output.recommendations.map((r: any) => r.recommendation_id),
    ).toEqual(['rec-3', 'rec-2']);
  });

  it('get-pipeline-status lists the seven jobs', async () => {
    const { invoke } = setup();
    const { output } = (await invoke('get-pipeline-status', {})) as any;
    expect(output.jobs).toHaveLength(7);
    expect(
      output.jobs.find((j: any) => j.job_id === 'ppm_marts_gold'),
    ).toMatchObject({ last_run_status: 'SUCCESS' });
  });

  it('create-notion-action twice for one finding makes one Notion page', async () => {
    const { invoke, pages } = setup();
    const input = {
      project_id: 'p1',
      title: 'Resize VM',
      source: 'advisor',
      source_id: 'rec-3',
      due_date: '2026-12-01',
    };
    const first = (await invoke('create-notion-action', input)) as any;
    const second = (await invoke('create-notion-action', input)) as any;
    expect(pages).toHaveLength(1);
    expect(first.output).toMatchObject({ success: true, created: true });
    expect(second.output).toEqual({ ...first.output, created: false });
    expect(pages[0].properties).toMatchObject({
      Name: { title: [{ text: { content: 'Resize VM' } }] },
      Project: { relation: [{ id: 'p1' }] },
      Source: { select: { name: 'advisor' } },
      'Source ID': { rich_text: [{ text: { content: 'rec-3' } }] },
      Due: { date: { start: '2026-12-01' } },
    });
    // Another finding is another page.
    await invoke('create-notion-action', { ...input, source_id: 'rec-2' });
    expect(pages).toHaveLength(2);
  });

  it('denies every action without the permission and creates nothing', async () => {
    const { invoke, pages } = setup(AuthorizeResult.DENY);
    await expect(
      invoke('get-project-finance', { projectId: 'p1' }),
    ).rejects.toThrow(/control-room.finance.read/);
    await expect(invoke('list-advisor-recommendations', {})).rejects.toThrow(
      /control-room.finance.read/,
    );
    await expect(invoke('get-pipeline-status', {})).rejects.toThrow(
      /control-room.finance.read/,
    );
    await expect(
      invoke('create-notion-action', {
        project_id: 'p1',
        title: 'x',
        source: 'manual',
      }),
    ).rejects.toThrow(/control-room.action.create/);
    expect(pages).toHaveLength(0);
  });

  it('create-notion-action answers 422 for an unknown project and creates nothing', async () => {
    const { invoke, pages } = setup();
    const failure = invoke('create-notion-action', {
      project_id: 'x',
      title: 'Orphan',
      source: 'manual',
    });
    await expect(failure).rejects.toMatchObject({
      statusCode: 422,
      message: 'project_id x is not a known live project',
    });
    expect(pages).toHaveLength(0);
  });

  it("turns Notion's 400 into an input error carrying Notion's message", async () => {
    const { invoke } = setup();
    // Notion's documented error object for a request it cannot validate.
    server.use(
      http.post('https://api.notion.com/v1/pages', () =>
        HttpResponse.json(
          {
            object: 'error',
            status: 400,
            code: 'validation_error',
            message: 'Due is expected to be date.',
            request_id: 'b7b1f1a4-0000-4000-8000-000000000000',
          },
          { status: 400 },
        ),
      ),
    );
    await expect(
      invoke('create-notion-action', {
        project_id: 'p1',
        title: 'Rejected',
        source: 'manual',
      }),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: 'Notion rejected the action: Due is expected to be date.',
    });
  });

  it('get-project-finance hides a project the caller may not read', async () => {
    const { invoke } = setup();
    const hidden = setupWith(
      createControlRoomProjectConditionalDecision(
        controlRoomFinanceReadPermission,
        controlRoomProjectConditions.isInProgram({ programIds: ['prog-b'] }),
      ),
    );
    await expect(
      hidden.invoke('get-project-finance', { projectId: 'p1' }),
    ).rejects.toThrow('No project with id p1');
    const found = (await hidden.invoke('get-project-finance', {
      projectId: 'p3',
    })) as any;
    expect(found.output.project.project_id).toBe('p3');
    const recs = (await hidden.invoke(
      'list-advisor-recommendations',
      {},
    )) as any;
    expect(
      recs.output.recommendations.map((r: any) => r.recommendation_id),
    ).toEqual(['rec-3']);
    // A caller allowed everything finds p1.
    const all = (await invoke('get-project-finance', {
      projectId: 'p1',
    })) as any;
    expect(all.output.project.project_id).toBe('p1');
  });

  it('rejects bad input before calling Notion', async () => {
    const { invoke, pages } = setup();
    await expect(
      invoke('create-notion-action', {
        project_id: 'p1',
        title: 'x',
        source: 'email',
      }),
    ).rejects.toThrow();
    await expect(
      invoke('create-notion-action', {
        project_id: 'p1',
        title: 'x',
        source: 'dq',
      }),
    ).rejects.toThrow(/source_id/);
    expect(pages).toHaveLength(0);
  });
});
