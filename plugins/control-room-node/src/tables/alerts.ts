import { TableDeclaration } from '../lakehouse/types';
import { column } from './column';

/*
 * Operational state of the Control Room alerts. It lives in bronze next to
 * bronze.job_runs: it is bookkeeping the backend writes, not a model output.
 */

export const alertState: TableDeclaration = {
  schema: 'bronze',
  name: 'alert_state',
  description:
    'Every alert the backend has raised, one row per alert key: open while its condition holds, resolved once it clears. Notifications go out on these transitions only, so a condition that persists notifies once.',
  columns: [
    column(
      'alert_key',
      'string',
      'What the alert is about, e.g. job-failed:ppm_marts_gold or project-red:<project id>; also the notification topic.',
      { nullable: false },
    ),
    column(
      'kind',
      'string',
      'jobs, dataQuality, projectHealth or advisor; each kind is switched on and routed in controlRoom.alerts.',
      { nullable: false },
    ),
    column(
      'subject_id',
      'string',
      'Job id, check id, project id or recommendation id the alert names.',
    ),
    column('project_id', 'string', 'Project the alert concerns, if any.'),
    column('title', 'string', 'One line for people.'),
    column('description', 'string', 'Details: the error, the reasons.'),
    column(
      'severity',
      'string',
      'Notification severity: critical, high or normal.',
    ),
    column(
      'link',
      'string',
      'Portal path of the Control Room or entity tab to open.',
    ),
    column('status', 'string', 'open or resolved.', { nullable: false }),
    column(
      'since',
      'timestamp',
      'When the condition started, as far as the data tells.',
    ),
    column(
      'last_seen_at',
      'timestamp',
      'Last evaluation that saw the condition.',
    ),
    column(
      'resolved_at',
      'timestamp',
      'When an evaluation found it cleared; null while open.',
    ),
    column(
      'recipient',
      'string',
      'Entity ref notified when it opened; the recovery goes to the same one.',
    ),
    column(
      'notified_at',
      'timestamp',
      'When the opening notification was sent; null when its kind was switched off, and then no recovery is sent either.',
    ),
  ],
  primaryKey: ['alert_key'],
};

export const alertTables = [alertState];
