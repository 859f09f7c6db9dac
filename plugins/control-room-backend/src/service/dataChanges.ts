import { randomUUID } from 'node:crypto';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { EventsService } from '@backstage/plugin-events-node';

/**
 * Tells the API that the lakehouse changed (a job run finished), so cached
 * answers are read again before open tabs reload on the run's signal.
 */
export interface DataChanges {
  subscribe(listener: () => void): void;
  notify(): void;
}

/** Events topic on which replicas tell each other the lakehouse changed. */
export const DATA_CHANGES_TOPIC = 'control-room.data-changed';

export interface DataChangesOptions {
  /**
   * Backstage's events service: with the events backend on PostgreSQL it
   * carries a change to every replica, whose caches would otherwise serve
   * the old answer until they expire.
   */
  events?: EventsService;
  logger?: LoggerService;
}

/** One per plugin instance; listeners live in the closure. */
export function createDataChanges(
  options: DataChangesOptions = {},
): DataChanges {
  const { events, logger } = options;
  const listeners: Array<() => void> = [];
  const tellListeners = () => {
    for (const listener of listeners) {
      listener();
    }
  };
  // Each replica subscribes under its own id: subscribers sharing an id
  // would split the events between them.
  const origin = randomUUID();
  events
    ?.subscribe({
      id: `data-changes-${origin}`,
      topics: [DATA_CHANGES_TOPIC],
      onEvent: async ({ eventPayload }) => {
        if ((eventPayload as { origin?: string })?.origin !== origin) {
          tellListeners();
        }
      },
    })
    .catch(error =>
      logger?.warn(
        'Could not subscribe to data changes of other replicas',
        error as Error,
      ),
    );
  return {
    subscribe: listener => {
      listeners.push(listener);
    },
    notify: () => {
      // This replica first and at once: its tabs reload on the signal.
      tellListeners();
      events
        ?.publish({ topic: DATA_CHANGES_TOPIC, eventPayload: { origin } })
        .catch(error =>
          logger?.warn(
            'Could not tell other replicas the data changed',
            error as Error,
          ),
        );
    },
  };
}
