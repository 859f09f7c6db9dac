import { migrateDatabase } from '../database';
import { pluginTestDatabases } from '../database/__testUtils__/testDatabases';
import {
  databaseSeenWebhookEvents,
  memorySeenWebhookEvents,
  WEBHOOK_EVENTS_TABLE,
} from './webhookEvents';

const at = (iso: string) => new Date(iso);

describe('memorySeenWebhookEvents', () => {
  it('claims an id once until it expires', async () => {
    const seen = memorySeenWebhookEvents();
    const expires = at('2026-11-25T10:06:00Z');
    expect(await seen.claim('evt-1', expires, at('2026-11-25T10:00:00Z'))).toBe(
      true,
    );
    expect(await seen.claim('evt-1', expires, at('2026-11-25T10:01:00Z'))).toBe(
      false,
    );
    expect(await seen.claim('evt-2', expires, at('2026-11-25T10:01:00Z'))).toBe(
      true,
    );
    expect(await seen.claim('evt-1', expires, at('2026-11-25T10:06:00Z'))).toBe(
      true,
    );
  });
});

describe('databaseSeenWebhookEvents', () => {
  const databases = pluginTestDatabases();

  it.each(databases.eachSupportedId())(
    'refuses a replay on another replica and forgets expired ids, on %s',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await migrateDatabase(knex);
      // Migrating again is harmless: every replica does at start.
      await migrateDatabase(knex);
      const replicaA = databaseSeenWebhookEvents(knex);
      const replicaB = databaseSeenWebhookEvents(knex);
      const expires = at('2026-11-25T10:06:00Z');
      const now = at('2026-11-25T10:00:00Z');

      expect(await replicaA.claim('evt-1', expires, now)).toBe(true);
      expect(await replicaB.claim('evt-1', expires, now)).toBe(false);
      expect(await replicaA.claim('evt-1', expires, now)).toBe(false);

      const later = at('2026-11-25T10:07:00Z');
      expect(
        await replicaB.claim('evt-2', at('2026-11-25T10:13:00Z'), later),
      ).toBe(true);
      // evt-1 expired and was removed when evt-2 arrived.
      expect(
        (await knex(WEBHOOK_EVENTS_TABLE).select('event_id')).map(
          row => row.event_id,
        ),
      ).toEqual(['evt-2']);
    },
  );
});
