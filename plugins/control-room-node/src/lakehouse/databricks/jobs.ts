import { Config } from '@backstage/config';
import { randomUUID } from 'node:crypto';
import {
  ConflictError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { backoffDelayMs, classifyDriverError, redactSecrets } from './errors';
import {
  authSecrets,
  DatabricksAuth,
  DatabricksRetrySettings,
  normalizeDatabricksHost,
  readDatabricksOptions,
  resolveRetrySettings,
} from './options';

/**
 * Engine-neutral run status, the same four the Pipelines tab shows for
 * runs the backend's own scheduler records.
 *
 * @public
 */
export type DatabricksJobRunStatus =
  | 'SUCCESS'
  | 'FAILED'
  | 'RUNNING'
  | 'PENDING';

/**
 * One run of a bundle job, mapped to the neutral run record.
 *
 * @public
 */
export interface DatabricksJobRun {
  /** The job's stable key: its `control_room_job` tag. */
  jobKey: string;
  runId: number;
  status: DatabricksJobRunStatus;
  /** ISO 8601 UTC; null until the run starts. */
  startedAt: string | null;
  /** ISO 8601 UTC; null while the run is not finished. */
  endedAt: string | null;
  /** Wall time from start to end in whole seconds (bronze.job_runs holds an int); null while running. */
  durationSeconds: number | null;
  /** Why the run failed; null unless `status` is FAILED. */
  error: string | null;
}

/** `state` of a run in the Jobs API 2.1. */
export interface DatabricksRunState {
  life_cycle_state?: string;
  result_state?: string;
  state_message?: string;
}

/** The fields of a Jobs API 2.1 run that the mapping reads. */
export interface DatabricksRunPayload {
  run_id: number;
  job_id?: number;
  state?: DatabricksRunState;
  /** Newer status object; read when `state` is absent. */
  status?: {
    state?: string;
    termination_details?: { code?: string; type?: string; message?: string };
  };
  /** Epoch milliseconds; 0 or absent when not started. */
  start_time?: number;
  /** Epoch milliseconds; 0 or absent when not finished. */
  end_time?: number;
}

const PENDING_STATES = new Set([
  'PENDING',
  'QUEUED',
  'BLOCKED',
  'WAITING',
  'WAITING_FOR_RETRY',
]);
const RUNNING_STATES = new Set(['RUNNING', 'TERMINATING']);
// EXCLUDED: the run was skipped by a condition, which is not a failure.
const SUCCESSFUL_RESULTS = new Set(['SUCCESS', 'EXCLUDED']);

function failed(what: string, message?: string) {
  const detail = message?.trim();
  return {
    status: 'FAILED' as const,
    error: detail ? `${what}: ${detail}` : what,
  };
}

/**
 * The neutral status of a run from its `life_cycle_state` and
 * `result_state`. SUCCESS_WITH_FAILURES counts as FAILED so partial
 * failures show up; SKIPPED and INTERNAL_ERROR are failures too.
 *
 * @public
 */
export function mapRunState(state: DatabricksRunState | undefined): {
  status: DatabricksJobRunStatus;
  error: string | null;
} {
  const lifeCycle = state?.life_cycle_state ?? '';
  if (PENDING_STATES.has(lifeCycle)) {
    return { status: 'PENDING', error: null };
  }
  if (RUNNING_STATES.has(lifeCycle)) {
    return { status: 'RUNNING', error: null };
  }
  if (lifeCycle === 'TERMINATED') {
    const result = state?.result_state;
    if (result && SUCCESSFUL_RESULTS.has(result)) {
      return { status: 'SUCCESS', error: null };
    }
    return failed(
      result ?? 'TERMINATED without a result',
      state?.state_message,
    );
  }
  if (lifeCycle === 'SKIPPED' || lifeCycle === 'INTERNAL_ERROR') {
    return failed(lifeCycle, state?.state_message);
  }
  // Absent or new states: treat as not started rather than guess an outcome.
  return { status: 'PENDING', error: null };
}

/** `status` of newer API responses, mapped like `state`. */
function mapRunStatus(status: DatabricksRunPayload['status']) {
  const details = status?.termination_details;
  if (status?.state !== 'TERMINATED') {
    return mapRunState({ life_cycle_state: status?.state });
  }
  return mapRunState({
    life_cycle_state: 'TERMINATED',
    result_state: details?.type === 'SUCCESS' ? 'SUCCESS' : details?.code,
    state_message: details?.message,
  });
}

function isoOrNull(epochMs: number | undefined): string | null {
  return epochMs ? new Date(epochMs).toISOString() : null;
}

/**
 * A Jobs API run as the neutral record.
 *
 * @public
 */
export function toDatabricksJobRun(
  jobKey: string,
  run: DatabricksRunPayload,
): DatabricksJobRun {
  const { status, error } = run.state
    ? mapRunState(run.state)
    : mapRunStatus(run.status);
  const finished = status === 'SUCCESS' || status === 'FAILED';
  const startedAt = isoOrNull(run.start_time);
  const endedAt = finished ? isoOrNull(run.end_time) : null;
  const durationSeconds =
    run.start_time && endedAt && run.end_time
      ? Math.round((run.end_time - run.start_time) / 1000)
      : null;
  return {
    jobKey,
    runId: run.run_id,
    status,
    startedAt,
    endedAt,
    durationSeconds,
    error,
  };
}

/** @public */
export interface DatabricksJobsClientOptions {
  /** Workspace host name or URL. */
  host: string;
  auth: DatabricksAuth;
  retry?: Partial<DatabricksRetrySettings>;
  /**
   * The Unity Catalog catalog this portal reads; jobs tagged with another
   * `catalog` (another deployment's) are ignored.
   */
  catalog?: string;
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** Waits between retries; injectable so tests need not wait. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

interface Page {
  has_more?: boolean;
  next_page_token?: string;
}

interface JobsListPage extends Page {
  jobs?: Array<{
    job_id: number;
    settings?: { name?: string; tags?: Record<string, string> };
  }>;
}

/**
 * The job tag that names a bundle job's stable key (the job id in
 * plugins' pipeline job list). Display names are not stable: the bundle's
 * `dev` target prefixes them with the deploying user.
 *
 * @public
 */
export const JOB_KEY_TAG = 'control_room_job';

interface RunsListPage extends Page {
  runs?: DatabricksRunPayload[];
}

/** Refresh an OAuth token this long before it expires. */
const TOKEN_REFRESH_MARGIN_MS = 60_000;

/** Largest page sizes the endpoints accept. */
const JOBS_PAGE_SIZE = 100;
const RUNS_PAGE_SIZE = 25;

function defaultSleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}

function retryAfterMs(response: Response): number | undefined {
  const seconds = Number(response.headers.get('Retry-After'));
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

/**
 * Reads runs of the bundle's jobs from the Jobs API 2.1, for orchestrator
 * mode `databricks`, where the jobs run in the workspace rather than in the
 * backend's scheduler.
 *
 * @public
 */
export class DatabricksJobsClient {
  private readonly baseUrl: string;
  private readonly host: string;
  private readonly auth: DatabricksAuth;
  private readonly retry: DatabricksRetrySettings;
  private readonly fetchFn: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly secrets: string[];
  private readonly catalog?: string;
  private oauthToken?: Promise<{ value: string; expiresAt: number }>;

  static fromConfig(
    config: Config,
    overrides: Omit<DatabricksJobsClientOptions, 'host' | 'auth'> = {},
  ): DatabricksJobsClient {
    const { host, auth, retry, catalog } = readDatabricksOptions(config);
    return new DatabricksJobsClient({
      host,
      auth,
      retry,
      catalog,
      ...overrides,
    });
  }

  constructor(options: DatabricksJobsClientOptions) {
    this.host = normalizeDatabricksHost(options.host);
    this.baseUrl = `https://${this.host}`;
    this.auth = options.auth;
    this.retry = resolveRetrySettings(options.retry);
    this.fetchFn = options.fetch ?? fetch;
    this.sleep = options.sleep ?? defaultSleep;
    this.now = options.now ?? Date.now;
    this.secrets = authSecrets(options.auth);
    this.catalog = options.catalog;
  }

  /**
   * Runs of the jobs with the given keys started at or after `since`,
   * newest first. A key that tags no job yields no runs; a key on several
   * jobs yields the runs of each.
   */
  async listJobRuns(
    jobKeys: string[],
    options: { since: Date },
  ): Promise<DatabricksJobRun[]> {
    const jobIds = await this.findJobIdsByKey();
    const perJob = await Promise.all(
      jobKeys.map(async jobKey => {
        const runs = await Promise.all(
          (jobIds.get(jobKey) ?? []).map(jobId =>
            this.listRuns(jobId, options.since),
          ),
        );
        return runs.flat().map(run => toDatabricksJobRun(jobKey, run));
      }),
    );
    return perJob
      .flat()
      .sort((a, b) => (b.startedAt ?? '').localeCompare(a.startedAt ?? ''));
  }

  /** Ids of the jobs tagged with key `jobKey`. */
  async findJobIds(jobKey: string): Promise<number[]> {
    return (await this.findJobIdsByKey()).get(jobKey) ?? [];
  }

  /**
   * Every job carrying a {@link JOB_KEY_TAG} tag (and this portal's catalog
   * where the job names one), as key -> job ids.
   */
  async findJobIdsByKey(): Promise<Map<string, number[]>> {
    const jobs = await this.collectPages<
      JobsListPage,
      { key: string; id: number }
    >('/api/2.1/jobs/list', { limit: String(JOBS_PAGE_SIZE) }, page =>
      (page.jobs ?? []).flatMap(job => {
        const tags = job.settings?.tags ?? {};
        const key = tags[JOB_KEY_TAG];
        const otherCatalog =
          this.catalog !== undefined &&
          tags.catalog !== undefined &&
          tags.catalog !== this.catalog;
        return key && !otherCatalog ? [{ key, id: job.job_id }] : [];
      }),
    );
    const byKey = new Map<string, number[]>();
    for (const { key, id } of jobs) {
      const ids = byKey.get(key) ?? [];
      if (!ids.includes(id)) ids.push(id);
      byKey.set(key, ids);
    }
    return byKey;
  }

  /**
   * Starts the job tagged `jobKey` now and returns the run's id. The
   * request carries an idempotency token, so a retried request never
   * starts a second run.
   */
  async runNow(jobKey: string): Promise<{ runId: number }> {
    const jobIds = await this.findJobIds(jobKey);
    if (jobIds.length === 0) {
      throw new NotFoundError(
        `No Databricks job is tagged ${JOB_KEY_TAG}: ${jobKey}${
          this.catalog ? ` for catalog ${this.catalog}` : ''
        }; deploy the bundle in databricks/`,
      );
    }
    if (jobIds.length > 1) {
      throw new ConflictError(
        `Several Databricks jobs are tagged ${JOB_KEY_TAG}: ${jobKey} (job ids ${jobIds.join(
          ', ',
        )}); tag one job per key and catalog`,
      );
    }
    const run = await this.postJson<{ run_id: number }>(
      '/api/2.1/jobs/run-now',
      { job_id: jobIds[0], idempotency_token: randomUUID() },
    );
    return { runId: run.run_id };
  }

  /** Runs of one job started at or after `since`. */
  async listRuns(jobId: number, since: Date): Promise<DatabricksRunPayload[]> {
    return this.collectPages<RunsListPage, DatabricksRunPayload>(
      '/api/2.1/jobs/runs/list',
      {
        job_id: String(jobId),
        start_time_from: String(since.getTime()),
        limit: String(RUNS_PAGE_SIZE),
      },
      page => page.runs ?? [],
    );
  }

  private async collectPages<P extends Page, T>(
    path: string,
    query: Record<string, string>,
    itemsOf: (page: P) => T[],
  ): Promise<T[]> {
    const items: T[] = [];
    const seenTokens = new Set<string>();
    let pageToken: string | undefined;
    for (;;) {
      const page = await this.getJson<P>(path, {
        ...query,
        ...(pageToken ? { page_token: pageToken } : {}),
      });
      items.push(...itemsOf(page));
      const next = page.next_page_token;
      // A repeated token would loop forever; stop on it.
      if (!page.has_more || !next || seenTokens.has(next)) {
        return items;
      }
      seenTokens.add(next);
      pageToken = next;
    }
  }

  private async getJson<T>(
    path: string,
    query: Record<string, string>,
  ): Promise<T> {
    const url = `${this.baseUrl}${path}?${new URLSearchParams(query)}`;
    const token = await this.accessToken();
    const response = await this.send(path, () =>
      this.fetchFn(url, {
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json',
        },
      }),
    );
    return (await response.json()) as T;
  }

  /** Sends a request, retrying 429/503 and network failures with backoff. */
  private async postJson<T>(path: string, body: object): Promise<T> {
    const token = await this.accessToken();
    const response = await this.send(path, () =>
      this.fetchFn(`${this.baseUrl}${path}`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json',
          'Content-Type': 'application/json',
        },
        body: JSON.stringify(body),
      }),
    );
    return (await response.json()) as T;
  }

  private async send(
    what: string,
    request: () => Promise<Response>,
  ): Promise<Response> {
    const startedAt = this.now();
    for (let attempt = 1; ; attempt++) {
      let response: Response | undefined;
      let failure: unknown;
      try {
        response = await request();
      } catch (error) {
        failure = error;
      }
      const transient = response
        ? response.status === 429 || response.status === 503
        : classifyDriverError(failure).transient !== undefined;
      if (response?.ok) {
        return response;
      }
      const delay =
        (response && retryAfterMs(response)) ??
        backoffDelayMs(attempt, this.retry);
      const withinBudget =
        attempt < this.retry.maxAttempts &&
        this.now() - startedAt + delay <= this.retry.timeoutMs;
      if (transient && withinBudget) {
        await this.sleep(delay);
        continue;
      }
      throw response
        ? await this.httpError(what, response)
        : this.unreachable(failure);
    }
  }

  private redact(text: string): string {
    return redactSecrets(text, this.secrets);
  }

  private unreachable(error: unknown): Error {
    const { reason } = classifyDriverError(error);
    return new ServiceUnavailableError(
      `Databricks workspace at ${this.host} is unreachable: ${this.redact(
        reason,
      )}`,
    );
  }

  private async httpError(what: string, response: Response): Promise<Error> {
    const body = await response.text().catch(() => '');
    let detail = '';
    try {
      const parsed = JSON.parse(body) as {
        error_code?: string;
        message?: string;
        error_description?: string;
      };
      detail = [parsed.error_code, parsed.message ?? parsed.error_description]
        .filter(Boolean)
        .join(': ');
    } catch {
      detail = '';
    }
    const message = this.redact(
      `Databricks ${what} at ${this.host} failed: HTTP ${response.status}${
        detail ? ` ${detail}` : ''
      }`,
    );
    return response.status === 429 || response.status >= 500
      ? new ServiceUnavailableError(message)
      : new Error(message);
  }

  private async accessToken(): Promise<string> {
    if ('token' in this.auth) {
      return this.auth.token;
    }
    const cached = this.oauthToken;
    if (cached) {
      const token = await cached.catch(() => undefined);
      if (token && token.expiresAt - TOKEN_REFRESH_MARGIN_MS > this.now()) {
        return token.value;
      }
    }
    const fresh = this.requestOAuthToken(this.auth);
    this.oauthToken = fresh;
    fresh.catch(() => {
      if (this.oauthToken === fresh) this.oauthToken = undefined;
    });
    return (await fresh).value;
  }

  /** OAuth machine-to-machine: client credentials for scope `all-apis`. */
  private async requestOAuthToken(auth: {
    clientId: string;
    clientSecret: string;
  }): Promise<{ value: string; expiresAt: number }> {
    const basic = Buffer.from(`${auth.clientId}:${auth.clientSecret}`).toString(
      'base64',
    );
    const response = await this.send('OAuth token request', () =>
      this.fetchFn(`${this.baseUrl}/oidc/v1/token`, {
        method: 'POST',
        headers: {
          Authorization: `Basic ${basic}`,
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
        },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          scope: 'all-apis',
        }).toString(),
      }),
    );
    const token = (await response.json()) as {
      access_token?: string;
      expires_in?: number;
    };
    if (!token.access_token) {
      throw new Error(
        `Databricks OAuth token request at ${this.host} returned no access_token`,
      );
    }
    return {
      value: token.access_token,
      expiresAt: this.now() + (token.expires_in ?? 3600) * 1000,
    };
  }
}
