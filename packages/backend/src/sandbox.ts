import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  assertSourcesConfigured,
  controlRoomSandboxServiceRef,
  ControlRoomSandboxService,
  isSandboxEnabled,
} from '@finance-ppm/plugin-control-room-node';
import {
  createAzureSandbox,
  createNotionFaultControl,
  createNotionSandbox,
  createSandboxAzureHttpClient,
  NOTION_FAULT_PATH,
  sandboxAzureCredential,
  startSandboxServer,
} from '@finance-ppm/sandbox';

/**
 * Runs the Notion and Azure emulators when `controlRoom.sandbox.enabled` is
 * true (app-config.yaml), so `yarn start` shows a live portfolio without any
 * account. Even then, configuring `controlRoom.notion.token` or
 * `controlRoom.azure.subscriptions` switches the matching emulator off.
 * Without the switch nothing is emulated (no fault endpoint either), and a
 * backend missing a real setting stops at start naming every missing key.
 */
export const sandboxServiceFactory = createServiceFactory({
  service: controlRoomSandboxServiceRef,
  deps: {
    config: coreServices.rootConfig,
    lifecycle: coreServices.rootLifecycle,
    logger: coreServices.rootLogger,
  },
  async factory({ config, lifecycle, logger }) {
    const service: ControlRoomSandboxService = {};
    if (!isSandboxEnabled(config)) {
      assertSourcesConfigured(config);
      return service;
    }
    if (!config.getOptionalString('controlRoom.notion.token')) {
      const sandbox = createNotionSandbox();
      // The fault control lets a local demo or browser test fail the Notion jobs.
      const handlers = [createNotionFaultControl(sandbox), ...sandbox.handlers];
      const server = await startSandboxServer(
        { handlers },
        {
          port: config.getOptionalNumber('controlRoom.sandbox.notionPort') ?? 0,
          host: '127.0.0.1',
        },
      );
      lifecycle.addShutdownHook(() => server.close());
      service.notion = {
        baseUrl: server.url,
        token: 'sandbox',
        databaseIds: sandbox.databaseIds,
      };
      logger.info(
        `No controlRoom.notion.token: the Notion sandbox serves ${server.url} (faults: PUT ${server.url}${NOTION_FAULT_PATH})`,
      );
    }
    const subscriptions = config.getOptionalStringArray(
      'controlRoom.azure.subscriptions',
    );
    if (!subscriptions?.length) {
      service.azure = () => {
        const azure = createAzureSandbox();
        return {
          httpClient: createSandboxAzureHttpClient(azure),
          credential: sandboxAzureCredential,
          subscriptions: azure.subscriptions,
          resourceGroupProjects: azure.resourceGroupProjects,
        };
      };
    }
    return service;
  },
});
