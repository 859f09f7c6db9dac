import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createNotionActionStore } from '@finance-ppm/plugin-control-room-node';
import { Client } from '@notionhq/client';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { createClaimedActionCreator, migrateDatabase } from '../database';
import { pluginTestDatabases } from '../database/__testUtils__/testDatabases';
import {
  ACTIONS_DATA_SOURCE,
  notionActionsHandlers,
  StoredPage,
} from '../service/__testUtils__/notionActionsApi';
import { testProjectAccess } from '../service/__testUtils__/projectAccess';
import { BASE, useSeededApi } from '../service/__testUtils__/startApi';
import { registerControlRoomActions } from './registerActions';

const notion = setupServer();
beforeAll(() => notion.listen({ onUnhandledRequest: 'bypass' }));
afterEach(() => notion.resetHandlers());
afterAll(() => notion.close());

const { startApi, lakehouse } = useSeededApi();
const databases = pluginTestDatabases();

const recommendation = {
  project_id: 'p1',
  title: 'Right-size the reporting VM',
  source: 'advisor',
  source_id:
    '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1/providers/Microsoft.Advisor/recommendations/r1',
};

describe('an action created from REST and MCP on two replicas', () => {
  it.each(databases.eachSupportedId())(
    'makes one Notion page for 10 concurrent requests and answers one action_id, on %s',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await migrateDatabase(knex);
      const pages: StoredPage[] = [];
      notion.use(...notionActionsHandlers(pages));
      // Each replica has its own Notion client, store and creator; only the
      // plugin database is shared.
      const replica = () =>
        createClaimedActionCreator({
          knex,
          pollMs: 10,
          store: createNotionActionStore({
            client: new Client({
              auth: 'secret_test_integration',
              notionVersion: '2025-09-03',
            }),
            dataSourceId: ACTIONS_DATA_SOURCE,
          }),
        });
      const replicaA = replica();
      const replicaB = replica();
      const restA = await startApi({ actionCreator: replicaA });
      const restB = await startApi({ actionCreator: replicaB });
      const permissions = mockServices.permissions.mock();
      permissions.authorize.mockResolvedValue([
        { result: AuthorizeResult.ALLOW },
      ]);
      const mcp = (creator: typeof replicaA) => {
        const registry = actionsRegistryServiceMock();
        registerControlRoomActions({
          actionsRegistry: registry,
          permissions,
          projectAccess: testProjectAccess(permissions, lakehouse()),
          lakehouse: lakehouse(),
          actionCreator: creator,
        });
        return async () =>
          (
            (await registry.invoke({
              id: 'test:create-notion-action',
              input: recommendation,
              credentials: mockCredentials.user(),
            })) as { output: { action_id: string; created: boolean } }
          ).output;
      };
      const rest = (server: typeof restA.server) => async () =>
        (
          await request(server)
            .post(`${BASE}/notion/actions`)
            .send(recommendation)
            .expect(200)
        ).body as { action_id: string; created: boolean };
      const callers = [
        rest(restA.server),
        mcp(replicaB),
        rest(restB.server),
        mcp(replicaA),
      ];

      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) => callers[i % callers.length]()),
      );

      expect(pages).toHaveLength(1);
      expect(new Set(answers.map(a => a.action_id))).toEqual(
        new Set([pages[0].id]),
      );
      expect(answers.filter(a => a.created)).toHaveLength(1);
    },
  );
});
