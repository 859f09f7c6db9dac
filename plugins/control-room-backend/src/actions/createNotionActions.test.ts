import { mockServices } from '@backstage/backend-test-utils';
import { Client } from '@notionhq/client';
import { setupServer } from 'msw/node';
import { migrateDatabase } from '../database';
import { pluginTestDatabases } from '../database/__testUtils__/testDatabases';
import {
  ACTIONS_DATA_SOURCE,
  notionActionsHandlers,
  StoredPage,
} from '../service/__testUtils__/notionActionsApi';
import { createNotionActions } from './createNotionActions';

const notionApi = setupServer();
beforeAll(() => notionApi.listen({ onUnhandledRequest: 'error' }));
afterEach(() => notionApi.resetHandlers());
afterAll(() => notionApi.close());

const databases = pluginTestDatabases();

const request = {
  project_id: 'p1',
  title: 'Right-size the reporting VM',
  source: 'advisor' as const,
  source_id: 'rec-1',
};

describe('createNotionActions', () => {
  it.each(databases.eachSupportedId())(
    'creates a page once and only requests a sync of the actions database, on %s',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await migrateDatabase(knex);
      const pages: StoredPage[] = [];
      notionApi.use(...notionActionsHandlers(pages));
      const requested: string[] = [];
      const { actionCreator } = createNotionActions({
        notion: {
          client: new Client({
            auth: 'secret_test_integration',
            notionVersion: '2025-09-03',
          }),
        },
        dataSources: { dataSourceIdOf: async () => ACTIONS_DATA_SOURCE },
        database: knex,
        requestActionsSync: async () => void requested.push('actions'),
        logger: mockServices.logger.mock(),
      });

      const first = await actionCreator.create(request);
      const second = await actionCreator.create(request);

      expect(first.created).toBe(true);
      expect(second).toMatchObject({
        created: false,
        action_id: first.action_id,
      });
      expect(pages).toHaveLength(1);
      expect(requested).toEqual(['actions']);
    },
  );

  it('still answers when the sync request fails, and says so in the log', async () => {
    const knex = await databases.init('SQLITE_3');
    await migrateDatabase(knex);
    const pages: StoredPage[] = [];
    notionApi.use(...notionActionsHandlers(pages));
    const logger = mockServices.logger.mock();
    const { actionCreator } = createNotionActions({
      notion: {
        client: new Client({
          auth: 'secret_test_integration',
          notionVersion: '2025-09-03',
        }),
      },
      dataSources: { dataSourceIdOf: async () => ACTIONS_DATA_SOURCE },
      database: knex,
      requestActionsSync: async () => {
        throw new Error('plugin database unreachable');
      },
      logger,
    });

    await expect(actionCreator.create(request)).resolves.toMatchObject({
      created: true,
    });
    await new Promise(resolve => setImmediate(resolve));
    expect(logger.warn).toHaveBeenCalledWith(
      'Requesting a sync of the new Notion action failed',
      expect.objectContaining({ message: 'plugin database unreachable' }),
    );
  });
});
