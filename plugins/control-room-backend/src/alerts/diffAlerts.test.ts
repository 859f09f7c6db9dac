import {
  alertNotificationPayload,
  diffAlerts,
  notifiesRecovery,
} from './diffAlerts';
import { Alert, StoredAlert } from './types';

const alert: Alert = {
  key: 'job-failed:ppm_marts_gold',
  kind: 'jobs',
  subjectId: 'ppm_marts_gold',
  title: 'Job gold is failing',
  description: 'first error',
  severity: 'high',
  link: '/control-room/pipelines',
  since: '2026-03-01T09:00:00.000Z',
};

const stored: StoredAlert = {
  ...alert,
  status: 'open',
  lastSeenAt: '2026-03-01T09:00:00.000Z',
  recipient: 'group:default/platform',
  notifiedAt: '2026-03-01T09:00:00.000Z',
};

const now = new Date('2026-03-01T10:00:00.000Z');

describe('diffAlerts', () => {
  it('opens what is new', () => {
    expect(diffAlerts([], [alert, alert], now)).toEqual({
      opened: [alert],
      continuing: [],
      resolved: [],
    });
  });

  it('keeps the start, recipient and notification of an alert that persists', () => {
    const later = {
      ...alert,
      description: 'second error',
      since: '2026-03-01T09:55:00.000Z',
    };
    expect(diffAlerts([stored], [later], now)).toEqual({
      opened: [],
      continuing: [
        {
          ...stored,
          description: 'second error',
          lastSeenAt: now.toISOString(),
        },
      ],
      resolved: [],
    });
  });

  it('resolves what is gone', () => {
    expect(diffAlerts([stored], [], now).resolved).toEqual([stored]);
  });
});

describe('alertNotificationPayload', () => {
  it('names the alert as topic and the episode as scope', () => {
    expect(alertNotificationPayload(alert, 'opened')).toEqual({
      title: 'Job gold is failing',
      description: 'first error',
      link: '/control-room/pipelines',
      severity: 'high',
      topic: 'job-failed:ppm_marts_gold',
      scope: 'job-failed:ppm_marts_gold@2026-03-01T09:00:00.000Z',
    });
  });

  it('announces a recovery at low severity in the same scope', () => {
    expect(alertNotificationPayload(alert, 'resolved')).toMatchObject({
      title: 'Recovered: Job gold is failing',
      severity: 'low',
      scope: 'job-failed:ppm_marts_gold@2026-03-01T09:00:00.000Z',
    });
  });

  it('announces recoveries of every kind but Advisor findings', () => {
    expect(notifiesRecovery('jobs')).toBe(true);
    expect(notifiesRecovery('advisor')).toBe(false);
  });
});
