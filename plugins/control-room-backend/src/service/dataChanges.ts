/**
 * Tells the API that the lakehouse changed (a job run finished), so cached
 * answers are read again before open tabs reload on the run's signal.
 */
export interface DataChanges {
  subscribe(listener: () => void): void;
  notify(): void;
}

/** One per plugin instance; listeners live in the closure. */
export function createDataChanges(): DataChanges {
  const listeners: Array<() => void> = [];
  return {
    subscribe: listener => {
      listeners.push(listener);
    },
    notify: () => {
      for (const listener of listeners) {
        listener();
      }
    },
  };
}
