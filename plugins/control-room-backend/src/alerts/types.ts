import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';

/** The four kinds of alert; each is switched on and routed in config. */
export type AlertKind = 'jobs' | 'dataQuality' | 'projectHealth' | 'advisor';

export const ALERT_KINDS: readonly AlertKind[] = [
  'jobs',
  'dataQuality',
  'projectHealth',
  'advisor',
];

export type AlertSeverity = NonNullable<
  NotificationSendOptions['payload']['severity']
>;

/** A condition that holds now, as computed from the lakehouse. */
export interface Alert {
  /** Stable id of the condition, e.g. `job-failed:ppm_marts_gold`. */
  key: string;
  kind: AlertKind;
  /** Job id, check id, project id or recommendation id. */
  subjectId: string;
  /** Project the alert concerns; its catalog owner is notified. */
  projectId?: string;
  title: string;
  description?: string;
  severity: AlertSeverity;
  /** Portal path to open, e.g. `/control-room/pipelines`. */
  link: string;
  /** When the condition started, ISO 8601. */
  since: string;
}

/** An alert as remembered in the plugin database. */
export interface StoredAlert extends Alert {
  status: 'open' | 'resolved';
  lastSeenAt: string;
  resolvedAt?: string;
  /** Entity ref the opening notification went to. */
  recipient?: string;
  /** When the opening notification was sent; unset when none was. */
  notifiedAt?: string;
}
