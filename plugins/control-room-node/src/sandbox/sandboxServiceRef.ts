import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { assertSourcesConfigured } from './sourceSettings';

/** A running Notion emulator the sources can call instead of Notion. */
export interface NotionSandboxConnection {
  baseUrl: string;
  token: string;
  /** Database ids keyed by silver name: programs, projects, budget_lines, risks, actions. */
  databaseIds: Record<string, string>;
}

/**
 * The emulators a local backend offers when `controlRoom.sandbox.enabled`
 * is true. Plugin code never imports the sandbox package: the backend
 * package installs a factory for this service, and the default offers none.
 * Every factory refuses to start a backend without the sandbox whose
 * sources are not configured (`assertSourcesConfigured`).
 *
 * @public
 */
export interface ControlRoomSandboxService {
  notion?: NotionSandboxConnection;
  /**
   * The Azure emulator's SDK transport (`httpClient`, `credential`,
   * `subscriptions`, `resourceGroupProjects`); typed by the Azure source.
   */
  azure?: () => unknown;
  /**
   * The emulated Databricks workspace, when the backend serves one at
   * `controlRoom.lakehouse.databricks.host`: a `fetch` for the Jobs API
   * client that trusts the emulator's throwaway certificate.
   */
  databricks?: { fetch: typeof fetch };
}

/** @public */
export const controlRoomSandboxServiceRef =
  createServiceRef<ControlRoomSandboxService>({
    id: 'control-room.sandbox',
    scope: 'root',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: { config: coreServices.rootConfig },
        // No emulators here; a backend without the sandbox must be configured.
        factory: ({ config }) => {
          assertSourcesConfigured(config);
          return {};
        },
      }),
  });
