import { createHash, randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { Alert, AlertKind, AlertSeverity, StoredAlert } from './types';

export const ALERT_STATE_TABLE = 'control_room_alert_state';

/** The notification an alert owes: its opening or its recovery. */
export type PendingNotification = 'opened' | 'resolved';

/** An alert as the plugin database holds it, with its claim bookkeeping. */
export interface TrackedAlert extends StoredAlert {
  pending?: PendingNotification;
  /** Bumped by every transition; a transition names the version it read. */
  version: number;
}

/** The right to send one owed notification; released or finished once. */
export interface NotificationClaim {
  keyHash: string;
  token: string;
}

/**
 * Alert state every replica shares, in the plugin database under the alert
 * key. Each transition (open, resolve, claim a notification still owed) is
 * one conditional write, so when two replicas see the same change only one
 * makes it, and only that one holds the claim to notify.
 */
export interface AlertStateStore {
  /** Open alerts, oldest first. */
  readOpen(): Promise<StoredAlert[]>;
  /** Open alerts and resolved ones whose recovery is still owed. */
  readActive(): Promise<TrackedAlert[]>;
  /**
   * Opens an alert that was not open; undefined when another replica did.
   * With `notify` the opening is owed and the caller holds its claim.
   */
  open(
    alert: Alert,
    at: string,
    notify: boolean,
  ): Promise<NotificationClaim | undefined>;
  /** Resolves an open alert at the version read; see `open`. */
  resolve(
    alert: TrackedAlert,
    at: string,
    notify: boolean,
  ): Promise<NotificationClaim | undefined>;
  /** Claims a notification still owed (a send that failed earlier). */
  claimPending(alert: TrackedAlert): Promise<NotificationClaim | undefined>;
  /** The notification went out: nothing is owed any more. */
  finish(
    claim: NotificationClaim,
    opened?: { recipient: string; notifiedAt: string },
  ): Promise<void>;
  /** The send failed: the notification stays owed for the next evaluation. */
  release(claim: NotificationClaim): Promise<void>;
  /** Records that open alerts still hold. */
  touch(alerts: readonly Alert[], at: string): Promise<void>;
  /** An open alert's text follows the data (a new error message, say). */
  redescribe(alert: Alert): Promise<void>;
}

interface AlertStateRow {
  key_hash: string;
  alert_key: string;
  kind: string;
  subject_id: string;
  project_id: string | null;
  title: string;
  description: string | null;
  severity: string;
  link: string;
  status: string;
  since: string;
  last_seen_at: string;
  resolved_at: string | null;
  recipient: string | null;
  notified_at: string | null;
  pending: string | null;
  claim_token: string | null;
  claimed_at: number | string | null;
  version: number | string;
}

// A claim older than this belongs to a replica that died mid-send.
const DEFAULT_STALE_CLAIM_MS = 5 * 60 * 1000;
// Bound on the values of one `IN` list.
const CHUNK = 500;

export function alertKeyHash(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

function fromRow(row: AlertStateRow): TrackedAlert {
  return {
    key: row.alert_key,
    kind: row.kind as AlertKind,
    subjectId: row.subject_id,
    ...(row.project_id && { projectId: row.project_id }),
    title: row.title,
    ...(row.description && { description: row.description }),
    severity: row.severity as AlertSeverity,
    link: row.link,
    since: row.since,
    status: row.status === 'open' ? 'open' : 'resolved',
    lastSeenAt: row.last_seen_at,
    ...(row.resolved_at && { resolvedAt: row.resolved_at }),
    ...(row.recipient && { recipient: row.recipient }),
    ...(row.notified_at && { notifiedAt: row.notified_at }),
    ...(row.pending && { pending: row.pending as PendingNotification }),
    version: Number(row.version),
  };
}

/** The columns that follow the data while an alert stays open. */
function describedBy(alert: Alert) {
  return {
    project_id: alert.projectId ?? null,
    title: alert.title,
    description: alert.description ?? null,
    severity: alert.severity,
    link: alert.link,
  };
}

export function createAlertStateStore(options: {
  knex: Knex;
  staleClaimMs?: number;
  now?: () => Date;
}): AlertStateStore {
  const { knex } = options;
  const staleClaimMs = options.staleClaimMs ?? DEFAULT_STALE_CLAIM_MS;
  const nowMs = () => (options.now?.() ?? new Date()).getTime();
  const table = () => knex<AlertStateRow>(ALERT_STATE_TABLE);
  const bump = () => knex.raw('?? + 1', ['version']);
  /** Rows nobody is notifying about, or whose notifier died. */
  const claimable = (query: Knex.QueryBuilder) =>
    query.where(q =>
      q
        .whereNull('claim_token')
        .orWhere('claimed_at', '<', nowMs() - staleClaimMs),
    );
  const newClaim = (keyHash: string, notify: boolean) =>
    notify
      ? { keyHash, token: randomUUID(), claimedAt: nowMs() }
      : { keyHash, token: null, claimedAt: null };

  async function claimed(
    claim: { keyHash: string; token: string | null },
    changed: number,
  ): Promise<NotificationClaim | undefined> {
    return changed === 1 && claim.token
      ? { keyHash: claim.keyHash, token: claim.token }
      : undefined;
  }

  return {
    async readOpen() {
      const rows = await table()
        .where('status', 'open')
        .orderBy([{ column: 'since' }, { column: 'alert_key' }]);
      return rows.map(fromRow);
    },

    async readActive() {
      const rows = await table()
        .where('status', 'open')
        .orWhereNotNull('pending')
        .orderBy([{ column: 'since' }, { column: 'alert_key' }]);
      return rows.map(fromRow);
    },

    async open(alert, at, notify) {
      const claim = newClaim(alertKeyHash(alert.key), notify);
      const episode = {
        alert_key: alert.key,
        kind: alert.kind,
        subject_id: alert.subjectId,
        ...describedBy(alert),
        status: 'open',
        since: alert.since,
        last_seen_at: at,
        resolved_at: null,
        recipient: null,
        notified_at: null,
        pending: notify ? 'opened' : null,
        claim_token: claim.token,
        claimed_at: claim.claimedAt,
      };
      const inserted = await table()
        .insert({ key_hash: claim.keyHash, ...episode, version: 0 })
        .onConflict('key_hash')
        .ignore()
        .returning('key_hash');
      if (inserted.length === 1) {
        return claimed(claim, 1);
      }
      // Known from an earlier episode: reopen it unless a replica already
      // did, or is still announcing the last recovery.
      const reopened = await claimable(
        table().where({ key_hash: claim.keyHash, status: 'resolved' }),
      ).update({ ...episode, version: bump() });
      return claimed(claim, reopened);
    },

    async resolve(alert, at, notify) {
      const claim = newClaim(alertKeyHash(alert.key), notify);
      const changed = await claimable(
        table().where({
          key_hash: claim.keyHash,
          status: 'open',
          version: alert.version,
        }),
      ).update({
        status: 'resolved',
        resolved_at: at,
        pending: notify ? 'resolved' : null,
        claim_token: claim.token,
        claimed_at: claim.claimedAt,
        version: bump(),
      });
      return claimed(claim, changed);
    },

    async claimPending(alert) {
      const claim = newClaim(alertKeyHash(alert.key), true);
      const changed = await claimable(
        table().where({
          key_hash: claim.keyHash,
          pending: alert.pending ?? null,
          version: alert.version,
        }),
      ).update({
        claim_token: claim.token,
        claimed_at: claim.claimedAt,
        version: bump(),
      });
      return claimed(claim, changed);
    },

    async finish(claim, opened) {
      await table()
        .where({ key_hash: claim.keyHash, claim_token: claim.token })
        .update({
          pending: null,
          claim_token: null,
          claimed_at: null,
          ...(opened && {
            recipient: opened.recipient,
            notified_at: opened.notifiedAt,
          }),
          version: bump(),
        });
    },

    async release(claim) {
      await table()
        .where({ key_hash: claim.keyHash, claim_token: claim.token })
        .update({ claim_token: null, claimed_at: null, version: bump() });
    },

    async touch(alerts, at) {
      for (let i = 0; i < alerts.length; i += CHUNK) {
        await table()
          .whereIn(
            'key_hash',
            alerts.slice(i, i + CHUNK).map(a => alertKeyHash(a.key)),
          )
          .where('status', 'open')
          .update({ last_seen_at: at });
      }
    },

    async redescribe(alert) {
      await table()
        .where({ key_hash: alertKeyHash(alert.key), status: 'open' })
        .update(describedBy(alert));
    },
  };
}
