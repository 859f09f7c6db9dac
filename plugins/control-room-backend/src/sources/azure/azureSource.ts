import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import type { HttpClient } from '@azure/core-rest-pipeline';
import type { TokenCredential } from '@azure/identity';
import { Lakehouse } from '@finance-ppm/plugin-control-room-node';
import { AzurePulls, createAzurePulls } from './azurePulls';
import { createAzureClients } from './clients';
import { hasAzureSubscriptions, readAzureConfig } from './config';
import { createAzureCredential } from './credentials';
import { createCostManagementClient } from './costManagement';
import { CostPulls, createCostPulls } from './costPulls';

/** What the backend hands over when it runs against the Azure sandbox. */
export interface AzureSandboxConnection {
  httpClient: HttpClient;
  credential: TokenCredential;
  subscriptions: string[];
  /** The sandbox's group-only links, used unless config sets its own. */
  resourceGroupProjects: Record<string, string>;
}

export interface AzureSourceOptions {
  config: Config;
  lakehouse: Lakehouse;
  logger: LoggerService;
  /** Used when `controlRoom.azure.subscriptions` is empty. */
  sandbox?: () => AzureSandboxConnection;
  /** Waits for Cost Management's 429s and 202s; default a timer. */
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) =>
  new Promise<void>(resolve => setTimeout(resolve, ms));

/**
 * The Azure pulls for `schedulePipeline`: against Azure when subscriptions
 * are configured, otherwise against the sandbox when one is given, else
 * none. Logs which, never any credential.
 */
export function createAzureSource(
  options: AzureSourceOptions,
): (AzurePulls & CostPulls) | undefined {
  const { config, lakehouse, logger } = options;
  const sleep = options.sleep ?? realSleep;
  const settings = readAzureConfig(config);
  if (hasAzureSubscriptions(settings)) {
    logger.info(
      `Azure source: ${settings.subscriptions.length} subscription(s), advisor via ${settings.advisorSource}`,
    );
    const credential = createAzureCredential(settings);
    return {
      ...createAzurePulls({
        lakehouse,
        logger,
        settings,
        clients: createAzureClients(credential),
      }),
      ...createCostPulls({
        lakehouse,
        logger,
        settings,
        sleep,
        client: createCostManagementClient(credential, {
          sleep,
          maxThrottleRetries: settings.costManagement?.maxThrottleRetries,
        }),
      }),
    };
  }
  if (!options.sandbox) {
    logger.info('Azure source: no subscriptions configured; Azure jobs off');
    return undefined;
  }
  const sandbox = options.sandbox();
  logger.info('Azure source: no subscriptions configured; using the sandbox');
  const hasOwnGroups = Object.keys(settings.resourceGroupProjects).length > 0;
  const sandboxSettings = {
    ...settings,
    subscriptions: sandbox.subscriptions,
    resourceGroupProjects: hasOwnGroups
      ? settings.resourceGroupProjects
      : sandbox.resourceGroupProjects,
  };
  return {
    ...createAzurePulls({
      lakehouse,
      logger,
      settings: sandboxSettings,
      clients: createAzureClients(sandbox.credential, {
        httpClient: sandbox.httpClient,
      }),
    }),
    ...createCostPulls({
      lakehouse,
      logger,
      settings: sandboxSettings,
      sleep,
      client: createCostManagementClient(sandbox.credential, {
        httpClient: sandbox.httpClient,
        sleep,
      }),
    }),
  };
}
