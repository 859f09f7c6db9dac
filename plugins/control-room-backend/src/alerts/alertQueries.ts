import {
  alertState,
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
import { AlertKind, AlertSeverity, StoredAlert } from './types';

/*
 * The reads and writes of the alert evaluation. Every value is bound as a
 * parameter; table names come from the declarations.
 */

const runs = qualifiedTableName(jobRuns);
const state = qualifiedTableName(alertState);
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

interface AlertStateRow extends SqlRow {
  alert_key: string;
  kind: string;
  subject_id: string | null;
  project_id: string | null;
  title: string | null;
  description: string | null;
  severity: string | null;
  link: string | null;
  status: string;
  since: string | null;
  last_seen_at: string | null;
  resolved_at: string | null;
  recipient: string | null;
  notified_at: string | null;
}

function fromRow(row: AlertStateRow): StoredAlert {
  return {
    key: row.alert_key,
    kind: row.kind as AlertKind,
    subjectId: row.subject_id ?? row.alert_key,
    ...(row.project_id && { projectId: row.project_id }),
    title: row.title ?? row.alert_key,
    ...(row.description && { description: row.description }),
    severity: (row.severity ?? 'normal') as AlertSeverity,
    link: row.link ?? '/control-room',
    since: row.since ?? row.last_seen_at ?? '',
    status: row.status === 'open' ? 'open' : 'resolved',
    lastSeenAt: row.last_seen_at ?? '',
    ...(row.resolved_at && { resolvedAt: row.resolved_at }),
    ...(row.recipient && { recipient: row.recipient }),
    ...(row.notified_at && { notifiedAt: row.notified_at }),
  };
}

function toRow(alert: StoredAlert): AlertStateRow {
  return {
    alert_key: alert.key,
    kind: alert.kind,
    subject_id: alert.subjectId,
    project_id: alert.projectId ?? null,
    title: alert.title,
    description: alert.description ?? null,
    severity: alert.severity,
    link: alert.link,
    status: alert.status,
    since: alert.since,
    last_seen_at: alert.lastSeenAt,
    resolved_at: alert.resolvedAt ?? null,
    recipient: alert.recipient ?? null,
    notified_at: alert.notifiedAt ?? null,
  };
}

/** Open alerts, oldest first. */
export async function readOpenAlerts(
  lakehouse: Lakehouse,
): Promise<StoredAlert[]> {
  const rows = await lakehouse.query<AlertStateRow>(
    `SELECT alert_key, kind, subject_id, project_id, title, description,
            severity, link, status, since, last_seen_at, resolved_at,
            recipient, notified_at
     FROM ${state}
     WHERE status = :status
     ORDER BY since, alert_key`,
    { status: 'open' },
  );
  return rows.map(fromRow);
}

export async function writeAlertState(
  lakehouse: Lakehouse,
  alerts: readonly StoredAlert[],
): Promise<void> {
  if (alerts.length > 0) {
    await lakehouse.upsert(alertState, alerts.map(toRow));
  }
}
