import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  coreServices,
  createServiceFactory,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import {
  assertSourcesConfigured,
  controlRoomSandboxServiceRef,
  ControlRoomSandboxService,
  isSandboxEnabled,
} from '@finance-ppm/plugin-control-room-node';
import {
  createAzureSandbox,
  fetchTrusting,
  startSqlWarehouseEmulator,
  createNotionFaultControl,
  createNotionSandbox,
  createSandboxAzureHttpClient,
  generatePortfolio,
  NOTION_FAULT_PATH,
  sandboxAzureCredential,
  startSandboxServer,
} from '@finance-ppm/sandbox';

/** The `databricks/` bundle folder, found walking up from `startDir`. */
export function findBundleDirectory(startDir: string): string {
  for (let dir = path.resolve(startDir); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'databricks', 'databricks.yml'))) {
      return path.join(dir, 'databricks');
    }
    if (path.dirname(dir) === dir) {
      throw new Error(
        `No databricks/databricks.yml in ${startDir} or above it, for controlRoom.sandbox.databricks`,
      );
    }
  }
}

/**
 * Where the emulated workspace listens: the loopback host and port of
 * `controlRoom.lakehouse.databricks.host`, so the engine's own config
 * reaches it.
 */
export function readDatabricksSandboxSettings(config: RootConfigService) {
  const key = 'controlRoom.lakehouse.databricks';
  const host = config.getString(`${key}.host`);
  const match = /^(?:https?:\/\/)?127\.0\.0\.1:(\d+)\/?$/.exec(host.trim());
  if (!match) {
    throw new Error(
      `controlRoom.sandbox.databricks needs ${key}.host on loopback with a port, e.g. 127.0.0.1:7443; got '${host}'`,
    );
  }
  return {
    port: Number(match[1]),
    httpPath: config.getString(`${key}.httpPath`),
    token: config.getString(`${key}.token`),
    catalog: config.getString(`${key}.catalog`),
    target:
      config.getOptionalString('controlRoom.sandbox.databricks.target') ??
      'dev',
  };
}

/**
 * Starts the emulated Databricks workspace where the Databricks engine's
 * config points, running the jobs of the bundle found above `cwd`.
 */
export async function startDatabricksSandbox(
  config: RootConfigService,
  cwd: string,
) {
  const settings = readDatabricksSandboxSettings(config);
  const workspace = await startSqlWarehouseEmulator({
    ...settings,
    bundle: {
      directory: findBundleDirectory(cwd),
      target: settings.target,
      user: os.userInfo().username,
      schedules: true,
    },
  });
  return {
    port: workspace.port,
    target: settings.target,
    /** For the Jobs API client: trusts the emulator's certificate. */
    fetch: fetchTrusting(workspace.certificate),
    close: () => workspace.close(),
  };
}

/**
 * Runs the Notion and Azure emulators when `controlRoom.sandbox.enabled` is
 * true (app-config.yaml), so `yarn start` shows a live portfolio without any
 * account. Even then, configuring `controlRoom.notion.token` or
 * `controlRoom.azure.subscriptions` switches the matching emulator off. With
 * `controlRoom.sandbox.databricks.enabled` it also serves an emulated
 * Databricks workspace (`yarn start:databricks`). Without the switch nothing
 * is emulated (no fault endpoint either), and a backend missing a real
 * setting stops at start naming every missing key.
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
    if (config.getOptionalBoolean('controlRoom.sandbox.databricks.enabled')) {
      const workspace = await startDatabricksSandbox(config, process.cwd());
      lifecycle.addShutdownHook(() => workspace.close());
      service.databricks = { fetch: workspace.fetch };
      logger.info(
        `controlRoom.sandbox.databricks: an emulated SQL warehouse and Jobs API (bundle target ${workspace.target}) serve https://127.0.0.1:${workspace.port}`,
      );
    }
    return service;
  },
});
