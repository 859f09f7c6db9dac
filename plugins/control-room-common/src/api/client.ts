import { CONTROL_ROOM_PLUGIN_ID } from '../config';
import { HealthResponse } from '../health';
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

type QueryValue = string | number | boolean | undefined;

/** Builds `?a=1&b=2` from the defined values, in a stable order. */
export function toQueryString(query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) {
      params.append(key, String(value));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * Typed client of the Control Room API for frontends and other backends.
 *
 * @public
 */
export class ControlRoomClient implements ControlRoomApiCalls {
  constructor(private readonly options: ControlRoomClientOptions) {}

  getHealth() {
    return this.request<HealthResponse>('GET', '/health');
  }
  listJobs() {
    return this.request<JobsResponse>('GET', '/jobs');
  }
  listJobRuns(query?: JobRunsQuery) {
    return this.request<JobRunsResponse>(
      'GET',
      `/job-runs${toQueryString({ ...query })}`,
    );
  }
  runJob(jobId: string) {
    return this.request<RunJobResponse>(
      'POST',
      `/jobs/${encodeURIComponent(jobId)}/run`,
    );
  }
  getKpis(query?: KpiQuery) {
    return this.request<KpiResponse>(
      'GET',
      `/kpis${toQueryString({ ...query })}`,
    );
  }
  listProjects(query?: ProjectsQuery) {
    return this.request<ProjectsResponse>(
      'GET',
      `/projects${toQueryString({ ...query })}`,
    );
  }
  getProject(projectId: string) {
    return this.request<ProjectDetailResponse>(
      'GET',
      `/projects/${encodeURIComponent(projectId)}`,
    );
  }
  listPrograms() {
    return this.request<ProgramsResponse>('GET', '/programs');
  }
  getForecast(query?: { project?: string }) {
    return this.request<ForecastResponse>(
      'GET',
      `/forecast${toQueryString({ ...query })}`,
    );
  }
  listDqIssues(query?: { severity?: 'error' | 'warn' }) {
    return this.request<DqChecksResponse>(
      'GET',
      `/dq/issues${toQueryString({ ...query })}`,
    );
  }
  listDqMetrics() {
    return this.request<DqChecksResponse>('GET', '/dq/metrics');
  }
  listAdvisorRecommendations(query?: AdvisorRecommendationsQuery) {
    return this.request<AdvisorRecommendationsResponse>(
      'GET',
      `/advisor/recommendations${toQueryString({ ...query })}`,
    );
  }
  getAdvisorSummary() {
    return this.request<AdvisorSummaryResponse>('GET', '/advisor/summary');
  }
  getAlerts() {
    return this.request<AlertsResponse>('GET', '/alerts');
  }
  createNotionAction(request: CreateActionRequest) {
    return this.request<CreateActionResponse>(
      'POST',
      '/notion/actions',
      request,
    );
  }

  private async request<T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl(
      CONTROL_ROOM_PLUGIN_ID,
    );
    const response = await this.options.fetchApi.fetch(`${baseUrl}${path}`, {
      method,
      headers:
        body === undefined ? undefined : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) {
      throw new ControlRoomApiError(
        response.status,
        await errorMessage(response),
      );
    }
    return (await response.json()) as T;
  }
}

async function errorMessage(response: Response): Promise<string> {
  const fallback = `Request failed with ${response.status} ${response.statusText}`;
  try {
    const body = await response.json();
    return typeof body?.error?.message === 'string'
      ? body.error.message
      : fallback;
  } catch {
    return fallback;
  }
}
