import { Config } from '@backstage/config';
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  ControlRoomSandboxService,
  createDataSourceDirectory,
  Lakehouse,
  NotionService,
} from '@finance-ppm/plugin-control-room-node';
import { NotionSourceSettings, readNotionSourceConfig } from './config';
import { createNotionPulls } from './pulls';

export interface NotionSourceOptions {
  config: Config;
  lakehouse: Lakehouse;
  notion: NotionService;
  sandbox: ControlRoomSandboxService;
  logger: LoggerService;
}

/**
 * The configured Notion databases; without `controlRoom.notion.token`, those
 * not configured fall back to the sandbox's, if it runs.
 */
export function resolveNotionSettings(
  config: Config,
  sandbox: ControlRoomSandboxService,
): NotionSourceSettings {
  const settings = readNotionSourceConfig(config);
  const sandboxNotion = config.getOptionalString('controlRoom.notion.token')
    ? undefined
    : sandbox.notion;
  if (!sandboxNotion) return settings;
  return {
    ...settings,
    databases: settings.databases.map(db => ({
      ...db,
      id: db.id ?? sandboxNotion.databaseIds[db.name],
    })),
  };
}

/**
 * The Notion source: the pulls for the pipeline jobs, and the directory
 * that maps Notion's data source ids (webhooks) to database names. Starts
 * the mapping check without waiting for it.
 */
export function createNotionSource(options: NotionSourceOptions) {
  const settings = resolveNotionSettings(options.config, options.sandbox);
  const pulls = createNotionPulls({
    lakehouse: options.lakehouse,
    notion: options.notion,
    logger: options.logger,
    settings,
  });
  // Not awaited: a slow or absent Notion never holds up the backend.
  void pulls.checkMappingAtStartup();
  const dataSources = createDataSourceDirectory(
    options.notion.client,
    Object.fromEntries(settings.databases.map(db => [db.name, db.id])),
  );
  return { pulls, dataSources };
}

export type NotionSource = ReturnType<typeof createNotionSource>;
