import fs from 'node:fs/promises';
import { CronTime } from 'cron';
import { LOG_LIMIT } from '../warehouse/logs';
import { BundleJob } from './bundle';

/** A statement handed to the warehouse, which a cancel can end. */
export interface SubmittedStatement {
  done: Promise<void>;
  cancel(): void;
}

export interface JobsApiOptions {
  jobs: BundleJob[];
  /** Runs one SQL file's text on the warehouse. */
  submitSql: (sql: string) => SubmittedStatement;
  now?: () => number;
}

type LifeCycleState =
  | 'QUEUED'
  | 'PENDING'
  | 'RUNNING'
  | 'TERMINATING'
  | 'TERMINATED'
  | 'SKIPPED'
  | 'INTERNAL_ERROR';

type ResultState = 'SUCCESS' | 'FAILED' | 'CANCELED' | 'UPSTREAM_FAILED';

interface RunState {
  life_cycle_state: LifeCycleState;
  result_state?: ResultState;
  state_message: string;
}

interface TaskRun {
  task_key: string;
  run_id: number;
  depends_on?: Array<{ task_key: string }>;
  state: RunState;
  start_time: number;
  end_time: number;
}

/** A run as the Jobs API 2.1 returns it. */
export interface JobRunPayload {
  run_id: number;
  job_id: number;
  number_in_job: number;
  run_name: string;
  trigger: 'ONE_TIME' | 'PERIODIC';
  state: RunState;
  start_time: number;
  end_time: number;
  tasks: TaskRun[];
}

interface ActiveRun {
  payload: JobRunPayload;
  job: BundleJob;
  cancelled: boolean;
  current?: SubmittedStatement;
  finished: Promise<void>;
}

/** A Jobs API error: HTTP status, `error_code` and message. */
export class JobsApiError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
  }
}

const FIRST_JOB_ID = 1001;
const MAX_LIST_LIMIT = { jobs: 100, runs: 25 };

function quartzToCronTime(quartz: string, timezone: string): CronTime {
  const fields = quartz.trim().split(/\s+/).slice(0, 6);
  return new CronTime(
    fields.map(field => (field === '?' ? '*' : field)).join(' '),
    timezone,
  );
}

function pageOf<T>(
  items: T[],
  limitText: string | null,
  pageToken: string | null,
  maxLimit: number,
): { page: T[]; next?: string } {
  const limit = limitText === null ? 20 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit) {
    throw new JobsApiError(
      400,
      'INVALID_PARAMETER_VALUE',
      `limit must be between 1 and ${maxLimit}`,
    );
  }
  const offset = pageToken === null ? 0 : Number(pageToken);
  if (!Number.isInteger(offset) || offset < 0) {
    throw new JobsApiError(
      400,
      'INVALID_PARAMETER_VALUE',
      `Invalid page_token '${pageToken}'`,
    );
  }
  const page = items.slice(offset, offset + limit);
  const nextOffset = offset + page.length;
  return nextOffset < items.length
    ? { page, next: String(nextOffset) }
    : { page };
}

/**
 * The Jobs API 2.1 over a bundle's jobs: list, run-now, runs list/get and
 * cancel. Runs execute their SQL file tasks on the emulated warehouse in
 * dependency order, on run-now and on their (unpaused) Quartz schedules,
 * and report Databricks life-cycle and result states.
 */
export class EmulatedJobsApi {
  private readonly jobs: Array<{ id: number; job: BundleJob }>;
  private readonly runs = new Map<number, ActiveRun>();
  private readonly idempotencyTokens = new Map<string, number>();
  private readonly now: () => number;
  private nextRunId = 5001;
  private lastTick: number;
  private timer?: NodeJS.Timeout;

  constructor(private readonly options: JobsApiOptions) {
    this.jobs = options.jobs.map((job, index) => ({
      id: FIRST_JOB_ID + index,
      job,
    }));
    this.now = options.now ?? Date.now;
    this.lastTick = this.now();
  }

  /** Starts the runs of schedules that fired since the last tick. */
  tick(): number[] {
    const now = this.now();
    const started: number[] = [];
    for (const { id, job } of this.jobs) {
      if (!job.schedule || job.schedule.paused) continue;
      const cron = quartzToCronTime(
        job.schedule.quartzCron,
        job.schedule.timezone,
      );
      const next = cron.getNextDateFrom(new Date(this.lastTick)).toMillis();
      if (next <= now) {
        started.push(this.start(id, 'PERIODIC'));
      }
    }
    this.lastTick = now;
    return started;
  }

  /** Checks the schedules every second until `close`. */
  startScheduler() {
    this.timer = setInterval(() => this.tick(), 1000);
    this.timer.unref();
  }

  async close() {
    clearInterval(this.timer);
    for (const run of this.runs.values()) {
      run.cancelled = true;
      run.current?.cancel();
    }
    await Promise.allSettled([...this.runs.values()].map(run => run.finished));
  }

  listJobs(query: URLSearchParams) {
    const { page, next } = pageOf(
      this.jobs,
      query.get('limit'),
      query.get('page_token'),
      MAX_LIST_LIMIT.jobs,
    );
    const name = query.get('name');
    const jobs = page
      .filter(
        ({ job }) =>
          name === null || job.name.toLowerCase() === name.toLowerCase(),
      )
      .map(({ id, job }) => ({
        job_id: id,
        settings: {
          name: job.name,
          tags: job.tags,
          max_concurrent_runs: job.maxConcurrentRuns,
          ...(job.schedule
            ? {
                schedule: {
                  quartz_cron_expression: job.schedule.quartzCron,
                  timezone_id: job.schedule.timezone,
                  pause_status: job.schedule.paused ? 'PAUSED' : 'UNPAUSED',
                },
              }
            : {}),
        },
      }));
    return { jobs, has_more: next !== undefined, next_page_token: next };
  }

  runNow(body: { job_id?: unknown; idempotency_token?: unknown }) {
    const jobId = Number(body.job_id);
    const token =
      typeof body.idempotency_token === 'string'
        ? body.idempotency_token
        : undefined;
    const earlier = token ? this.idempotencyTokens.get(token) : undefined;
    const runId = earlier ?? this.start(jobId, 'ONE_TIME');
    if (token) this.idempotencyTokens.set(token, runId);
    const run = this.runs.get(runId)!;
    return { run_id: runId, number_in_job: run.payload.number_in_job };
  }

  listRuns(query: URLSearchParams) {
    const jobId = query.get('job_id');
    const from = Number(query.get('start_time_from') ?? 0);
    const runs = [...this.runs.values()]
      .map(run => run.payload)
      .filter(run => jobId === null || run.job_id === Number(jobId))
      .filter(run => run.start_time >= from)
      .sort((a, b) => b.run_id - a.run_id);
    const { page, next } = pageOf(
      runs,
      query.get('limit'),
      query.get('page_token'),
      MAX_LIST_LIMIT.runs,
    );
    return {
      runs: page.map(run => structuredClone(run)),
      has_more: next !== undefined,
      next_page_token: next,
    };
  }

  getRun(query: URLSearchParams) {
    return structuredClone(this.run(Number(query.get('run_id'))).payload);
  }

  cancelRun(body: { run_id?: unknown }) {
    const run = this.run(Number(body.run_id));
    const { state } = run.payload;
    if (state.life_cycle_state === 'TERMINATED') return {};
    run.cancelled = true;
    if (state.life_cycle_state === 'RUNNING') {
      state.life_cycle_state = 'TERMINATING';
    }
    run.current?.cancel();
    return {};
  }

  /** Resolves when the run has ended, for tests and shutdown. */
  async waitForRun(runId: number): Promise<JobRunPayload> {
    const run = this.run(runId);
    await run.finished;
    return structuredClone(run.payload);
  }

  /** Keeps the newest runs; older ended runs (and their tokens) go. */
  private forgetOldRuns() {
    const excess = this.runs.size - LOG_LIMIT;
    if (excess <= 0) return;
    const ended = [...this.runs.values()]
      .filter(run => run.payload.state.life_cycle_state === 'TERMINATED')
      .slice(0, excess)
      .map(run => run.payload.run_id);
    for (const runId of ended) this.runs.delete(runId);
    for (const [token, runId] of this.idempotencyTokens) {
      if (!this.runs.has(runId)) this.idempotencyTokens.delete(token);
    }
  }

  private run(runId: number): ActiveRun {
    const run = this.runs.get(runId);
    if (!run) {
      throw new JobsApiError(
        404,
        'RESOURCE_DOES_NOT_EXIST',
        `Run ${runId} does not exist.`,
      );
    }
    return run;
  }

  private start(jobId: number, trigger: JobRunPayload['trigger']): number {
    const entry = this.jobs.find(({ id }) => id === jobId);
    if (!entry) {
      throw new JobsApiError(
        400,
        'INVALID_PARAMETER_VALUE',
        `Job ${jobId} does not exist.`,
      );
    }
    const { job } = entry;
    const runId = this.nextRunId++;
    const earlier = [...this.runs.values()].filter(
      run => run.payload.job_id === jobId,
    );
    const payload: JobRunPayload = {
      run_id: runId,
      job_id: jobId,
      number_in_job: runId,
      run_name: job.name,
      trigger,
      state: { life_cycle_state: 'QUEUED', state_message: '' },
      start_time: this.now(),
      end_time: 0,
      tasks: job.tasks.map((task, index) => ({
        task_key: task.taskKey,
        run_id: runId * 100 + index,
        ...(task.dependsOn.length
          ? { depends_on: task.dependsOn.map(key => ({ task_key: key })) }
          : {}),
        state: { life_cycle_state: 'PENDING', state_message: '' },
        start_time: 0,
        end_time: 0,
      })),
    };
    const active: ActiveRun = {
      payload,
      job,
      cancelled: false,
      finished: Promise.resolve(),
    };
    this.runs.set(runId, active);
    this.forgetOldRuns();
    // At most max_concurrent_runs at once; later runs queue behind.
    const ahead = earlier
      .slice(-Math.max(1, job.maxConcurrentRuns))
      .map(run => run.finished);
    active.finished = Promise.allSettled(ahead).then(() =>
      this.execute(active),
    );
    return runId;
  }

  private async execute(run: ActiveRun): Promise<void> {
    const { payload, job } = run;
    if (run.cancelled) {
      this.end(payload, 'CANCELED', 'Run cancelled before it started.');
      return;
    }
    payload.state = { life_cycle_state: 'RUNNING', state_message: '' };
    let failure: { task: string; message: string } | undefined;
    const notSucceeded = new Set<string>();
    for (const [index, task] of job.tasks.entries()) {
      const taskRun = payload.tasks[index];
      const upstreamFailed = task.dependsOn.some(key => notSucceeded.has(key));
      if (upstreamFailed || run.cancelled) {
        notSucceeded.add(task.taskKey);
        taskRun.state = {
          life_cycle_state: 'TERMINATED',
          result_state: run.cancelled ? 'CANCELED' : 'UPSTREAM_FAILED',
          state_message: '',
        };
        continue;
      }
      taskRun.start_time = this.now();
      taskRun.state = { life_cycle_state: 'RUNNING', state_message: '' };
      try {
        const sql = await fs.readFile(task.sqlFile, 'utf8');
        run.current = this.options.submitSql(sql);
        await run.current.done;
        taskRun.state = {
          life_cycle_state: 'TERMINATED',
          result_state: 'SUCCESS',
          state_message: '',
        };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        taskRun.state = {
          life_cycle_state: 'TERMINATED',
          result_state: run.cancelled ? 'CANCELED' : 'FAILED',
          state_message: message,
        };
        notSucceeded.add(task.taskKey);
        if (!run.cancelled) failure ??= { task: task.taskKey, message };
      } finally {
        run.current = undefined;
        taskRun.end_time = this.now();
      }
    }
    if (run.cancelled) {
      this.end(payload, 'CANCELED', 'Run cancelled.');
    } else if (failure) {
      this.end(
        payload,
        'FAILED',
        `Task ${failure.task} failed with message: ${failure.message}`,
      );
    } else {
      this.end(payload, 'SUCCESS', '');
    }
  }

  private end(payload: JobRunPayload, result: ResultState, message: string) {
    payload.end_time = this.now();
    payload.state = {
      life_cycle_state: 'TERMINATED',
      result_state: result,
      state_message: message,
    };
  }
}
