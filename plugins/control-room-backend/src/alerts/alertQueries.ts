import {
  azureAdvisorRecs,
  dataQualityMetrics,
  jobRuns,
  Lakehouse,
  notionProjects,
  ppmProjectHealth,
  qualifiedTableName,
  SqlRow,
} from '@finance-ppm/plugin-control-room-node';
import {
  AdvisorRecommendationRow,
  DataQualityMetricRow,
  JobRunSummary,
  ProjectHealthRow,
} from './detectAlerts';

/*
 * The lakehouse reads of the alert evaluation: the conditions. Every value
 * is bound as a parameter; table names come from the declarations.
 */

const runs = qualifiedTableName(jobRuns);
const projects = qualifiedTableName(notionProjects);

/** Per job: latest finished status, latest start, and when the current failing streak began. */
export function readJobRunSummaries(
  lakehouse: Lakehouse,
): Promise<JobRunSummary[]> {
  return lakehouse.query<JobRunSummary & SqlRow>(
    `WITH finished AS (
       SELECT job_id, status, error_message,
              row_number() OVER (PARTITION BY job_id ORDER BY started_at DESC) AS position
       FROM ${runs}
       WHERE status IN (:success, :failed)
     ),
     last_success AS (
       SELECT job_id, max(started_at) AS last_success_at
       FROM ${runs} WHERE status = :success GROUP BY job_id
     ),
     first_failure AS (
       SELECT r.job_id, min(r.started_at) AS failing_since
       FROM ${runs} r LEFT JOIN last_success s ON s.job_id = r.job_id
       WHERE r.status = :failed
         AND (s.last_success_at IS NULL OR r.started_at > s.last_success_at)
       GROUP BY r.job_id
     ),
     last_start AS (
       SELECT job_id, max(started_at) AS last_started_at FROM ${runs} GROUP BY job_id
     )
     SELECT l.job_id, f.status AS last_status, f.error_message AS last_error,
            l.last_started_at, ff.failing_since
     FROM last_start l
     LEFT JOIN finished f ON f.job_id = l.job_id AND f.position = 1
     LEFT JOIN first_failure ff ON ff.job_id = l.job_id`,
    { success: 'SUCCESS', failed: 'FAILED' },
  );
}

export function readFailingErrorChecks(
  lakehouse: Lakehouse,
): Promise<DataQualityMetricRow[]> {
  return lakehouse.query<DataQualityMetricRow & SqlRow>(
    `SELECT check_id, table_name, severity, status, failing_rows, measured_at
     FROM ${qualifiedTableName(dataQualityMetrics)}
     WHERE severity = :severity AND status = :status`,
    { severity: 'error', status: 'fail' },
  );
}

export function readRedProjects(
  lakehouse: Lakehouse,
): Promise<ProjectHealthRow[]> {
  return lakehouse.query<ProjectHealthRow & SqlRow>(
    `SELECT h.project_id, p.name, h.health, h.reasons, h.computed_at
     FROM ${qualifiedTableName(ppmProjectHealth)} h
     LEFT JOIN ${projects} p ON p.project_id = h.project_id
     WHERE h.health = :health`,
    { health: 'red' },
  );
}

export function readHighImpactRecommendations(
  lakehouse: Lakehouse,
): Promise<AdvisorRecommendationRow[]> {
  return lakehouse.query<AdvisorRecommendationRow & SqlRow>(
    `SELECT r.recommendation_id, r.project_id, p.name AS project_name, r.impact,
            r.category, r.problem, r.solution, r.annual_savings, r.unit,
            r.has_action, r.computed_at
     FROM ${qualifiedTableName(azureAdvisorRecs)} r
     LEFT JOIN ${projects} p ON p.project_id = r.project_id
     WHERE r.impact = :impact AND r.project_id IS NOT NULL`,
    { impact: 'High' },
  );
}
