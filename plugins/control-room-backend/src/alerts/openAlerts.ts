import { OpenAlert } from '@finance-ppm/plugin-control-room-common';
import { StoredAlert } from './types';

/** An open alert as `GET /alerts` answers it. */
export function toOpenAlert(alert: StoredAlert): OpenAlert {
  return {
    kind: alert.kind,
    key: alert.key,
    title: alert.title,
    ...(alert.description && { description: alert.description }),
    severity: alert.severity,
    since: alert.since,
    link: alert.link,
    ...(alert.projectId && { project_id: alert.projectId }),
  };
}
