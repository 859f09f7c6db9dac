import { LoggerService } from '@backstage/backend-plugin-api';
import { SignalsService } from '@backstage/plugin-signals-node';
import {
  CONTROL_ROOM_JOB_RUNS_CHANNEL,
  JobRunSignal,
} from '@finance-ppm/plugin-control-room-common';
import {
  goldRefreshRequests,
  Lakehouse,
} from '@finance-ppm/plugin-control-room-node';
import { runIncrementalGold } from '../finance/incrementalGold';
import { SqlModel } from '../lakehouse/models';
import { DataChanges } from '../service/dataChanges';
import { KeyedDebouncer } from '../service/notionWebhook';
import { TaskRequest } from './taskRequests';

/** Name of the incremental gold refresh, in its signal to open tabs. */
export const GOLD_REFRESH_TASK = 'ppm_gold_incremental';
/** Quiet time after a silver change before the incremental gold run. */
export const DEFAULT_GOLD_REFRESH_DEBOUNCE_MS = 5_000;

/**
 * Projects of the silver rows built from pages that reached bronze since
 * `since`. Run before and after a silver rebuild, the two answers hold the
 * projects a moved row left and the ones it joined.
 */
export async function projectsOfPagesIngestedSince(
  lakehouse: Pick<Lakehouse, 'query'>,
  since: Date,
): Promise<string[]> {
  const rows = await lakehouse.query<{ project_id: string | null }>(
    `WITH changed AS (
       SELECT DISTINCT page_id FROM bronze.notion_raw_pages
       WHERE _ingestion_timestamp >= :since
     )
     SELECT project_id FROM silver.notion_projects
       WHERE project_id IN (SELECT page_id FROM changed)
     UNION
     SELECT project_id FROM silver.notion_budget_lines
       WHERE budget_line_id IN (SELECT page_id FROM changed)
     UNION
     SELECT project_id FROM silver.notion_risks
       WHERE risk_id IN (SELECT page_id FROM changed)
     UNION
     SELECT project_id FROM silver.notion_actions
       WHERE action_id IN (SELECT page_id FROM changed)`,
    { since },
  );
  return rows
    .map(row => row.project_id)
    .filter((id): id is string => id !== null);
}

/**
 * Start of the last successful whole silver transform, if any. A webhook's
 * transform covers only the pages its sync wrote, so it does not count.
 */
export async function lastSilverTransformStart(
  lakehouse: Pick<Lakehouse, 'query'>,
): Promise<Date | undefined> {
  const [row] = await lakehouse.query<{ started: string | null }>(
    `SELECT max(started_at) AS started FROM bronze.job_runs
     WHERE job_id = 'notion_transform_silver' AND status = 'SUCCESS'
       AND (trigger IS NULL OR trigger <> 'webhook')`,
  );
  return row?.started ? new Date(row.started) : undefined;
}

/**
 * The request that asks the requested-sync task for a gold refresh: that
 * task runs the refresh, so one scheduler lock covers every incremental
 * gold write, and a webhook's sync, silver and gold take one hand-over.
 */
export const GOLD_REFRESH_REQUEST: TaskRequest = {
  trigger: 'schedule',
  detail: ':gold',
};

export interface GoldRefreshOptions {
  lakehouse: Lakehouse;
  models: readonly SqlModel[];
  logger: LoggerService;
  /** Asks the task that runs `runPending` to run. */
  trigger: () => Promise<void>;
  signals?: SignalsService;
  dataChanges?: DataChanges;
  debounceMs?: number;
  now?: () => Date;
}

export interface GoldRefresh {
  /** Records that these projects' silver rows changed; starts nothing. */
  record(projectIds: readonly string[]): Promise<void>;
  /**
   * Records the change, and asks for the refresh once no change came for
   * the debounce time (after a scheduled silver rebuild).
   */
  request(projectIds: readonly string[]): Promise<void>;
  /** The refresh: recomputes every recorded project, then tells open tabs. */
  runPending(): Promise<string[]>;
}

/**
 * Incremental gold: changed projects wait in the lakehouse, so whichever
 * replica runs the refresh sees them all; the hourly full build stays the
 * reconciliation.
 */
export function createGoldRefresh(options: GoldRefreshOptions): GoldRefresh {
  const { lakehouse, models, logger } = options;
  const now = options.now ?? (() => new Date());
  const debouncer = new KeyedDebouncer(
    options.debounceMs ?? DEFAULT_GOLD_REFRESH_DEBOUNCE_MS,
    () => options.trigger(),
    (_key, error) =>
      logger.warn('Starting the gold refresh failed', error as Error),
  );

  const announce = async (projectIds: string[], endedAt: Date) => {
    options.dataChanges?.notify();
    if (!options.signals) {
      return;
    }
    const message: JobRunSignal = {
      job_id: GOLD_REFRESH_TASK,
      run_id: `${GOLD_REFRESH_TASK}:${endedAt.toISOString()}`,
      status: 'SUCCESS',
      ended_at: endedAt.toISOString(),
    };
    try {
      await options.signals.publish({
        recipients: { type: 'broadcast' },
        channel: CONTROL_ROOM_JOB_RUNS_CHANNEL,
        message,
      });
    } catch (error) {
      logger.warn(
        `Could not announce the gold refresh of ${projectIds.length} project(s)`,
        error as Error,
      );
    }
  };

  const record = async (projectIds: readonly string[]) => {
    const unique = [...new Set(projectIds)];
    if (unique.length === 0) {
      return;
    }
    const requestedAt = now().toISOString();
    await lakehouse.upsert(
      goldRefreshRequests,
      unique.map(project_id => ({ project_id, requested_at: requestedAt })),
    );
  };

  return {
    record,
    async request(projectIds) {
      await record(projectIds);
      if (projectIds.length > 0) debouncer.schedule('gold');
    },
    async runPending() {
      const requests = await lakehouse.query<{
        project_id: string;
        requested_at: string;
      }>('SELECT project_id, requested_at FROM bronze.gold_refresh_requests');
      if (requests.length === 0) {
        return [];
      }
      const projectIds = requests.map(r => r.project_id);
      const newest = requests
        .map(r => new Date(r.requested_at))
        .reduce((a, b) => (a > b ? a : b));
      await runIncrementalGold({ lakehouse, models, projectIds, now: now() });
      // Requests made while this run ran are newer, and wait for the next.
      await lakehouse.execute(
        'DELETE FROM bronze.gold_refresh_requests WHERE requested_at <= :newest',
        { newest },
      );
      logger.info(`Gold refreshed for ${projectIds.length} changed project(s)`);
      await announce(projectIds, now());
      return projectIds;
    },
  };
}
