import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';

/**
 * Remembers received webhook event ids until they expire. `claim` answers
 * true the first time an id is claimed, false for a replay.
 */
export interface SeenWebhookEvents {
  claim(eventId: string, expiresAt: Date, now: Date): Promise<boolean>;
}

/** Event ids of one process; enough for a single replica and for tests. */
export function memorySeenWebhookEvents(): SeenWebhookEvents {
  const seen = new Map<string, number>();
  return {
    async claim(eventId, expiresAt, now) {
      for (const [id, expiry] of seen) {
        if (expiry <= now.getTime()) {
          seen.delete(id);
        }
      }
      if (seen.has(eventId)) {
        return false;
      }
      seen.set(eventId, expiresAt.getTime());
      return true;
    },
  };
}

// Created by migrations/20261128000000_webhook_events.js.
export const WEBHOOK_EVENTS_TABLE = 'control_room_webhook_events';

/**
 * Event ids in the plugin's database under a unique key, so a replay to any
 * replica is refused. Expired ids are removed as new ones arrive.
 */
export function databaseSeenWebhookEvents(knex: Knex): SeenWebhookEvents {
  return {
    async claim(eventId, expiresAt, now) {
      await knex(WEBHOOK_EVENTS_TABLE)
        .where('expires_at', '<=', now.getTime())
        .delete();
      // Whoever's claim token is stored got there first, on any replica.
      const claim = randomUUID();
      await knex(WEBHOOK_EVENTS_TABLE)
        .insert({
          event_id: eventId,
          expires_at: expiresAt.getTime(),
          claim,
        })
        .onConflict('event_id')
        .ignore();
      const [row] = await knex(WEBHOOK_EVENTS_TABLE)
        .where({ event_id: eventId })
        .select('claim');
      return row?.claim === claim;
    },
  };
}
