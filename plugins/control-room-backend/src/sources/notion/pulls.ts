import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  Lakehouse,
  NotionService,
  ReadRetryOptions,
} from '@finance-ppm/plugin-control-room-node';
import { NotionDatabaseName, NotionSourceSettings } from './config';
import { createNotionBronzeSync, DataSourceSyncResult } from './bronzeSync';
import {
  newestNotionIngestion,
  rebuildNotionSilver,
  refreshNotionSilverSince,
} from './silverTransform';
import { MappingProblem, NotionMappingError } from './schemaCheck';

export interface NotionPullsDeps {
  lakehouse: Lakehouse;
  notion: Pick<NotionService, 'client'>;
  settings: NotionSourceSettings;
  logger: LoggerService;
  now?: () => Date;
  readRetry?: ReadRetryOptions;
  /** Rows per query page (at most 100, the default). */
  pageSize?: number;
  /** Pages per read of bronze in a full reconciliation; default 5000. */
  reconcileSliceSize?: number;
}

export interface NotionPulls {
  /** Work for the `notion_sync_bronze` job. */
  notion_sync_bronze: (run?: {
    trigger: string;
    signal?: AbortSignal;
  }) => Promise<{ rowsWritten: number }>;
  /** Work for the `notion_transform_silver` job; calls no API. */
  notion_transform_silver: () => Promise<{ rowsWritten: number }>;
  /**
   * The silver step after requested syncs: `mark` before them, then
   * `transformSince(mark)` maps only the pages they wrote.
   */
  silverSince: {
    mark: () => Promise<Date | undefined>;
    transformSince: (since: Date) => Promise<{ rowsWritten: number }>;
  };
  /**
   * Checks the mapping against the data sources' schemas at startup: a
   * problem is logged as an error, a Notion that cannot be reached as a
   * warning. Never throws, so it cannot stop the backend.
   */
  checkMappingAtStartup: () => Promise<MappingProblem[]>;
  /** A targeted incremental sync of one database (webhooks, manual runs). */
  syncNotionDataSource: (
    name: NotionDatabaseName,
    options?: { full?: boolean; signal?: AbortSignal },
  ) => Promise<DataSourceSyncResult>;
}

/**
 * The Notion pulls for `schedulePipeline({ pulls })`, sharing one bronze
 * sync (and so one data-source cache) between the scheduled job and
 * targeted syncs.
 */
export function createNotionPulls(deps: NotionPullsDeps): NotionPulls {
  const sync = createNotionBronzeSync({
    lakehouse: deps.lakehouse,
    client: deps.notion.client,
    settings: deps.settings,
    logger: deps.logger,
    now: deps.now,
    readRetry: deps.readRetry,
    pageSize: deps.pageSize,
    reconcileSliceSize: deps.reconcileSliceSize,
  });
  return {
    notion_sync_bronze: async run => {
      // "Run now" means now: it does not wait out syncIntervalMinutes.
      const results = await sync.syncAll({
        force: run?.trigger === 'manual',
        signal: run?.signal,
      });
      return {
        rowsWritten: results.reduce((sum, r) => sum + r.rowsWritten, 0),
      };
    },
    notion_transform_silver: async () => {
      const { rowsWritten } = await rebuildNotionSilver(
        deps.lakehouse,
        deps.settings,
        deps.now,
      );
      return { rowsWritten };
    },
    silverSince: {
      mark: () => newestNotionIngestion(deps.lakehouse),
      transformSince: async since => {
        const { rowsWritten } = await refreshNotionSilverSince(
          deps.lakehouse,
          deps.settings,
          since,
          deps.now,
        );
        return { rowsWritten };
      },
    },
    checkMappingAtStartup: async () => {
      try {
        const problems = await sync.checkMapping();
        if (problems.length > 0) {
          deps.logger.error(
            `Notion property mapping does not fit the data sources; their syncs will fail until it is fixed:\n${
              new NotionMappingError(problems).message
            }`,
          );
        }
        return problems;
      } catch (error) {
        deps.logger.warn(
          `Could not check the Notion property mapping at startup (Notion unreachable?); the next full sync checks it: ${
            (error as Error).message
          }`,
        );
        return [];
      }
    },
    syncNotionDataSource: (name, options) => sync.syncDataSource(name, options),
  };
}
