import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  controlRoomSandboxServiceRef,
  ControlRoomSandboxService,
} from '@finance-ppm/plugin-control-room-node';
import {
  createAzureSandbox,
  createNotionFaultControl,
  createNotionSandbox,
  createSandboxAzureHttpClient,
  generatePortfolio,
  NOTION_FAULT_PATH,
  sandboxAzureCredential,
  startSandboxServer,
} from '@finance-ppm/sandbox';

/**
 * Runs the Notion and Azure emulators for a local backend that has no real
 * credentials, so `yarn start` shows a live portfolio without any account.
 * Configuring `controlRoom.notion.token` or `controlRoom.azure.subscriptions`
 * switches the matching emulator off.
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
    if (!config.getOptionalString('controlRoom.notion.token')) {
      // The demo portfolio carries a few planted data-quality defects, so the
      // Data Quality tab and the amber projects have something to show.
      const sandbox = createNotionSandbox({
        portfolio: generatePortfolio({ plantDefects: true }),
      });
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
