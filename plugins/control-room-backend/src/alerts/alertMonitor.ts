import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { SignalsService } from '@backstage/plugin-signals-node';
import {
  CONTROL_ROOM_JOB_RUNS_CHANNEL,
  JobRunSignal,
} from '@finance-ppm/plugin-control-room-common';
import {
  goldChecks,
  Lakehouse,
  silverChecks,
} from '@finance-ppm/plugin-control-room-node';
import { JobRun } from '../pipeline/jobRuns';
import { PipelineJob, pipelineJobs } from '../pipeline/jobs';
import {
  readFailingErrorChecks,
  readHighImpactRecommendations,
  readJobRunSummaries,
  readRedProjects,
} from './alertQueries';
import { AlertStateStore, NotificationClaim, TrackedAlert } from './alertState';
import { AlertSettings } from './config';
import {
  advisorAlerts,
  dataQualityAlerts,
  jobAlerts,
  projectHealthAlerts,
} from './detectAlerts';
import {
  alertNotificationPayload,
  AlertTransitions,
  diffAlerts,
  notifiesRecovery,
} from './diffAlerts';
import { ProjectDirectory, ProjectEntity } from './projectDirectory';
import { Alert } from './types';

export interface AlertMonitorOptions {
  /** Where the conditions are read. */
  lakehouse: Lakehouse;
  /** Where alert state lives, shared by every replica (the plugin database). */
  state: AlertStateStore;
  notifications: NotificationService;
  /** Absent when the signals backend is not installed. */
  signals?: SignalsService;
  projects: ProjectDirectory;
  settings: AlertSettings;
  logger: LoggerService;
  /** Told after each run's evaluation, before the signal goes out. */
  dataChanges?: { notify(): void };
  /** Default: every pipeline job. */
  jobs?: readonly PipelineJob[];
  now?: () => Date;
  /**
   * Since when jobs are watched (default: creation, i.e. the backend's
   * start); missed schedules count from here at the earliest.
   */
  watchingSince?: Date;
}

/** What one evaluation saw, and the notifications this replica sent. */
export interface AlertEvaluation extends AlertTransitions<TrackedAlert> {
  /** Openings and recoveries, including ones owed from a failed send. */
  notificationsSent: number;
}

export interface AlertMonitor {
  /** Computes the alerts, notifies what opened or recovered, stores the state. */
  evaluate(): Promise<AlertEvaluation>;
  /**
   * Evaluates after a finished run, then announces the run to open Control
   * Room tabs, so they reload fresh data and alerts; never throws.
   */
  onRunFinished(run: JobRun): Promise<void>;
}

/** Where an alert's notifications go: the configured route, else the project's owner, else the platform group. */
export function recipientFor(
  alert: Alert,
  settings: AlertSettings,
  projects: ReadonlyMap<string, ProjectEntity>,
): string {
  return (
    settings.kinds[alert.kind].recipient ??
    (alert.projectId && projects.get(alert.projectId)?.ownerRef) ??
    settings.platformGroup
  );
}

/** Project alerts link to the project's Finance tab when the catalog has the project. */
export function withProjectLinks(
  alerts: readonly Alert[],
  projects: ReadonlyMap<string, ProjectEntity>,
): Alert[] {
  return alerts.map(alert => {
    const entity = alert.projectId && projects.get(alert.projectId);
    return entity ? { ...alert, link: entity.financePath } : alert;
  });
}

/** The signal a finished run publishes. */
export function jobRunSignal(run: JobRun): JobRunSignal {
  return {
    job_id: run.job_id,
    run_id: run.run_id,
    status: run.status,
    ended_at: run.ended_at,
  };
}

/** Whether an open alert's text or link changed with the data. */
function describedDifferently(stored: Alert, current: Alert): boolean {
  return (
    stored.title !== current.title ||
    stored.description !== current.description ||
    stored.severity !== current.severity ||
    stored.link !== current.link ||
    stored.projectId !== current.projectId
  );
}

export function createAlertMonitor(options: AlertMonitorOptions): AlertMonitor {
  const { lakehouse, state, notifications, settings, logger } = options;
  const jobs = options.jobs ?? pipelineJobs;
  const now = options.now ?? (() => new Date());
  const watchingSince = options.watchingSince ?? now();

  const checkDescriptions = new Map(
    [...silverChecks, ...goldChecks].map(c => [c.id, c.description]),
  );

  async function currentAlerts(at: Date) {
    // A failed read throws: treating it as "nothing failing" would resolve
    // every open alert of that kind.
    const alerts = [
      ...jobAlerts(
        jobs,
        await readJobRunSummaries(lakehouse),
        at,
        watchingSince,
      ),
      ...dataQualityAlerts(
        await readFailingErrorChecks(lakehouse),
        at,
        checkDescriptions,
      ),
      ...projectHealthAlerts(await readRedProjects(lakehouse), at),
      ...advisorAlerts(await readHighImpactRecommendations(lakehouse), at),
    ];
    let projects: ReadonlyMap<string, ProjectEntity> | undefined;
    try {
      projects = await options.projects(
        alerts.flatMap(a => (a.projectId ? [a.projectId] : [])),
      );
    } catch (error) {
      // Job and data-quality alerts do not need the catalog; new project
      // alerts wait for it, so they still reach the project's owner.
      logger.warn(
        'Catalog lookup of project owners failed; new project alerts wait for the next evaluation',
        error as Error,
      );
    }
    return {
      alerts: projects ? withProjectLinks(alerts, projects) : alerts,
      projects,
    };
  }

  /** Sends one notification; false (and a warning) when it could not be sent. */
  async function send(
    alert: Alert,
    recipient: string,
    transition: 'opened' | 'resolved',
  ): Promise<boolean> {
    try {
      await notifications.send({
        recipients: { type: 'entity', entityRef: recipient },
        payload: alertNotificationPayload(alert, transition),
      });
      return true;
    } catch (error) {
      logger.warn(
        `Could not notify ${recipient} of alert ${alert.key} (${transition}); retrying at the next evaluation`,
        error as Error,
      );
      return false;
    }
  }

  /**
   * Sends the notification a claim allows; the claim is finished when it
   * went out and released (still owed) when it did not.
   */
  async function notify(
    claim: NotificationClaim,
    alert: Alert,
    recipient: string,
    transition: 'opened' | 'resolved',
    stamp: string,
  ): Promise<number> {
    if (!(await send(alert, recipient, transition))) {
      await state.release(claim);
      return 0;
    }
    await state.finish(
      claim,
      transition === 'opened' ? { recipient, notifiedAt: stamp } : undefined,
    );
    logger.info(`Alert ${transition}: ${alert.key}, notified ${recipient}`);
    return 1;
  }

  async function evaluateNow(): Promise<AlertEvaluation> {
    const at = now();
    const stamp = at.toISOString();
    const { alerts, projects } = await currentAlerts(at);
    const active = await state.readActive();
    const transitions = diffAlerts(
      active.filter(alert => alert.status === 'open'),
      alerts,
      at,
    );
    const recipientOf = (alert: Alert) =>
      recipientFor(alert, settings, projects ?? new Map());
    // A project alert waits for the catalog, so it reaches the owner.
    const canRoute = (alert: Alert) => !alert.projectId || projects;
    let notificationsSent = 0;

    const previous = new Map(active.map(alert => [alert.key, alert]));
    for (const alert of transitions.continuing) {
      if (describedDifferently(previous.get(alert.key)!, alert)) {
        await state.redescribe(alert);
      }
    }
    await state.touch(transitions.continuing, stamp);

    // Only the replica whose write made the transition holds its claim.
    for (const alert of transitions.opened.filter(canRoute)) {
      const claim = await state.open(
        alert,
        stamp,
        settings.kinds[alert.kind].enabled,
      );
      if (claim) {
        notificationsSent += await notify(
          claim,
          alert,
          recipientOf(alert),
          'opened',
          stamp,
        );
      }
    }
    for (const alert of transitions.resolved) {
      const announce =
        alert.notifiedAt !== undefined &&
        settings.kinds[alert.kind].enabled &&
        notifiesRecovery(alert.kind);
      const claim = await state.resolve(alert, stamp, announce);
      if (claim) {
        notificationsSent += await notify(
          claim,
          alert,
          alert.recipient ?? recipientOf(alert),
          'resolved',
          stamp,
        );
      }
    }
    // Notifications owed from a send that failed, here or on a replica.
    const owed = [
      ...transitions.continuing.filter(
        alert => alert.pending === 'opened' && canRoute(alert),
      ),
      ...active.filter(
        alert => alert.status === 'resolved' && alert.pending === 'resolved',
      ),
    ];
    for (const alert of owed) {
      const claim = await state.claimPending(alert);
      if (claim) {
        notificationsSent += await notify(
          claim,
          alert,
          alert.recipient ?? recipientOf(alert),
          alert.pending!,
          stamp,
        );
      }
    }
    return { ...transitions, notificationsSent };
  }

  // Within a process evaluations queue (they would only race for the same
  // claims); across replicas the claims in the plugin database decide.
  let queue: Promise<unknown> = Promise.resolve();
  const evaluate = () => {
    const next = queue.then(evaluateNow);
    queue = next.catch(() => undefined);
    return next;
  };

  return {
    evaluate,
    async onRunFinished(run) {
      try {
        const result = await evaluate();
        if (result.notificationsSent > 0) {
          logger.info(
            `Alerts after ${run.job_id} ${run.status}: ${result.opened.length} opened, ${result.resolved.length} resolved, ${result.notificationsSent} notification(s) sent`,
          );
        }
      } catch (error) {
        logger.error(
          `Alert evaluation after run ${run.run_id} of ${run.job_id} failed`,
          error as Error,
        );
      }
      options.dataChanges?.notify();
      if (options.signals) {
        try {
          await options.signals.publish({
            recipients: { type: 'broadcast' },
            channel: CONTROL_ROOM_JOB_RUNS_CHANNEL,
            message: { ...jobRunSignal(run) },
          });
        } catch (error) {
          logger.warn(
            `Could not publish the signal of run ${run.run_id}`,
            error as Error,
          );
        }
      }
    },
  };
}
