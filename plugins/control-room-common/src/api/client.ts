import createClient from 'openapi-fetch';
import { CONTROL_ROOM_PLUGIN_ID } from '../config';
import { HealthResponse } from '../health';
import type { paths } from './openapi.generated';
import {
  AdvisorRecommendationsQuery,
  AdvisorRecommendationsResponse,
  AdvisorSummaryResponse,
  AlertsResponse,
  ControlRoomApiCalls,
  CreateActionRequest,
  CreateActionResponse,
  DqChecksResponse,
  ForecastResponse,
  JobRunsQuery,
  JobRunsResponse,
  JobsResponse,
  KpiQuery,
  KpiResponse,
  ProgramsResponse,
  ProjectCloudCostsQuery,
  ProjectCloudCostsResponse,
  ProjectDetailResponse,
  ProjectsQuery,
  ProjectsResponse,
  RunJobResponse,
} from './types';

/**
 * A non-2xx answer; `message` is the server's error message.
 *
 * @public
 */
export class ControlRoomApiError extends Error {
  name = 'ControlRoomApiError';
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** What the client needs from Backstage's discovery and fetch APIs. @public */
export interface ControlRoomClientOptions {
  discoveryApi: { getBaseUrl(pluginId: string): Promise<string> };
  fetchApi: { fetch: typeof fetch };
}

/** A query value as the spec declares it: numbers and booleans as strings. */
type OnTheWire<T> = T extends number | boolean ? `${T}` : T;
type WireQuery<Q> = { [K in keyof Q]: OnTheWire<Q[K]> };

/** The query with numbers and booleans written as the spec's strings. */
function wireQuery<Q extends object>(query?: Q): WireQuery<Q> | undefined {
  if (!query) {
    return undefined;
  }
  const wire: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query)) {
    wire[key] =
      typeof value === 'number' || typeof value === 'boolean'
        ? String(value)
        : value;
  }
  return wire as WireQuery<Q>;
}

/** What an openapi-fetch call resolves to, reduced to what `unwrap` reads. */
interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * Typed client of the Control Room API for frontends and other backends.
 * Paths, parameters, bodies and responses are typed by `paths`, which
 * `yarn generate:client` generates from the backend's `openapi.yaml` with
 * openapi-typescript; openapi-fetch makes the calls.
 *
 * @public
 */
export class ControlRoomClient implements ControlRoomApiCalls {
  private readonly client = createClient<paths>({
    // Backstage's fetch API adds the user's token by building a new Request
    // from the one it is given, which fails once a body has been read; so it
    // gets the URL and a plain init instead. Keep its `this`.
    fetch: async request => {
      const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
      return this.options.fetchApi.fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: hasBody ? await request.text() : undefined,
      });
    },
  });

  constructor(private readonly options: ControlRoomClientOptions) {}

  async getHealth(): Promise<HealthResponse> {
    return unwrap(
      await this.client.request('get', '/health', {
        baseUrl: await this.baseUrl(),
      }),
    );
  }
  async listJobs(): Promise<JobsResponse> {
    return unwrap(
      await this.client.request('get', '/jobs', {
        baseUrl: await this.baseUrl(),
      }),
    );
  }
  async listJobRuns(query?: JobRunsQuery): Promise<JobRunsResponse> {
    return unwrap(
      await this.client.request('get', '/job-runs', {
        baseUrl: await this.baseUrl(),
        params: { query: wireQuery(query) },
      }),
    );
  }
  async runJob(jobId: string): Promise<RunJobResponse> {
    return unwrap(
      await this.client.request('post', '/jobs/{id}/run', {
        baseUrl: await this.baseUrl(),
        params: { path: { id: jobId } },
      }),
    );
  }
  async getKpis(query?: KpiQuery): Promise<KpiResponse> {
    return unwrap(
      await this.client.request('get', '/kpis', {
        baseUrl: await this.baseUrl(),
        params: { query: wireQuery(query) },
      }),
    );
  }
  async listProjects(query?: ProjectsQuery): Promise<ProjectsResponse> {
    return unwrap(
      await this.client.request('get', '/projects', {
        baseUrl: await this.baseUrl(),
        params: { query: wireQuery(query) },
      }),
    );
  }
  async getProject(projectId: string): Promise<ProjectDetailResponse> {
    return unwrap(
      await this.client.request('get', '/projects/{id}', {
        baseUrl: await this.baseUrl(),
        params: { path: { id: projectId } },
      }),
    );
  }
  async getProjectCloudCosts(
    projectId: string,
    query?: ProjectCloudCostsQuery,
  ): Promise<ProjectCloudCostsResponse> {
    return unwrap(
      await this.client.request('get', '/projects/{id}/cloud-costs', {
        baseUrl: await this.baseUrl(),
        params: { path: { id: projectId }, query: wireQuery(query) },
      }),
    );
  }
  async listPrograms(): Promise<ProgramsResponse> {
    return unwrap(
      await this.client.request('get', '/programs', {
        baseUrl: await this.baseUrl(),
      }),
    );
  }
  async getForecast(query?: { project?: string }): Promise<ForecastResponse> {
    return unwrap(
      await this.client.request('get', '/forecast', {
        baseUrl: await this.baseUrl(),
        params: { query },
      }),
    );
  }
  async listDqIssues(query?: {
    severity?: 'error' | 'warn';
  }): Promise<DqChecksResponse> {
    return unwrap(
      await this.client.request('get', '/dq/issues', {
        baseUrl: await this.baseUrl(),
        params: { query },
      }),
    );
  }
  async listDqMetrics(): Promise<DqChecksResponse> {
    return unwrap(
      await this.client.request('get', '/dq/metrics', {
        baseUrl: await this.baseUrl(),
      }),
    );
  }
  async listAdvisorRecommendations(
    query?: AdvisorRecommendationsQuery,
  ): Promise<AdvisorRecommendationsResponse> {
    return unwrap(
      await this.client.request('get', '/advisor/recommendations', {
        baseUrl: await this.baseUrl(),
        params: { query: wireQuery(query) },
      }),
    );
  }
  async getAdvisorSummary(): Promise<AdvisorSummaryResponse> {
    return unwrap(
      await this.client.request('get', '/advisor/summary', {
        baseUrl: await this.baseUrl(),
      }),
    );
  }
  async getAlerts(): Promise<AlertsResponse> {
    return unwrap(
      await this.client.request('get', '/alerts', {
        baseUrl: await this.baseUrl(),
      }),
    );
  }
  async createNotionAction(
    request: CreateActionRequest,
  ): Promise<CreateActionResponse> {
    return unwrap(
      await this.client.request('post', '/notion/actions', {
        baseUrl: await this.baseUrl(),
        body: request,
      }),
    );
  }

  /** Resolved per call, as the discovery API may move the backend. */
  private baseUrl(): Promise<string> {
    return this.options.discoveryApi.getBaseUrl(CONTROL_ROOM_PLUGIN_ID);
  }
}

/** The body of a 2xx answer, or a `ControlRoomApiError` with the server's message. */
function unwrap<T>({ data, error, response }: FetchResult<T>): T {
  if (!response.ok) {
    throw new ControlRoomApiError(
      response.status,
      errorMessage(response, error),
    );
  }
  return data as T;
}

function errorMessage(response: Response, body: unknown): string {
  const message = (body as { error?: { message?: unknown } } | undefined)?.error
    ?.message;
  return typeof message === 'string'
    ? message
    : `Request failed with ${response.status} ${response.statusText}`;
}
