import type { LoggerService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import {
  createNotionService,
  Lakehouse,
} from '@finance-ppm/plugin-control-room-node';
import {
  DEFAULT_PROPERTY_NAMES,
  NOTION_DATABASES,
  NotionDatabaseName,
  NotionSourceSettings,
} from '../config';
import { createNotionPulls } from '../pulls';

export interface SandboxNotionPullsOptions {
  lakehouse: Lakehouse;
  /** The sandbox's database ids; msw answers its requests. */
  databaseIds: Record<NotionDatabaseName, string>;
  logger?: LoggerService;
  /** Default 0: every run syncs, so a planted page shows at the next one. */
  syncIntervalMinutes?: number;
  /** Property names that replace the defaults, per database. */
  properties?: Partial<Record<NotionDatabaseName, Record<string, string>>>;
  /** Default 10 s: under a loaded test run a slow answer must not fail a run. */
  timeoutMs?: number;
  /** Retries of a failed read, default 2, after `retryDelayMs` (default 1). */
  retries?: number;
  retryDelayMs?: number;
}

/**
 * The Notion pulls of a test lakehouse against the Notion sandbox, at test
 * speed: no rate limit to speak of, quick retries, every database with the
 * default property names unless `properties` says otherwise.
 */
export function createSandboxNotionPulls(options: SandboxNotionPullsOptions) {
  const retries = options.retries ?? 2;
  const retryDelayMs = options.retryDelayMs ?? 1;
  const notion = createNotionService({
    auth: 'secret_test_token',
    requestsPerSecond: 1000,
    burst: 50,
    timeoutMs: options.timeoutMs ?? 10_000,
    maxRetries: retries,
    initialRetryDelayMs: retryDelayMs,
  });
  const settings: NotionSourceSettings = {
    databases: NOTION_DATABASES.map(name => ({
      name,
      id: options.databaseIds[name],
      syncIntervalMinutes: options.syncIntervalMinutes ?? 0,
      properties: {
        ...DEFAULT_PROPERTY_NAMES[name],
        ...options.properties?.[name],
      },
    })),
    overlapMinutes: 2,
    fullSyncIntervalHours: 24,
  };
  const pulls = createNotionPulls({
    lakehouse: options.lakehouse,
    notion,
    logger: options.logger ?? mockServices.logger.mock(),
    settings,
    readRetry: { retries, initialDelayMs: retryDelayMs },
  });
  return { pulls, notion, settings };
}
