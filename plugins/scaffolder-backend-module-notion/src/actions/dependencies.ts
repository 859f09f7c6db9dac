import { Client, iteratePaginatedAPI, isFullUser } from '@notionhq/client';
import type {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { controlRoomActionCreatePermission } from '@finance-ppm/plugin-control-room-common';
import {
  createDataSourceDirectory,
  createNotionActionStore,
  IdempotentActionCreator,
  lazyNotionActionStore,
} from '@finance-ppm/plugin-control-room-node';
import {
  splitEntityRef,
  type NotionTaskDependencies,
  type ProjectEntity,
} from './createNotionTask';

/** Config key of the actions database id. */
export const ACTIONS_DATABASE_CONFIG_KEY =
  'controlRoom.notion.databases.actions.id';

/**
 * The Notion user id of a workspace member by email, or undefined (the task
 * is then created unassigned rather than failing). Needs the integration's
 * "read user information including email addresses" capability.
 */
export function createNotionUserLookup(
  client: Pick<Client, 'users'>,
  logger: LoggerService,
) {
  return async (email: string): Promise<string | undefined> => {
    const wanted = email.trim().toLowerCase();
    try {
      for await (const user of iteratePaginatedAPI(client.users.list, {})) {
        if (
          isFullUser(user) &&
          user.type === 'person' &&
          user.person.email?.toLowerCase() === wanted
        ) {
          return user.id;
        }
      }
      logger.warn(
        `No Notion user has the assignee's email; task left unassigned`,
      );
    } catch (error) {
      logger.warn(
        `Could not list Notion users to resolve the assignee; task left unassigned: ${
          (error as Error).name
        }`,
      );
    }
    return undefined;
  };
}

/** Reads one entity from the catalog's REST API on behalf of a user. */
export function createCatalogEntityLookup(options: {
  discovery: DiscoveryService;
  auth: AuthService;
  fetch?: typeof fetch;
}) {
  const fetchImpl = options.fetch ?? fetch;
  return async (
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<ProjectEntity | undefined> => {
    const { kind, namespace, name } = splitEntityRef(entityRef);
    const baseUrl = await options.discovery.getBaseUrl('catalog');
    const { token } = await options.auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId: 'catalog',
    });
    const response = await fetchImpl(
      `${baseUrl}/entities/by-name/${[kind, namespace, name]
        .map(encodeURIComponent)
        .join('/')}`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    if (response.status === 404) return undefined;
    if (!response.ok) {
      throw new Error(
        `Catalog lookup of ${entityRef} failed with HTTP ${response.status}`,
      );
    }
    return (await response.json()) as ProjectEntity;
  };
}

/**
 * Wires the action to the shared Notion client: the actions database from
 * config, else the local sandbox's; creation through the same idempotent
 * creator the Control Room API uses.
 */
export function createNotionTaskDependencies(options: {
  config: Config;
  client: Client;
  logger: LoggerService;
  sandboxDatabaseIds?: Record<string, string>;
  getEntity: NotionTaskDependencies['getEntity'];
  permissions: Pick<PermissionsService, 'authorize'>;
}): NotionTaskDependencies {
  const databaseId =
    options.config.getOptionalString(ACTIONS_DATABASE_CONFIG_KEY) ??
    options.sandboxDatabaseIds?.actions;
  const directory = createDataSourceDirectory(options.client, {
    actions: databaseId,
  });
  const resolveAssignee = createNotionUserLookup(
    options.client,
    options.logger,
  );
  const store = lazyNotionActionStore(async () => {
    const dataSourceId = await directory.dataSourceIdOf('actions');
    return dataSourceId
      ? createNotionActionStore({
          client: options.client,
          dataSourceId,
          resolveAssignee,
        })
      : undefined;
  });
  const creator = new IdempotentActionCreator(store);
  return {
    createAction: (request, children) => creator.create(request, children),
    getEntity: options.getEntity,
    canCreateActions: async credentials => {
      const [decision] = await options.permissions.authorize(
        [{ permission: controlRoomActionCreatePermission }],
        { credentials },
      );
      return decision.result === AuthorizeResult.ALLOW;
    },
  };
}
