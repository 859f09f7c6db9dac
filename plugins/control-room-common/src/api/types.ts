import { HealthResponse } from '../health';

/**
 * Types of the Control Room REST API. They mirror the components of the
 * backend's `src/schema/openapi.yaml`. The backend's typed router checks
 * them against the spec at compile time: every response it sends is one of
 * these types, and the spec's objects allow no undeclared properties.
 *
 * Money is an exact decimal string with two decimals ("1234.50"), as the
 * lakehouse stores DECIMAL(18,2); ratios are numbers. Reads answered from the
 * last good data while the lakehouse is down carry `as_of`.
 */

/** @public */
export type Money = string;

/** @public */
export const KPI_DIMENSIONS = [
  'program',
  'project',
  'category',
  'vendor',
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
export interface Job {
  job_id: string;
  job_name: string;
  schedule: string;
  last_run_status?: 'SUCCESS' | 'FAILED' | 'RUNNING' | 'PENDING';
  last_run_time?: string;
  last_run_duration_seconds?: number;
  next_run_time?: string;
  error_message?: string;
}

/** @public */
export interface JobsResponse extends Staleness {
  data: Job[];
}

/** @public */
export interface JobRun {
  run_id: string;
  job_id: string;
  job_name: string;
  status: string;
  trigger: string;
  started_at: string;
  ended_at?: string;
  duration_seconds?: number;
  rows_written?: number;
  error_message?: string;
}

/** @public */
export type JobRunsResponse = Page<JobRun>;

/** @public */
export interface RunJobResponse {
  job_id: string;
  started: boolean;
}

/** @public */
export interface Kpi {
  metric_name: string;
  dimension: string;
  dimension_value: string;
  period: string;
  value: Money;
  unit: string;
}

/** @public */
export interface KpiResponse extends Staleness {
  data: Kpi[];
  meta: { from: string; to: string; total_records: number };
}

/** @public */
export interface ProjectSummary {
  project_id: string;
  name: string;
  program_id?: string;
  status?: string;
  owner?: string;
  start_date?: string;
  end_date?: string;
  notion_url?: string;
  health?: ProjectHealth;
  budget: Money;
  actual: Money;
  currency?: string;
}

/** @public */
export type ProjectsResponse = Page<ProjectSummary>;

/** @public */
export interface Forecast {
  project_id: string;
  period: string;
  budget_at_completion?: Money;
  actual_cost?: Money;
  earned_value?: Money;
  eac?: Money;
  etc?: Money;
  vac?: Money;
  cpi?: number;
  spi?: number;
  budget_exhausted_on?: string;
  unit?: string;
}

/** @public */
export interface ForecastResponse extends Staleness {
  data: Forecast[];
}

/** @public */
export interface AdvisorRecommendation {
  recommendation_id: string;
  project_id?: string;
  program_id?: string;
  category?: string;
  impact?: string;
  problem?: string;
  solution?: string;
  resource_id?: string;
  monthly_savings?: Money;
  annual_savings?: Money;
  unit?: string;
  action_id?: string;
  has_action: boolean;
}

/** @public */
export type AdvisorRecommendationsResponse = Page<AdvisorRecommendation>;

/** @public */
export interface AdvisorSummaryResponse extends Staleness {
  data: Array<{
    category: string;
    impact: string;
    count: number;
    with_action: number;
    monthly_savings: Money;
    annual_savings: Money;
  }>;
}

/** @public */
export interface ProjectDetailResponse extends Staleness {
  project: ProjectSummary;
  series: Array<{
    period: string;
    budget: Money;
    committed?: Money;
    actual: Money;
  }>;
  forecast?: Forecast;
  health_detail?: {
    health: ProjectHealth;
    reasons: string[];
    cpi?: number;
    spi?: number;
  };
  risks: Array<{
    risk_id: string;
    title: string;
    impact?: string;
    probability?: string;
    status?: string;
    due_date?: string;
  }>;
  actions: Array<{
    action_id: string;
    title: string;
    status?: string;
    assignee?: string;
    due_date?: string;
    source?: string;
    source_id?: string;
    notion_url?: string;
  }>;
  resources: Array<{
    resource_id: string;
    name?: string;
    type?: string;
    location?: string;
  }>;
  recommendations: AdvisorRecommendation[];
}

/** @public */
export interface Program {
  program_id: string;
  name: string;
  status?: string;
  owner?: string;
  project_count: number;
  budget: Money;
  actual: Money;
}

/** @public */
export interface ProgramsResponse extends Staleness {
  data: Program[];
}

/** @public */
export interface DqCheck {
  check_id: string;
  table_name: string;
  check_kind?: string;
  severity?: string;
  status: string;
  failing_rows?: number;
  sample_keys?: string[];
  measured_at?: string;
}

/** @public */
export interface DqChecksResponse extends Staleness {
  data: DqCheck[];
}

/** @public */
export interface CreateActionRequest {
  project_id: string;
  title: string;
  assignee?: string;
  due_date?: string;
  source: ActionSource;
  source_id?: string;
}

/** @public */
export interface CreateActionResponse {
  success: boolean;
  action_id: string;
  notion_url: string;
  /** False when an action for the same source already existed. */
  created: boolean;
}

/** Kind of a Control Room alert. @public */
export type AlertKind = 'jobs' | 'dataQuality' | 'projectHealth' | 'advisor';

/** An open alert: what is failing now and since when. @public */
export interface OpenAlert {
  kind: AlertKind;
  /** Stable id of the condition, e.g. `job-failed:ppm_marts_gold`. */
  key: string;
  title: string;
  description?: string;
  severity: 'critical' | 'high' | 'normal' | 'low';
  /** ISO 8601 start of the condition. */
  since: string;
  /** Portal path of the Control Room or entity tab to open. */
  link: string;
  project_id?: string;
}

/** @public */
export interface AlertsResponse extends Staleness {
  data: OpenAlert[];
}

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
