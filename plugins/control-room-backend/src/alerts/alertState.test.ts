import { mockServices, TestDatabaseId } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import {
  DuckDbLakehouse,
  jobRuns,
  Lakehouse,
  lakehouseTables,
} from '@finance-ppm/plugin-control-room-node';
import { Knex } from 'knex';
import { pluginTestDatabases } from '../database/__testUtils__/testDatabases';
import { migrateDatabase } from '../database/migrateDatabase';
import { migrateLakehouse } from '../lakehouse/migrations';
import { createAlertMonitor } from './alertMonitor';
import { ALERT_STATE_TABLE, createAlertStateStore } from './alertState';
import { readAlertSettings } from './config';
import { failedGoldRun } from './__testUtils__/failedGoldRun';

/*
 * Two replicas: two monitors, each with its own store, on one plugin
 * database (SQLite, and PostgreSQL when scripts/test.sh provides one) and
 * one lakehouse. Notifications land in one recording NotificationService.
 */

const settings = readAlertSettings(new ConfigReader({}));
const TOPIC = 'job-failed:ppm_marts_gold';

// A plain row, as upsert takes it.
const failedRun = { ...failedGoldRun() };
const successfulRun = {
  ...failedRun,
  run_id: 'r2',
  status: 'SUCCESS',
  started_at: '2026-03-01T10:05:00.000Z',
  ended_at: '2026-03-01T10:06:00.000Z',
  error_message: null,
};

/** Slow enough that two unguarded replicas would both send. */
function recordingNotifications(
  options: { failFirst?: number; delayMs?: number } = {},
) {
  const sent: NotificationSendOptions[] = [];
  let failures = options.failFirst ?? 0;
  return {
    sent,
    service: {
      async send(notification: NotificationSendOptions) {
        await new Promise(resolve =>
          setTimeout(resolve, options.delayMs ?? 20),
        );
        if (failures > 0) {
          failures -= 1;
          throw new Error('notifications backend down');
        }
        sent.push(notification);
      },
    },
  };
}

describe('alert state shared by replicas', () => {
  const databases = pluginTestDatabases();
  let lakehouse: Lakehouse;
  beforeEach(async () => {
    lakehouse = await DuckDbLakehouse.open({ path: ':memory:' });
    await migrateLakehouse(lakehouse, lakehouseTables);
  });
  afterEach(() => lakehouse.close());

  async function twoReplicas(
    databaseId: TestDatabaseId,
    notifications: { send(n: NotificationSendOptions): Promise<void> },
    clock: { now: Date } = { now: new Date('2026-03-01T10:10:00.000Z') },
  ) {
    const knex = await databases.init(databaseId);
    await migrateDatabase(knex);
    const replica = () =>
      createAlertMonitor({
        lakehouse,
        state: createAlertStateStore({ knex, now: () => clock.now }),
        notifications,
        projects: async () => new Map(),
        settings,
        logger: mockServices.logger.mock(),
        now: () => clock.now,
        watchingSince: new Date('2026-03-01T10:00:00.000Z'),
      });
    return { knex, replicas: [replica(), replica()], clock };
  }

  const rowsOf = (knex: Knex) =>
    knex(ALERT_STATE_TABLE).select(
      'alert_key',
      'status',
      'pending',
      'claim_token',
      'recipient',
      'notified_at',
    );

  it.each(databases.eachSupportedId())(
    'notifies an opening once and its recovery once when two replicas evaluate together, on %s',
    async databaseId => {
      const notifications = recordingNotifications();
      const { knex, replicas } = await twoReplicas(
        databaseId,
        notifications.service,
      );
      await lakehouse.upsert(jobRuns, [failedRun]);

      const opening = await Promise.all([
        ...replicas.map(r => r.evaluate()),
        ...replicas.map(r => r.evaluate()),
      ]);

      expect(notifications.sent.map(n => n.payload.topic)).toEqual([TOPIC]);
      expect(opening.reduce((n, r) => n + r.notificationsSent, 0)).toBe(1);
      expect(await rowsOf(knex)).toEqual([
        {
          alert_key: TOPIC,
          status: 'open',
          pending: null,
          claim_token: null,
          recipient: 'group:default/platform',
          notified_at: '2026-03-01T10:10:00.000Z',
        },
      ]);

      await lakehouse.upsert(jobRuns, [successfulRun]);
      await Promise.all([
        ...replicas.map(r => r.evaluate()),
        ...replicas.map(r => r.evaluate()),
      ]);

      expect(
        notifications.sent.map(n => [n.payload.topic, n.payload.title]),
      ).toEqual([
        [TOPIC, 'Job [PPM] Compute Gold Marts is failing'],
        [TOPIC, 'Recovered: Job [PPM] Compute Gold Marts is failing'],
      ]);
      expect(await rowsOf(knex)).toEqual([
        expect.objectContaining({ status: 'resolved', pending: null }),
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'opens the next episode once after a recovery, on %s',
    async databaseId => {
      const notifications = recordingNotifications({ delayMs: 1 });
      const { replicas, clock } = await twoReplicas(
        databaseId,
        notifications.service,
      );
      await lakehouse.upsert(jobRuns, [failedRun]);
      await replicas[0].evaluate();
      await lakehouse.upsert(jobRuns, [successfulRun]);
      await replicas[1].evaluate();
      await lakehouse.upsert(jobRuns, [
        {
          ...failedRun,
          run_id: 'r3',
          started_at: '2026-03-01T10:20:00.000Z',
          error_message: 'boom again',
        },
      ]);
      clock.now = new Date('2026-03-01T10:25:00.000Z');

      await Promise.all(replicas.map(r => r.evaluate()));

      expect(
        notifications.sent.map(n => [n.payload.title, n.payload.scope]),
      ).toEqual([
        [
          'Job [PPM] Compute Gold Marts is failing',
          `${TOPIC}@2026-03-01T10:00:00.000Z`,
        ],
        [
          'Recovered: Job [PPM] Compute Gold Marts is failing',
          `${TOPIC}@2026-03-01T10:00:00.000Z`,
        ],
        [
          'Job [PPM] Compute Gold Marts is failing',
          `${TOPIC}@2026-03-01T10:20:00.000Z`,
        ],
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'leaves a failed notification owed, and one replica sends it later, on %s',
    async databaseId => {
      const notifications = recordingNotifications({ failFirst: 1 });
      const { knex, replicas } = await twoReplicas(
        databaseId,
        notifications.service,
      );
      await lakehouse.upsert(jobRuns, [failedRun]);

      expect((await replicas[0].evaluate()).notificationsSent).toBe(0);
      expect(notifications.sent).toEqual([]);
      expect(await rowsOf(knex)).toEqual([
        expect.objectContaining({ pending: 'opened', claim_token: null }),
      ]);

      await Promise.all(replicas.map(r => r.evaluate()));
      await Promise.all(replicas.map(r => r.evaluate()));
      expect(notifications.sent.map(n => n.payload.topic)).toEqual([TOPIC]);
    },
  );

  it.each(databases.eachSupportedId())(
    'takes over a notification whose replica died mid-send, after the claim went stale, on %s',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await migrateDatabase(knex);
      await lakehouse.upsert(jobRuns, [failedRun]);
      const clock = { now: new Date('2026-03-01T10:10:00.000Z') };
      const monitorOn = (send: (n: NotificationSendOptions) => Promise<void>) =>
        createAlertMonitor({
          lakehouse,
          state: createAlertStateStore({
            knex,
            staleClaimMs: 60_000,
            now: () => clock.now,
          }),
          notifications: { send },
          projects: async () => new Map(),
          settings,
          logger: mockServices.logger.mock(),
          now: () => clock.now,
          watchingSince: new Date('2026-03-01T10:00:00.000Z'),
        });
      // The first replica claims the opening and never comes back.
      let claimed = false;
      void monitorOn(() => {
        claimed = true;
        return new Promise(() => {});
      }).evaluate();
      while (!claimed) {
        await new Promise(resolve => setTimeout(resolve, 5));
      }
      const sent: NotificationSendOptions[] = [];
      const survivor = monitorOn(async n => void sent.push(n));

      expect((await survivor.evaluate()).notificationsSent).toBe(0);
      clock.now = new Date('2026-03-01T10:11:01.000Z');
      expect((await survivor.evaluate()).notificationsSent).toBe(1);
      expect(sent.map(n => n.payload.topic)).toEqual([TOPIC]);
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps the text of an open alert in step with the data, without notifying again, on %s',
    async databaseId => {
      const notifications = recordingNotifications({ delayMs: 1 });
      const { knex, replicas } = await twoReplicas(
        databaseId,
        notifications.service,
      );
      await lakehouse.upsert(jobRuns, [failedRun]);
      await replicas[0].evaluate();
      await lakehouse.upsert(jobRuns, [
        {
          ...failedRun,
          run_id: 'r3',
          started_at: '2026-03-01T10:08:00.000Z',
          error_message: 'a different failure',
        },
      ]);

      await replicas[1].evaluate();

      const [row] = await knex(ALERT_STATE_TABLE).select(
        'description',
        'since',
      );
      expect(row.description).toContain('a different failure');
      expect(row.since).toBe('2026-03-01T10:00:00.000Z');
      expect(notifications.sent).toHaveLength(1);
      const state = createAlertStateStore({ knex });
      expect((await state.readOpen()).map(a => a.key)).toEqual([TOPIC]);
    },
  );
});
