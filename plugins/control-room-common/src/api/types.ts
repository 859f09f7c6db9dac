import { HealthResponse } from '../health';
import type { components } from './openapi.generated';

/**
 * Types of the Control Room REST API. The bodies are the components of the
 * backend's `src/schema/openapi.yaml`, taken from `openapi.generated.ts`
 * (openapi-typescript; regenerate with `yarn generate:client`), so they
 * cannot drift from the spec. The query types below are the ergonomic form
 * the client takes (numbers and booleans); the client writes them as the
 * spec's strings, and the compiler checks them against the spec there.
 *
 * Money is an exact decimal string with two decimals ("1234.50"), as the
 * lakehouse stores DECIMAL(18,2); ratios are numbers. Reads answered from the
 * last good data while the lakehouse is down carry `as_of`.
 */

type Schemas = components['schemas'];

/** @public */
export type Money = Schemas['Money'];

/** @public */
export const KPI_DIMENSIONS = [
  'program',
  'project',
  'category',
  'vendor',
  'portfolio',
] as const;
/** @public */
export type KpiDimension = (typeof KPI_DIMENSIONS)[number];

/** @public */
export const PROJECT_HEALTHS = ['red', 'amber', 'green'] as const;
/** @public */
export type ProjectHealth = (typeof PROJECT_HEALTHS)[number];

/** @public */
export const PROJECT_SORTS = [
  'name',
  'budget',
  'actual',
  'health',
  'end_date',
] as const;
/** @public */
export type ProjectSort = (typeof PROJECT_SORTS)[number];

/** @public */
export const ADVISOR_CATEGORIES = [
  'Cost',
  'Security',
  'HighAvailability',
  'Performance',
  'OperationalExcellence',
] as const;
/** @public */
export type AdvisorCategory = (typeof ADVISOR_CATEGORIES)[number];

/** @public */
export const ADVISOR_IMPACTS = ['High', 'Medium', 'Low'] as const;
/** @public */
export type AdvisorImpact = (typeof ADVISOR_IMPACTS)[number];

/** @public */
export const ACTION_SOURCES = ['advisor', 'dq', 'manual'] as const;
/** @public */
export type ActionSource = (typeof ACTION_SOURCES)[number];

/** Set when the answer is the last good data of a lakehouse that is down. @public */
export interface Staleness {
  as_of?: string;
}

/** @public */
export interface Page<T> extends Staleness {
  data: T[];
  next_cursor?: string;
}

/** @public */
export type Job = Schemas['Job'];

/** @public */
export type JobsResponse = Schemas['JobsResponse'];

/** @public */
export type JobRun = Schemas['JobRun'];

/** @public */
export type JobRunsResponse = Schemas['JobRunsResponse'];

/** @public */
export type RunJobResponse = Schemas['RunJobResponse'];

/** @public */
export type Kpi = Schemas['Kpi'];

/** @public */
export type KpiResponse = Schemas['KpiResponse'];

/** @public */
export type ProjectSummary = Schemas['ProjectSummary'];

/** @public */
export type ProjectsResponse = Schemas['ProjectsResponse'];

/** @public */
export type ProjectCloudCostsResponse = Schemas['ProjectCloudCostsResponse'];

/** @public */
export type Forecast = Schemas['Forecast'];

/** @public */
export type ForecastResponse = Schemas['ForecastResponse'];

/** @public */
export type AdvisorRecommendation = Schemas['AdvisorRecommendation'];

/** @public */
export type AdvisorRecommendationsResponse =
  Schemas['AdvisorRecommendationsResponse'];

/** @public */
export type AdvisorSummaryResponse = Schemas['AdvisorSummaryResponse'];

/** @public */
export type ProjectDetailResponse = Schemas['ProjectDetailResponse'];

/** @public */
export type Program = Schemas['Program'];

/** @public */
export type ProgramsResponse = Schemas['ProgramsResponse'];

/** @public */
export type DqCheck = Schemas['DqCheck'];

/** @public */
export type DqChecksResponse = Schemas['DqChecksResponse'];

/** @public */
export type CreateActionRequest = Schemas['CreateActionRequest'];

/** @public */
export type CreateActionResponse = Schemas['CreateActionResponse'];

/** Kind of a Control Room alert. @public */
export type AlertKind = OpenAlert['kind'];

/** An open alert: what is failing now and since when. @public */
export type OpenAlert = Schemas['OpenAlert'];

/** @public */
export type AlertsResponse = Schemas['AlertsResponse'];

/** Query of `GET /kpis`. @public */
export interface KpiQuery {
  from?: string;
  to?: string;
  dimension?: KpiDimension;
}

/** Query of `GET /projects`. @public */
export interface ProjectsQuery {
  program?: string;
  status?: string;
  health?: ProjectHealth;
  text?: string;
  sort?: ProjectSort;
  cursor?: string;
  limit?: number;
}

/** Query of `GET /projects/{id}/cloud-costs`. @public */
export interface ProjectCloudCostsQuery {
  from?: string;
  to?: string;
  /** Resources listed, largest spend first (1 to 100, default 10). */
  limit?: number;
}

/** Query of `GET /advisor/recommendations`. @public */
export interface AdvisorRecommendationsQuery {
  category?: AdvisorCategory;
  impact?: AdvisorImpact;
  project?: string;
  has_action?: boolean;
  cursor?: string;
  limit?: number;
}

/** Query of `GET /job-runs`. @public */
export interface JobRunsQuery {
  job?: string;
  cursor?: string;
  limit?: number;
}

/** Every call of the API; `HealthResponse` lives in `health.ts`. @public */
export interface ControlRoomApiCalls {
  getHealth(): Promise<HealthResponse>;
  listJobs(): Promise<JobsResponse>;
  listJobRuns(query?: JobRunsQuery): Promise<JobRunsResponse>;
  runJob(jobId: string): Promise<RunJobResponse>;
  getKpis(query?: KpiQuery): Promise<KpiResponse>;
  listProjects(query?: ProjectsQuery): Promise<ProjectsResponse>;
  getProject(projectId: string): Promise<ProjectDetailResponse>;
  getProjectCloudCosts(
    projectId: string,
    query?: ProjectCloudCostsQuery,
  ): Promise<ProjectCloudCostsResponse>;
  listPrograms(): Promise<ProgramsResponse>;
  getForecast(query?: { project?: string }): Promise<ForecastResponse>;
  listDqIssues(query?: {
    severity?: 'error' | 'warn';
  }): Promise<DqChecksResponse>;
  listDqMetrics(): Promise<DqChecksResponse>;
  listAdvisorRecommendations(
    query?: AdvisorRecommendationsQuery,
  ): Promise<AdvisorRecommendationsResponse>;
  getAdvisorSummary(): Promise<AdvisorSummaryResponse>;
  getAlerts(): Promise<AlertsResponse>;
  createNotionAction(
    request: CreateActionRequest,
  ): Promise<CreateActionResponse>;
}
