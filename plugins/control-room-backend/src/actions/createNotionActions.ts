import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  createNotionActionStore,
  createNotionUserLookup,
  lazyNotionActionStore,
  NotionActionStore,
  NotionService,
} from '@finance-ppm/plugin-control-room-node';
import { Knex } from 'knex';
import { ActionCreator, createClaimedActionCreator } from '../database';

export interface NotionActionsOptions {
  notion: Pick<NotionService, 'client'>;
  /** Finds the actions database's data source (it may be configured later). */
  dataSources: { dataSourceIdOf(name: string): Promise<string | undefined> };
  /** The plugin database, where claims make each action once across replicas. */
  database: Knex;
  /** Asks for a sync of the new page, so silver and the UI show it soon. */
  requestActionsSync: () => Promise<void>;
  logger: LoggerService;
}

/**
 * The Notion actions store and the one creator REST, MCP and the
 * scaffolder (through REST) share. A new
 * page only requests a sync: the scheduler runs it, on whichever replica.
 */
export function createNotionActions(options: NotionActionsOptions): {
  notionActions: NotionActionStore;
  actionCreator: ActionCreator;
} {
  const { logger } = options;
  const store = lazyNotionActionStore(async () => {
    const dataSourceId = await options.dataSources.dataSourceIdOf('actions');
    return dataSourceId
      ? createNotionActionStore({
          client: options.notion.client,
          dataSourceId,
          // The scaffolder names the assignee by email.
          resolveAssignee: createNotionUserLookup(
            options.notion.client,
            logger,
          ),
        })
      : undefined;
  });
  const notionActions: NotionActionStore = {
    findBySource: (source, sourceId) => store.findBySource(source, sourceId),
    create: async (request, children) => {
      const created = await store.create(request, children);
      options
        .requestActionsSync()
        .catch(error =>
          logger.warn(
            'Requesting a sync of the new Notion action failed',
            error as Error,
          ),
        );
      return created;
    },
  };
  return {
    notionActions,
    actionCreator: createClaimedActionCreator({
      knex: options.database,
      store: notionActions,
    }),
  };
}
