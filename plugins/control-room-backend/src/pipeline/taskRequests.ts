import { SchedulerService } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { JobRunTrigger } from './jobRuns';

/** Why a task was asked to run, and what for. */
export interface TaskRequest {
  trigger: Exclude<JobRunTrigger, 'databricks'>;
  /** The part of its work asked for (a Notion database), if any. */
  detail?: string;
}

/**
 * Requests for scheduler tasks to run, kept where every replica sees them:
 * the replica that gets a webhook is seldom the one the scheduler hands the
 * task to.
 */
export interface TaskRequests {
  /** Records a request; returns its id, for `withdraw`. */
  add(taskId: string, request: TaskRequest): Promise<number>;
  /** Removes and returns the task's pending requests, oldest first. */
  take(taskId: string): Promise<TaskRequest[]>;
  /** Removes one request, if no run has taken it yet. */
  withdraw(requestId: number): Promise<void>;
}

/** Requests of one process; enough for a single replica and for tests. */
export function memoryTaskRequests(): TaskRequests {
  const pending: Array<TaskRequest & { taskId: string; requestId: number }> =
    [];
  let lastId = 0;
  return {
    async add(taskId, request) {
      lastId += 1;
      pending.push({ taskId, requestId: lastId, ...request });
      return lastId;
    },
    async take(taskId) {
      const taken: TaskRequest[] = [];
      for (let index = pending.length - 1; index >= 0; index--) {
        if (pending[index].taskId === taskId) {
          const [{ trigger, detail }] = pending.splice(index, 1);
          taken.unshift(
            detail === undefined ? { trigger } : { trigger, detail },
          );
        }
      }
      return taken;
    },
    async withdraw(requestId) {
      const index = pending.findIndex(r => r.requestId === requestId);
      if (index >= 0) pending.splice(index, 1);
    },
  };
}

// Created by migrations/20261129000100_task_requests.js.
export const TASK_REQUESTS_TABLE = 'control_room_task_requests';

/** Requests in the plugin's database, shared by every replica. */
export function databaseTaskRequests(knex: Knex): TaskRequests {
  return {
    async add(taskId, request) {
      // PostgreSQL and SQLite return the row; MySQL ignores `returning`
      // and gives the insert id.
      const [inserted] = await knex(TASK_REQUESTS_TABLE)
        .insert({
          task_id: taskId,
          trigger: request.trigger,
          detail: request.detail ?? null,
          requested_at: Date.now(),
        })
        .returning('request_id');
      return Number(
        typeof inserted === 'object' ? inserted.request_id : inserted,
      );
    },
    async withdraw(requestId) {
      await knex(TASK_REQUESTS_TABLE).where({ request_id: requestId }).delete();
    },
    async take(taskId) {
      // The scheduler runs a task on one replica at a time, so no other
      // take of the same task competes; the delete names the rows read.
      return knex.transaction(async tx => {
        const rows: Array<{
          request_id: number;
          trigger: TaskRequest['trigger'];
          detail: string | null;
        }> = await tx(TASK_REQUESTS_TABLE)
          .where({ task_id: taskId })
          .orderBy('request_id')
          .select('request_id', 'trigger', 'detail');
        if (rows.length === 0) return [];
        await tx(TASK_REQUESTS_TABLE)
          .whereIn(
            'request_id',
            rows.map(row => row.request_id),
          )
          .delete();
        return rows.map(row =>
          row.detail === null
            ? { trigger: row.trigger }
            : { trigger: row.trigger, detail: row.detail },
        );
      });
    },
  };
}

function isConflict(error: unknown): boolean {
  return (error as { name?: string } | undefined)?.name === 'ConflictError';
}

/**
 * Asks the scheduler to run a task: records the request, then triggers the
 * task, which every replica's worker may pick up. The scheduler refuses a
 * trigger while the task runs; `whenRunning` says what then happens to the
 * request: `refuse` withdraws it, and only it, then rethrows (run-now
 * answers 409; other pending requests of the task stay), `keep`
 * leaves it for the running task, which takes what arrived meanwhile before
 * it ends (and its next run does, in the rare case it had already looked).
 */
export function createTaskTrigger(options: {
  scheduler: Pick<SchedulerService, 'triggerTask'>;
  requests: TaskRequests;
}) {
  const { scheduler, requests } = options;
  return async (
    taskId: string,
    request: TaskRequest,
    whenRunning: 'refuse' | 'keep',
  ): Promise<void> => {
    const requestId = await requests.add(taskId, request);
    try {
      await scheduler.triggerTask(taskId);
    } catch (error) {
      if (whenRunning === 'keep' && isConflict(error)) return;
      await requests.withdraw(requestId);
      throw error;
    }
  };
}

export type TaskTrigger = ReturnType<typeof createTaskTrigger>;
