import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  LoggerService,
  RootLifecycleService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  createNotionService,
  DEFAULT_NOTION_REQUESTS_PER_SECOND,
  NotionClientOptions,
  NotionService,
} from './notionClient';
import {
  controlRoomSandboxServiceRef,
  ControlRoomSandboxService,
} from '../sandbox';

/**
 * Reads `controlRoom.notion.*` into client options. The token stays in the
 * options object only; nothing here logs it.
 */
export function readNotionClientOptions(config: Config): NotionClientOptions {
  const notion = config.getOptionalConfig('controlRoom.notion');
  const requestsPerSecond =
    notion?.getOptionalNumber('requestsPerSecond') ??
    DEFAULT_NOTION_REQUESTS_PER_SECOND;
  return {
    auth: notion?.getOptionalString('token'),
    baseUrl: notion?.getOptionalString('baseUrl'),
    requestsPerSecond,
    burst: notion?.getOptionalNumber('burst'),
    timeoutMs: notion?.getOptionalNumber('timeoutMs'),
    maxRetries: notion?.getOptionalNumber('maxRetries'),
  };
}

const notionFactoryDeps = {
  config: coreServices.rootConfig,
  lifecycle: coreServices.rootLifecycle,
  logger: coreServices.rootLogger,
  sandbox: controlRoomSandboxServiceRef,
};

/** Builds the client from `controlRoom.notion`; stops its limiter at shutdown. */
async function buildNotionService({
  config,
  lifecycle,
  logger,
  sandbox,
}: {
  config: Config;
  lifecycle: RootLifecycleService;
  logger: LoggerService;
  sandbox: ControlRoomSandboxService;
}): Promise<NotionService> {
  const options = readNotionClientOptions(config);
  // Without a token the local backend talks to the sandbox, if it runs one.
  const target =
    !options.auth && sandbox.notion
      ? { auth: sandbox.notion.token, baseUrl: sandbox.notion.baseUrl }
      : {};
  const notion = createNotionService({
    ...options,
    ...target,
    logger: logger.child({ service: 'control-room.notion' }),
  });
  lifecycle.addShutdownHook(() => notion.stop());
  return notion;
}

/**
 * The Notion client, one per backend process so the sync, the API's action
 * creation and the scaffolder action share one rate limiter.
 *
 * @public
 */
export const notionServiceRef = createServiceRef<NotionService>({
  id: 'control-room.notion',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: notionFactoryDeps,
      factory: buildNotionService,
    }),
});

/**
 * The same factory as the default, for tests and for backends that want to
 * install it explicitly.
 *
 * @public
 */
export const notionServiceFactory = createServiceFactory({
  service: notionServiceRef,
  deps: notionFactoryDeps,
  factory: buildNotionService,
});
