import {
  AdvisorRecommendation,
  AdvisorSummaryResponse,
  DqCheck,
  Forecast,
  Job,
  JobRun,
  Kpi,
  KpiDimension,
  ProjectDetailResponse,
  ProjectHealth,
  ProjectSort,
  ProjectSummary,
  Program,
} from '@finance-ppm/plugin-control-room-common';
import {
  Lakehouse,
  lakehouseTables,
  qualifiedTableName,
  SqlParams,
  SqlRow,
  SqlValue,
} from '@finance-ppm/plugin-control-room-node';
import { PipelineJob } from '../pipeline/jobs';

/**
 * A row as JSON: nulls dropped (optional fields are absent rather than null)
 * and BIGINT counts as numbers. DECIMAL strings pass through unchanged.
 */
export function toJsonRow<T>(row: SqlRow): T {
  const out: Record<string, unknown> = {};
  // for...in, not Object.entries: no pair arrays per cell on large reads.
  for (const key in row) {
    if (Object.prototype.hasOwnProperty.call(row, key)) {
      const value = row[key];
      if (value !== null) {
        out[key] = typeof value === 'bigint' ? Number(value) : value;
      }
    }
  }
  return out as T;
}

/** Escapes LIKE wildcards so user text only ever matches itself. */
export function likeContains(text: string): string {
  return `%${text.toLowerCase().replace(/[!%_]/g, c => `!${c}`)}%`;
}

async function rows<T>(
  lakehouse: Lakehouse,
  sql: string,
  params?: SqlParams,
): Promise<T[]> {
  return (await lakehouse.query(sql, params)).map(row => toJsonRow<T>(row));
}

const ZERO = 'CAST(0 AS DECIMAL(18,2))';

/**
 * The most rows a list without paging returns. Callers ask for one more to
 * learn that a list is over the bound.
 */
export const MAX_LIST_ROWS = 10_000;

/** Project ids a caller may read; undefined means every project. */
export type ReadableProjects = readonly string[] | undefined;

/**
 * A condition limiting `column` to the readable projects, each id bound as
 * its own parameter (`:readable_0`, …) so it works on both engines.
 */
export function readableCondition(
  column: string,
  readable: ReadableProjects,
  params: Record<string, SqlValue>,
): string {
  if (readable === undefined) {
    return 'TRUE';
  }
  if (readable.length === 0) {
    return 'FALSE';
  }
  const names = readable.map((id, index) => {
    params[`readable_${index}`] = id;
    return `:readable_${index}`;
  });
  return `${column} IN (${names.join(', ')})`;
}

/**
 * The reporting currency gold was last built in (one row, possibly null).
 * Amounts of a member without gold rows (zeros) are stated in it.
 */
const REPORTING = `reporting AS (
    SELECT max(reporting_currency) AS currency FROM bronze.fx_rates
  )`;

/** The currency of the money metrics among the grouped gold rows. */
const MONEY_UNIT = `max(CASE WHEN metric_name IN ('budget', 'committed', 'actual') THEN unit END)`;

export async function listJobs(
  lakehouse: Lakehouse,
  jobs: readonly PipelineJob[],
): Promise<Job[]> {
  const status = await rows<Job & { last_run_id?: string }>(
    lakehouse,
    `SELECT job_id, last_run_id, last_run_status, last_run_time,
            last_run_duration_seconds, next_run_time, error_message
       FROM gold.control_room_status`,
  );
  // Runs newer than the last status refresh still show up.
  const latestRuns = await rows<{
    job_id: string;
    status: Job['last_run_status'];
    started_at: string;
    duration_seconds?: number;
    error_message?: string;
  }>(
    lakehouse,
    `SELECT job_id, status, started_at, duration_seconds, error_message
       FROM (SELECT r.*, row_number() OVER (PARTITION BY job_id ORDER BY started_at DESC, run_id DESC) AS rn
               FROM bronze.job_runs AS r) AS ranked
      WHERE rn = 1`,
  );
  return jobs.map(job => {
    const fromStatus = status.find(row => row.job_id === job.id);
    const latest = latestRuns.find(row => row.job_id === job.id);
    const base: Job = {
      job_id: job.id,
      job_name: job.name,
      schedule: job.cron,
    };
    if (fromStatus?.next_run_time) {
      base.next_run_time = fromStatus.next_run_time;
    }
    const useRun =
      latest &&
      (!fromStatus?.last_run_time ||
        latest.started_at > fromStatus.last_run_time);
    if (useRun) {
      return {
        ...base,
        last_run_status: latest.status,
        last_run_time: latest.started_at,
        ...(latest.duration_seconds !== undefined && {
          last_run_duration_seconds: latest.duration_seconds,
        }),
        ...(latest.error_message && { error_message: latest.error_message }),
      };
    }
    if (fromStatus) {
      const { last_run_id: _runId, job_id: _jobId, ...rest } = fromStatus;
      return { ...base, ...rest };
    }
    return base;
  });
}

export async function listJobRuns(
  lakehouse: Lakehouse,
  filter: { job?: string; offset: number; limit: number },
): Promise<JobRun[]> {
  return rows<JobRun>(
    lakehouse,
    `SELECT run_id, job_id, job_name, status, trigger, started_at, ended_at,
            duration_seconds, rows_written, error_message
       FROM bronze.job_runs
      WHERE (:job IS NULL OR job_id = :job)
      ORDER BY started_at DESC, run_id DESC
      LIMIT :limit OFFSET :offset`,
    {
      job: filter.job ?? null,
      limit: filter.limit + 1,
      offset: filter.offset,
    },
  );
}

/** `dimension_value` of the portfolio rows: every program summed. */
export const PORTFOLIO_MEMBER = 'All programs';

/**
 * The KPI rows of every gold dimension in the period, as the CTE
 * `kpi_rows`. Every project readable: the gold rows. Some: their own rows,
 * and program, category and vendor totals summed over them (the last two
 * from the line totals, as the gold model sums them over every project).
 */
function kpiRowsCte(
  readable: ReadableProjects,
  params: Record<string, SqlValue>,
): string {
  if (readable === undefined) {
    return `kpi_rows AS (
       SELECT metric_name, dimension, dimension_value, period, value, unit
         FROM gold.ppm_budget_vs_actual
        WHERE period BETWEEN CAST(:from AS DATE) AND CAST(:to AS DATE)
     )`;
  }
  const condition = readableCondition('project_id', readable, params);
  return `readable AS (
       SELECT project_id, coalesce(program_id, 'unassigned') AS program_id
         FROM silver.notion_projects
        WHERE ${condition}
     ), project_rows AS (
       SELECT k.metric_name, k.dimension_value, k.period, k.value, k.unit, r.program_id
         FROM gold.ppm_budget_vs_actual AS k
         JOIN readable AS r ON r.project_id = k.dimension_value
        WHERE k.dimension = 'project'
          AND k.period BETWEEN CAST(:from AS DATE) AND CAST(:to AS DATE)
          AND k.value IS NOT NULL
     ), program_sums AS (
       SELECT program_id, period, metric_name, sum(value) AS value, max(unit) AS unit
         FROM project_rows
        WHERE metric_name IN ('budget', 'committed', 'actual', 'variance', 'unconverted_lines')
        GROUP BY program_id, period, metric_name
     ), program_pct AS (
       SELECT b.program_id, b.period, 'variance_pct' AS metric_name,
              CASE WHEN b.value <> 0 THEN round(v.value * 100 / b.value, 2) END AS value,
              '%' AS unit
         FROM program_sums AS b
         JOIN program_sums AS v
           ON v.program_id = b.program_id AND v.period = b.period AND v.metric_name = 'variance'
        WHERE b.metric_name = 'budget'
     ), member_sums AS (
       SELECT CASE WHEN grouping(t.category) = 0 THEN 'category' ELSE 'vendor' END AS dimension,
              coalesce(t.category, t.vendor) AS dimension_value,
              t.period,
              sum(t.budget) AS budget, sum(t.committed) AS committed, sum(t.actual) AS actual,
              sum(t.converted_lines) AS converted_lines,
              sum(t.lines) - sum(t.converted_lines) AS unconverted_lines
         FROM gold.ppm_budget_line_totals AS t
         JOIN readable AS r ON r.project_id = t.project_id
        WHERE t.period BETWEEN CAST(:from AS DATE) AND CAST(:to AS DATE)
        GROUP BY GROUPING SETS ((t.category, t.period), (t.vendor, t.period))
     ), member_rows AS (
       SELECT m.metric_name, s.dimension, s.dimension_value, s.period,
              CASE m.metric_name
                WHEN 'budget' THEN s.budget
                WHEN 'committed' THEN s.committed
                WHEN 'actual' THEN s.actual
                WHEN 'variance' THEN s.budget - s.actual
                WHEN 'variance_pct' THEN
                  CASE WHEN s.budget <> 0 THEN round((s.budget - s.actual) * 100 / s.budget, 2) END
                ELSE s.unconverted_lines
              END AS value,
              CASE m.metric_name
                WHEN 'variance_pct' THEN '%'
                WHEN 'unconverted_lines' THEN 'lines'
                ELSE (SELECT max(reporting_currency) FROM bronze.fx_rates)
              END AS unit
         FROM member_sums AS s
         CROSS JOIN (VALUES ('budget'), ('committed'), ('actual'), ('variance'),
                            ('variance_pct'), ('unconverted_lines')) AS m(metric_name)
        WHERE (m.metric_name = 'unconverted_lines' AND s.unconverted_lines > 0)
           OR (m.metric_name <> 'unconverted_lines' AND s.converted_lines > 0)
     ), kpi_rows AS (
       SELECT metric_name, 'project' AS dimension, dimension_value, period, value, unit FROM project_rows
       UNION ALL
       SELECT metric_name, 'program' AS dimension, program_id, period, value, unit FROM program_sums
       UNION ALL
       SELECT metric_name, 'program' AS dimension, program_id, period, value, unit FROM program_pct
       UNION ALL
       SELECT metric_name, dimension, dimension_value, period, value, unit FROM member_rows
     )`;
}

/**
 * The portfolio: the program rows summed per metric, month and unit (never
 * two currencies into one figure), and its variance_pct from those sums as
 * the gold model computes a member's (variance * 100 / budget, none when
 * the budget is 0). Summed at read time: about 600 program rows a year.
 */
const PORTFOLIO_ROWS = `portfolio_sums AS (
       SELECT metric_name, period, unit, sum(value) AS value
         FROM kpi_rows
        WHERE dimension = 'program'
          AND metric_name <> 'variance_pct'
          AND value IS NOT NULL
        GROUP BY metric_name, period, unit
     ), selected_rows AS (
       SELECT metric_name, 'portfolio' AS dimension, :portfolio AS dimension_value,
              period, value, unit
         FROM portfolio_sums
       UNION ALL
       SELECT 'variance_pct', 'portfolio', :portfolio, b.period,
              CASE WHEN b.value <> 0 THEN round(v.value * 100 / b.value, 2) END,
              '%'
         FROM portfolio_sums AS b
         JOIN portfolio_sums AS v
           ON v.period = b.period AND v.unit = b.unit AND v.metric_name = 'variance'
        WHERE b.metric_name = 'budget'
     )`;

/** The gold dimensions' rows, one dimension or (none given) all four. */
const DIMENSION_ROWS = `selected_rows AS (
       SELECT * FROM kpi_rows
        WHERE (:dimension IS NULL OR dimension = :dimension)
     )`;

/**
 * KPI rows of the period. `portfolio` is only answered when asked for: it
 * restates the program rows, so an answer of every dimension leaves it out.
 */
export async function getKpis(
  lakehouse: Lakehouse,
  filter: {
    from: string;
    to: string;
    dimension?: KpiDimension;
    readable?: ReadableProjects;
    /** Rows to return at most; default MAX_LIST_ROWS + 1. */
    maxRows?: number;
  },
): Promise<Kpi[]> {
  const portfolio = filter.dimension === 'portfolio';
  const params: Record<string, SqlValue> = {
    from: filter.from,
    to: filter.to,
    max_rows: filter.maxRows ?? MAX_LIST_ROWS + 1,
    ...(portfolio
      ? { portfolio: PORTFOLIO_MEMBER }
      : { dimension: filter.dimension ?? null }),
  };
  const kpiRows = kpiRowsCte(filter.readable, params);
  return rows<Kpi>(
    lakehouse,
    `WITH ${kpiRows}, ${portfolio ? PORTFOLIO_ROWS : DIMENSION_ROWS}
     SELECT metric_name, dimension, dimension_value, period,
            CAST(value AS DECIMAL(18,2)) AS value, unit
       FROM selected_rows
      WHERE value IS NOT NULL
      ORDER BY period, dimension, dimension_value, metric_name
      LIMIT :max_rows`,
    params,
  );
}

const PROJECT_ORDER: Record<ProjectSort, string> = {
  name: 'lower(p.name), p.project_id',
  budget: 'budget DESC, p.project_id',
  actual: 'actual DESC, p.project_id',
  // red first: the projects that need attention lead the list.
  health:
    "CASE h.health WHEN 'red' THEN 0 WHEN 'amber' THEN 1 WHEN 'green' THEN 2 ELSE 3 END, lower(p.name), p.project_id",
  end_date: 'p.end_date NULLS LAST, p.project_id',
};

// Budget and actual are gold totals in the reporting currency; the
// project's own currency is not an amount's unit, so it is not returned.
// gold.ppm_project_totals holds them per project, so a page is a join of
// three per-project tables, not a sum over every month's rows.
const PROJECT_SELECT = `
  WITH ${REPORTING}
  SELECT p.project_id, p.name, p.program_id, p.status, p.owner, p.start_date,
         p.end_date, p.notion_url, h.health,
         coalesce(t.budget, ${ZERO}) AS budget,
         coalesce(t.actual, ${ZERO}) AS actual,
         t.cloud_actual, t.cloud_actual_unit,
         coalesce(t.unit, r.currency) AS unit
    FROM silver.notion_projects AS p
    CROSS JOIN reporting AS r
    LEFT JOIN gold.ppm_project_health AS h ON h.project_id = p.project_id
    LEFT JOIN gold.ppm_project_totals AS t ON t.project_id = p.project_id
   WHERE NOT coalesce(p.is_archived, false)`;

export async function listProjects(
  lakehouse: Lakehouse,
  filter: {
    program?: string;
    status?: string;
    health?: ProjectHealth;
    text?: string;
    sort: ProjectSort;
    offset: number;
    limit: number;
    readable?: ReadableProjects;
  },
): Promise<ProjectSummary[]> {
  const params: Record<string, SqlValue> = {
    program: filter.program ?? null,
    status: filter.status ?? null,
    health: filter.health ?? null,
    text: filter.text === undefined ? null : likeContains(filter.text),
    limit: filter.limit + 1,
    offset: filter.offset,
  };
  const readable = readableCondition('p.project_id', filter.readable, params);
  return rows<ProjectSummary>(
    lakehouse,
    `${PROJECT_SELECT}
       AND ${readable}
       AND (:program IS NULL OR p.program_id = :program)
       AND (:status IS NULL OR p.status = :status)
       AND (:health IS NULL OR h.health = :health)
       AND (:text IS NULL OR lower(p.name) LIKE :text ESCAPE '!')
     ORDER BY ${PROJECT_ORDER[filter.sort]}
     LIMIT :limit OFFSET :offset`,
    params,
  );
}

const FORECAST_COLUMNS = `f.project_id, f.period, f.budget_at_completion, f.actual_cost,
  f.earned_value, f.eac, f.etc, f.vac, f.cpi, f.spi, f.budget_exhausted_on, f.unit`;

/** The latest forecast row of each project (or of one). */
export async function getForecast(
  lakehouse: Lakehouse,
  filter: { project?: string; readable?: ReadableProjects; maxRows?: number },
): Promise<Forecast[]> {
  const params: Record<string, SqlValue> = {
    project: filter.project ?? null,
    max_rows: filter.maxRows ?? MAX_LIST_ROWS + 1,
  };
  const readable = readableCondition('project_id', filter.readable, params);
  return rows<Forecast>(
    lakehouse,
    `SELECT ${FORECAST_COLUMNS}
       FROM gold.ppm_forecast AS f
       JOIN (SELECT project_id, max(period) AS period
               FROM gold.ppm_forecast
              WHERE (:project IS NULL OR project_id = :project)
                AND ${readable}
              GROUP BY project_id) AS latest
         ON latest.project_id = f.project_id AND latest.period = f.period
      ORDER BY f.project_id
      LIMIT :max_rows`,
    params,
  );
}

// Names and links come along, so no client shows a raw project or action id.
const RECOMMENDATION_COLUMNS = `g.recommendation_id, g.project_id, p.name AS project_name,
  g.program_id, g.category, g.impact, g.problem, g.solution, g.resource_id,
  g.monthly_savings, g.annual_savings, g.unit, g.action_id,
  a.title AS action_title, a.notion_url AS action_url,
  coalesce(g.has_action, false) AS has_action`;

const RECOMMENDATION_FROM = `gold.azure_advisor_recs AS g
  LEFT JOIN silver.notion_projects AS p ON p.project_id = g.project_id
  LEFT JOIN silver.notion_actions AS a ON a.action_id = g.action_id`;

export async function listAdvisorRecommendations(
  lakehouse: Lakehouse,
  filter: {
    category?: string;
    impact?: string;
    project?: string;
    hasAction?: boolean;
    offset: number;
    limit: number;
    readable?: ReadableProjects;
  },
): Promise<AdvisorRecommendation[]> {
  const params: Record<string, SqlValue> = {
    category: filter.category ?? null,
    impact: filter.impact ?? null,
    project: filter.project ?? null,
    has_action: filter.hasAction ?? null,
    limit: filter.limit + 1,
    offset: filter.offset,
  };
  const readable = readableCondition('g.project_id', filter.readable, params);
  return rows<AdvisorRecommendation>(
    lakehouse,
    `SELECT ${RECOMMENDATION_COLUMNS}
       FROM ${RECOMMENDATION_FROM}
      WHERE ${readable}
        AND (:category IS NULL OR g.category = :category)
        AND (:impact IS NULL OR g.impact = :impact)
        AND (:project IS NULL OR g.project_id = :project)
        AND (:has_action IS NULL OR coalesce(g.has_action, false) = :has_action)
      ORDER BY g.annual_savings DESC NULLS LAST, g.recommendation_id
      LIMIT :limit OFFSET :offset`,
    params,
  );
}

export async function getAdvisorSummary(
  lakehouse: Lakehouse,
  readable?: ReadableProjects,
): Promise<AdvisorSummaryResponse['data']> {
  const params: Record<string, SqlValue> = {};
  const condition = readableCondition('project_id', readable, params);
  return rows(
    lakehouse,
    `SELECT coalesce(category, 'unknown') AS category,
            coalesce(impact, 'unknown') AS impact,
            count(*) AS count,
            sum(CASE WHEN has_action THEN 1 ELSE 0 END) AS with_action,
            CAST(coalesce(sum(monthly_savings), 0) AS DECIMAL(18,2)) AS monthly_savings,
            CAST(coalesce(sum(annual_savings), 0) AS DECIMAL(18,2)) AS annual_savings,
            max(unit) AS unit
       FROM gold.azure_advisor_recs
      WHERE ${condition}
      GROUP BY coalesce(category, 'unknown'), coalesce(impact, 'unknown')
      ORDER BY category, impact`,
    params,
  );
}

export async function listPrograms(
  lakehouse: Lakehouse,
  readable?: ReadableProjects,
): Promise<Program[]> {
  const params: Record<string, SqlValue> = {
    every_project: readable === undefined,
    max_rows: MAX_LIST_ROWS,
  };
  const condition = readableCondition('project_id', readable, params);
  // Every project readable: the gold program totals. Some: the totals of
  // the readable projects, and only programs that have one.
  const totals =
    readable === undefined
      ? `SELECT dimension_value AS program_id,
                CAST(sum(CASE WHEN metric_name = 'budget' THEN value END) AS DECIMAL(18,2)) AS budget,
                CAST(sum(CASE WHEN metric_name = 'actual' THEN value END) AS DECIMAL(18,2)) AS actual,
                ${MONEY_UNIT} AS unit
           FROM gold.ppm_budget_vs_actual
          WHERE dimension = 'program'
          GROUP BY dimension_value`
      : `SELECT r.program_id,
                CAST(sum(CASE WHEN k.metric_name = 'budget' THEN k.value END) AS DECIMAL(18,2)) AS budget,
                CAST(sum(CASE WHEN k.metric_name = 'actual' THEN k.value END) AS DECIMAL(18,2)) AS actual,
                max(CASE WHEN k.metric_name IN ('budget', 'committed', 'actual') THEN k.unit END) AS unit
           FROM gold.ppm_budget_vs_actual AS k
           JOIN readable AS r ON r.project_id = k.dimension_value
          WHERE k.dimension = 'project'
          GROUP BY r.program_id`;
  return rows<Program>(
    lakehouse,
    `WITH ${REPORTING},
     readable AS (
       SELECT project_id, program_id
         FROM silver.notion_projects
        WHERE NOT coalesce(is_archived, false) AND ${condition}
     ), totals AS (
       ${totals}
     ), counts AS (
       SELECT program_id, count(*) AS project_count
         FROM readable
        GROUP BY program_id
     )
     SELECT g.program_id, g.name, g.status, g.owner,
            coalesce(c.project_count, 0) AS project_count,
            coalesce(t.budget, ${ZERO}) AS budget,
            coalesce(t.actual, ${ZERO}) AS actual,
            coalesce(t.unit, r.currency) AS unit
       FROM silver.notion_programs AS g
       CROSS JOIN reporting AS r
       LEFT JOIN totals AS t ON t.program_id = g.program_id
       LEFT JOIN counts AS c ON c.program_id = g.program_id
      WHERE NOT coalesce(g.is_archived, false)
        AND (:every_project OR c.project_count > 0)
      ORDER BY lower(g.name), g.program_id
      LIMIT :max_rows`,
    params,
  );
}

export async function listDqChecks(
  lakehouse: Lakehouse,
  filter: { failingOnly: boolean; severity?: string },
): Promise<DqCheck[]> {
  const checks = await rows<
    Omit<DqCheck, 'sample_keys'> & { sample_keys?: string }
  >(
    lakehouse,
    `SELECT check_id, table_name, check_kind, severity, status, failing_rows,
            sample_keys, measured_at
       FROM gold.data_quality_metrics
      WHERE (:failing_only = false OR status = 'fail')
        AND (:severity IS NULL OR severity = :severity)
      ORDER BY CASE severity WHEN 'error' THEN 0 ELSE 1 END, check_id
      LIMIT :max_rows`,
    {
      failing_only: filter.failingOnly,
      severity: filter.severity ?? null,
      max_rows: MAX_LIST_ROWS,
    },
  );
  return checks.map(({ sample_keys, ...check }) => ({
    ...check,
    ...(sample_keys !== undefined && {
      sample_keys: parseStringArray(sample_keys),
    }),
  }));
}

/**
 * The checks with only the sample keys of rows a caller may read: rows of a
 * table keyed by one column and carrying a `project_id` of a readable
 * project. Other tables' keys (programs, rejects, composite keys) cannot be
 * tied to one project, so they are left out; counts stay whole.
 */
export async function limitSampleKeys(
  lakehouse: Lakehouse,
  checks: DqCheck[],
  readable: ReadableProjects,
): Promise<DqCheck[]> {
  if (readable === undefined) {
    return checks;
  }
  const params: Record<string, SqlValue> = {};
  const projectCondition = readableCondition('project_id', readable, params);
  const selects: string[] = [];
  checks.forEach((check, index) => {
    const table = lakehouseTables.find(
      t => qualifiedTableName(t) === check.table_name,
    );
    const keys = check.sample_keys ?? [];
    if (
      !table ||
      keys.length === 0 ||
      table.primaryKey.length !== 1 ||
      !table.columns.some(column => column.name === 'project_id')
    ) {
      return;
    }
    const key = table.primaryKey[0];
    const names = keys.map((value, k) => {
      params[`sample_${index}_${k}`] = value;
      return `:sample_${index}_${k}`;
    });
    params[`check_${index}`] = check.check_id;
    selects.push(
      `SELECT CAST(:check_${index} AS STRING) AS check_id, CAST(${key} AS STRING) AS sample_key
         FROM ${qualifiedTableName(table)}
        WHERE ${key} IN (${names.join(', ')}) AND ${projectCondition}`,
    );
  });
  const kept = new Set(
    selects.length === 0
      ? []
      : (
          await lakehouse.query<{ check_id: string; sample_key: string }>(
            selects.join('\nUNION ALL\n'),
            params,
          )
        ).map(row => `${row.check_id}\u0000${row.sample_key}`),
  );
  return checks.map(check =>
    check.sample_keys === undefined
      ? check
      : {
          ...check,
          sample_keys: check.sample_keys.filter(key =>
            kept.has(`${check.check_id}\u0000${key}`),
          ),
        },
  );
}

/** A JSON array of strings stored as text; anything else reads as empty. */
export function parseStringArray(text: SqlValue | undefined): string[] {
  if (typeof text !== 'string') {
    return [];
  }
  try {
    const parsed = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return [];
  }
}

/** One project with everything its finance tab shows, or undefined. */
export async function getProjectDetail(
  lakehouse: Lakehouse,
  projectId: string,
): Promise<Omit<ProjectDetailResponse, 'as_of'> | undefined> {
  const params = { project_id: projectId };
  const [project] = await rows<ProjectSummary>(
    lakehouse,
    `${PROJECT_SELECT} AND p.project_id = :project_id`,
    params,
  );
  if (!project) {
    return undefined;
  }
  // Independent reads: the engine's reader connections run them side by side.
  const [
    series,
    [forecast],
    [health],
    risks,
    actions,
    resources,
    recommendations,
  ] = await Promise.all([
    rows<ProjectDetailResponse['series'][number]>(
      lakehouse,
      `SELECT period,
                CAST(coalesce(sum(CASE WHEN metric_name = 'budget' THEN value END), 0) AS DECIMAL(18,2)) AS budget,
                CAST(coalesce(sum(CASE WHEN metric_name = 'committed' THEN value END), 0) AS DECIMAL(18,2)) AS committed,
                CAST(coalesce(sum(CASE WHEN metric_name = 'actual' THEN value END), 0) AS DECIMAL(18,2)) AS actual,
                ${MONEY_UNIT} AS unit
           FROM gold.ppm_budget_vs_actual
          WHERE dimension = 'project' AND dimension_value = :project_id
          GROUP BY period
          ORDER BY period`,
      params,
    ),
    getForecast(lakehouse, { project: projectId }),
    rows<{
      health: ProjectHealth;
      reasons?: string;
      cpi?: number;
      spi?: number;
    }>(
      lakehouse,
      `SELECT health, reasons, cpi, spi FROM gold.ppm_project_health WHERE project_id = :project_id`,
      params,
    ),
    rows<ProjectDetailResponse['risks'][number]>(
      lakehouse,
      `SELECT risk_id, title, impact, probability, status, due_date
           FROM silver.notion_risks
          WHERE project_id = :project_id AND NOT coalesce(is_archived, false)
          ORDER BY CASE impact WHEN 'High' THEN 0 WHEN 'Medium' THEN 1 ELSE 2 END, risk_id`,
      params,
    ),
    rows<ProjectDetailResponse['actions'][number]>(
      lakehouse,
      `SELECT action_id, title, status, assignee, due_date, source, source_id, notion_url
           FROM silver.notion_actions
          WHERE project_id = :project_id AND NOT coalesce(is_archived, false)
          ORDER BY due_date NULLS LAST, action_id`,
      params,
    ),
    rows<ProjectDetailResponse['resources'][number]>(
      lakehouse,
      `SELECT resource_id, name, type, location
           FROM silver.azure_resources
          WHERE project_id = :project_id AND removed_at IS NULL
          ORDER BY resource_id`,
      params,
    ),
    rows<AdvisorRecommendation>(
      lakehouse,
      `SELECT ${RECOMMENDATION_COLUMNS}
           FROM ${RECOMMENDATION_FROM}
          WHERE g.project_id = :project_id
          ORDER BY g.annual_savings DESC NULLS LAST, g.recommendation_id`,
      params,
    ),
  ]);
  return {
    project,
    series,
    ...(forecast && { forecast }),
    ...(health && {
      health_detail: {
        health: health.health,
        reasons: parseStringArray(health.reasons),
        ...(health.cpi !== undefined && { cpi: health.cpi }),
        ...(health.spi !== undefined && { spi: health.spi }),
      },
    }),
    risks,
    actions,
    resources,
    recommendations,
  };
}
