import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { Alert, AlertKind, StoredAlert } from './types';

/** How the alerts moved since the last evaluation. */
export interface AlertTransitions<T extends StoredAlert = StoredAlert> {
  /** Conditions that were not open before. */
  opened: Alert[];
  /** Open before and still holding; `since`, recipient and notification kept. */
  continuing: T[];
  /** Open before and gone now. */
  resolved: T[];
}

/**
 * Compares the alerts that hold now with the ones open before. An alert that
 * keeps holding keeps its `since` and is not notified again; its text and
 * link follow the data (a new error message, say).
 */
export function diffAlerts<T extends StoredAlert>(
  previouslyOpen: readonly T[],
  current: readonly Alert[],
  now: Date,
): AlertTransitions<T> {
  const currentByKey = new Map<string, Alert>();
  for (const alert of current) {
    if (!currentByKey.has(alert.key)) {
      currentByKey.set(alert.key, alert);
    }
  }
  const previousByKey = new Map(previouslyOpen.map(a => [a.key, a]));
  const lastSeenAt = now.toISOString();
  return {
    opened: [...currentByKey.values()].filter(a => !previousByKey.has(a.key)),
    continuing: previouslyOpen
      .filter(a => currentByKey.has(a.key))
      .map(previous => ({
        ...previous,
        ...currentByKey.get(previous.key)!,
        since: previous.since,
        lastSeenAt,
      })),
    resolved: previouslyOpen.filter(a => !currentByKey.has(a.key)),
  };
}

/** Kinds whose clearing is news; an Advisor finding that goes away is not. */
const NOTIFIES_RECOVERY: Record<AlertKind, boolean> = {
  jobs: true,
  dataQuality: true,
  projectHealth: true,
  advisor: false,
};

export function notifiesRecovery(kind: AlertKind): boolean {
  return NOTIFIES_RECOVERY[kind];
}

/**
 * The notification of an alert opening or recovering. The topic is the alert
 * key, and the scope names the episode (key and start), so the recovery
 * updates the opening notification instead of adding another row.
 */
export function alertNotificationPayload(
  alert: Alert,
  transition: 'opened' | 'resolved',
): NotificationSendOptions['payload'] {
  const opened = transition === 'opened';
  return {
    title: opened ? alert.title : `Recovered: ${alert.title}`,
    description: opened
      ? alert.description
      : `Cleared after being open since ${alert.since}.`,
    link: alert.link,
    severity: opened ? alert.severity : 'low',
    topic: alert.key,
    scope: `${alert.key}@${alert.since}`,
  };
}
