import { PipelineJob } from '../pipeline/jobs';
import { nextRunTime } from '../pipeline/pipelineWork';
import { Alert } from './types';

/*
 * Pure functions from lakehouse rows to the alerts that hold now. The rows
 * come from alertQueries.ts; nothing here does I/O.
 */

/** Portal paths the alerts link to. */
export const CONTROL_ROOM_LINKS = {
  pipelines: '/control-room/pipelines',
  dataQuality: '/control-room/data-quality',
  projects: '/control-room/projects',
  advisor: '/control-room/advisor',
} as const;

/** The run history of one job, summarised. */
export interface JobRunSummary {
  job_id: string;
  /** Status of the latest finished run (SUCCESS or FAILED). */
  last_status: string | null;
  last_error: string | null;
  /** Start of the latest run of any status, running ones included. */
  last_started_at: string | null;
  /** Start of the first failed run after the last success. */
  failing_since: string | null;
}

export interface DataQualityMetricRow {
  check_id: string;
  table_name: string;
  severity: string | null;
  status: string | null;
  failing_rows: bigint | number | null;
  measured_at: string | null;
}

export interface ProjectHealthRow {
  project_id: string;
  name: string | null;
  health: string;
  /** JSON array of reasons. */
  reasons: string | null;
  computed_at: string | null;
}

export interface AdvisorRecommendationRow {
  recommendation_id: string;
  project_id: string | null;
  project_name: string | null;
  impact: string | null;
  category: string | null;
  problem: string | null;
  solution: string | null;
  annual_savings: string | null;
  unit: string | null;
  has_action: boolean | null;
  computed_at: string | null;
}

/**
 * When a job that last started at `lastStartedAt` counts as having missed its
 * schedule: when the start after its next expected one has passed too, so a
 * run that is merely late (a busy scheduler, a long previous run) does not
 * alert.
 */
export function missedScheduleDeadline(
  cron: string,
  lastStartedAt: Date,
): { expected: Date; deadline: Date } {
  const expected = nextRunTime(cron, lastStartedAt);
  return { expected, deadline: nextRunTime(cron, expected) };
}

/**
 * Failing jobs, and jobs that have not started for more than one interval
 * past their due time. `watchingSince` (the backend's start) counts as a
 * start: a backend that was down gives every job one cycle to run again
 * before calling it missed.
 */
export function jobAlerts(
  jobs: readonly PipelineJob[],
  summaries: readonly JobRunSummary[],
  now: Date,
  watchingSince?: Date,
): Alert[] {
  const byJob = new Map(summaries.map(s => [s.job_id, s]));
  return jobs.flatMap(job => {
    const summary = byJob.get(job.id);
    // A job that never ran (not configured here) has nothing to alert on.
    if (!summary?.last_started_at) {
      return [];
    }
    const alerts: Alert[] = [];
    if (summary.last_status === 'FAILED') {
      alerts.push({
        key: `job-failed:${job.id}`,
        kind: 'jobs',
        subjectId: job.id,
        title: `Job ${job.name} is failing`,
        description: summary.last_error ?? undefined,
        severity: 'high',
        link: CONTROL_ROOM_LINKS.pipelines,
        since: summary.failing_since ?? summary.last_started_at,
      });
    }
    const lastStarted = new Date(summary.last_started_at);
    const { expected, deadline } = missedScheduleDeadline(
      job.cron,
      watchingSince && watchingSince > lastStarted
        ? watchingSince
        : lastStarted,
    );
    if (now.getTime() > deadline.getTime()) {
      alerts.push({
        key: `job-missed:${job.id}`,
        kind: 'jobs',
        subjectId: job.id,
        title: `Job ${job.name} missed its schedule`,
        description: `Last started ${
          summary.last_started_at
        }; the next run was due ${expected.toISOString()} (schedule ${
          job.cron
        }, UTC).`,
        severity: 'high',
        link: CONTROL_ROOM_LINKS.pipelines,
        since: expected.toISOString(),
      });
    }
    return alerts;
  });
}

/**
 * Checks of severity error whose latest run failed. The title says what the
 * check requires (its declared description), since a reader of the alert
 * should not need to decode a check id; an unknown id falls back to itself.
 */
export function dataQualityAlerts(
  metrics: readonly DataQualityMetricRow[],
  now: Date,
  checkDescriptions: ReadonlyMap<string, string> = new Map(),
): Alert[] {
  return metrics
    .filter(m => m.severity === 'error' && m.status === 'fail')
    .map(m => ({
      key: `dq-failed:${m.check_id}`,
      kind: 'dataQuality' as const,
      subjectId: m.check_id,
      title: `Data-quality check failing on ${m.table_name}`,
      description: `${
        checkDescriptions.get(m.check_id) ?? `Check ${m.check_id}.`
      } ${Number(m.failing_rows ?? 0)} row(s) break it (${m.check_id}).`,
      severity: 'high' as const,
      link: CONTROL_ROOM_LINKS.dataQuality,
      since: m.measured_at ?? now.toISOString(),
    }));
}

/** The reasons of a health row as one line; tolerant of bad JSON. */
export function describeReasons(reasons: string | null): string | undefined {
  if (!reasons) {
    return undefined;
  }
  try {
    const parsed = JSON.parse(reasons);
    return Array.isArray(parsed) && parsed.length > 0
      ? parsed.map(String).join('; ')
      : undefined;
  } catch {
    return reasons;
  }
}

/** Projects whose health is red. */
export function projectHealthAlerts(
  rows: readonly ProjectHealthRow[],
  now: Date,
): Alert[] {
  return rows
    .filter(row => row.health === 'red')
    .map(row => ({
      key: `project-red:${row.project_id}`,
      kind: 'projectHealth' as const,
      subjectId: row.project_id,
      projectId: row.project_id,
      title: `Project ${row.name ?? row.project_id} is red`,
      description: describeReasons(row.reasons),
      severity: 'high' as const,
      link: CONTROL_ROOM_LINKS.projects,
      since: row.computed_at ?? now.toISOString(),
    }));
}

/** High-impact recommendations for a project that no Notion action covers yet. */
export function advisorAlerts(
  rows: readonly AdvisorRecommendationRow[],
  now: Date,
): Alert[] {
  return rows
    .filter(row => row.impact === 'High' && row.project_id && !row.has_action)
    .map(row => {
      const savings = row.annual_savings
        ? ` Potential savings ${row.annual_savings} ${row.unit ?? ''} a year.`
        : '';
      return {
        key: `advisor:${row.recommendation_id}`,
        kind: 'advisor' as const,
        subjectId: row.recommendation_id,
        projectId: row.project_id!,
        title: `New high-impact ${
          row.category ?? 'Advisor'
        } recommendation for ${row.project_name ?? row.project_id}`,
        description: `${row.solution ?? row.problem ?? ''}${savings}`.trim(),
        severity: 'normal' as const,
        link: CONTROL_ROOM_LINKS.advisor,
        since: row.computed_at ?? now.toISOString(),
      };
    });
}
