import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
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

/** Scheduler task that recomputes the gold rows of changed projects. */
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

/** Start of the last successful silver transform, if any. */
export async function lastSilverTransformStart(
  lakehouse: Pick<Lakehouse, 'query'>,
): Promise<Date | undefined> {
  const [row] = await lakehouse.query<{ started: string | null }>(
    `SELECT max(started_at) AS started FROM bronze.job_runs
     WHERE job_id = 'notion_transform_silver' AND status = 'SUCCESS'`,
  );
  return row?.started ? new Date(row.started) : undefined;
}

export interface GoldRefreshOptions {
  scheduler: SchedulerService;
  lakehouse: Lakehouse;
  models: readonly SqlModel[];
  logger: LoggerService;
  signals?: SignalsService;
  dataChanges?: DataChanges;
  debounceMs?: number;
  now?: () => Date;
}

export interface GoldRefresh {
  /**
   * Records that these projects' silver rows changed, and starts the
   * incremental gold run once no change came for the debounce time.
   */
  request(projectIds: readonly string[]): Promise<void>;
  /** The task's work: recomputes every requested project. */
  runPending(): Promise<string[]>;
  /** Cancels a pending debounce timer (at shutdown). */
  stop(): void;
}

/**
 * Registers the incremental gold task with the scheduler, which runs it
 * under its lock on one replica at a time. Requests wait in the lakehouse,
 * so whichever replica runs the task sees them all; the hourly full build
 * stays the reconciliation.
 */
export async function scheduleGoldRefresh(
  options: GoldRefreshOptions,
): Promise<GoldRefresh> {
  const { scheduler, lakehouse, models, logger } = options;
  const debounceMs = options.debounceMs ?? DEFAULT_GOLD_REFRESH_DEBOUNCE_MS;
  const now = options.now ?? (() => new Date());
  let timer: NodeJS.Timeout | undefined;

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

  const runPending = async (): Promise<string[]> => {
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
  };

  await scheduler.scheduleTask({
    id: GOLD_REFRESH_TASK,
    frequency: { trigger: 'manual' },
    timeout: { minutes: 10 },
    fn: async () => {
      // Requests made during a run are picked up before the task ends: a
      // trigger while it runs is refused.
      for (let round = 0; round < 5; round++) {
        if ((await runPending()).length === 0) {
          return;
        }
      }
    },
  });

  return {
    async request(projectIds) {
      const unique = [...new Set(projectIds)];
      if (unique.length === 0) {
        return;
      }
      const requestedAt = now().toISOString();
      await lakehouse.upsert(
        goldRefreshRequests,
        unique.map(project_id => ({
          project_id,
          requested_at: requestedAt,
        })),
      );
      const trigger = (attemptsLeft: number) => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          timer = undefined;
          scheduler.triggerTask(GOLD_REFRESH_TASK).catch(error => {
            // Refused while a run is under way: try again after it.
            if (attemptsLeft > 0) {
              trigger(attemptsLeft - 1);
            } else {
              logger.warn('Starting the gold refresh failed', error as Error);
            }
          });
        }, debounceMs);
        timer.unref?.();
      };
      trigger(3);
    },
    runPending,
    stop() {
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
