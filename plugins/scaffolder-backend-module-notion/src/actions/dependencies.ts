import type {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  CONTROL_ROOM_PLUGIN_ID,
  ControlRoomApiError,
  ControlRoomClient,
  controlRoomActionCreatePermission,
} from '@finance-ppm/plugin-control-room-common';
import {
  splitEntityRef,
  type NotionTaskDependencies,
  type ProjectEntity,
} from './createNotionTask';

/** Reads one entity from the catalog's REST API on behalf of a user. */
export function createCatalogEntityLookup(options: {
  discovery: Pick<DiscoveryService, 'getBaseUrl'>;
  auth: Pick<AuthService, 'getPluginRequestToken'>;
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
 * Creates the action through the Control Room backend's
 * `POST /notion/actions`, on behalf of the task's initiator. That endpoint
 * claims (source, source_id) in the Control Room's own database before it
 * calls Notion, so the scaffolder, the Control Room page and MCP clients
 * make one page per source on any replica.
 */
export function createControlRoomActionCreator(options: {
  discovery: Pick<DiscoveryService, 'getBaseUrl'>;
  auth: Pick<AuthService, 'getPluginRequestToken'>;
  fetch?: typeof fetch;
}): NotionTaskDependencies['createAction'] {
  const fetchImpl = options.fetch ?? fetch;
  return async (request, children, credentials) => {
    const { token } = await options.auth.getPluginRequestToken({
      onBehalfOf: credentials,
      targetPluginId: CONTROL_ROOM_PLUGIN_ID,
    });
    const client = new ControlRoomClient({
      discoveryApi: options.discovery,
      fetchApi: {
        fetch: (url, init) => {
          const headers = new Headers(init?.headers);
          headers.set('Authorization', `Bearer ${token}`);
          return fetchImpl(url, { ...init, headers });
        },
      },
    });
    try {
      const { action_id, notion_url, created } =
        await client.createNotionAction({
          ...request,
          ...(children.length > 0 && { children }),
        });
      return { action_id, notion_url, created };
    } catch (error) {
      if (!(error instanceof ControlRoomApiError)) throw error;
      // The API's words reach the template's user; the status picks the kind.
      if (error.status === 400 || error.status === 422) {
        throw new InputError(error.message);
      }
      if (error.status === 403) {
        throw new NotAllowedError(error.message);
      }
      throw new Error(
        `The Control Room backend could not create the action (HTTP ${error.status}): ${error.message}`,
      );
    }
  };
}

/**
 * Wires the action to the Control Room backend (creation), the catalog
 * (projects) and the permission framework.
 */
export function createNotionTaskDependencies(options: {
  discovery: Pick<DiscoveryService, 'getBaseUrl'>;
  auth: Pick<AuthService, 'getPluginRequestToken'>;
  permissions: Pick<PermissionsService, 'authorize'>;
  getEntity?: NotionTaskDependencies['getEntity'];
  fetch?: typeof fetch;
}): NotionTaskDependencies {
  return {
    createAction: createControlRoomActionCreator(options),
    getEntity:
      options.getEntity ??
      createCatalogEntityLookup({
        discovery: options.discovery,
        auth: options.auth,
        fetch: options.fetch,
      }),
    canCreateActions: async (credentials: BackstageCredentials) => {
      const [decision] = await options.permissions.authorize(
        [{ permission: controlRoomActionCreatePermission }],
        { credentials },
      );
      return decision.result === AuthorizeResult.ALLOW;
    },
  };
}
