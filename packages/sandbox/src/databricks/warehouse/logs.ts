/**
 * How many entries the emulators keep in their request and statement logs
 * and how many ended runs they remember: enough for any test, bounded for
 * a portal left running (`yarn start:databricks`).
 */
export const LOG_LIMIT = 1000;

/** Appends to a log, dropping the oldest entries past {@link LOG_LIMIT}. */
export function appendBounded<T>(log: T[], entry: T): void {
  log.push(entry);
  if (log.length > LOG_LIMIT) {
    log.splice(0, log.length - LOG_LIMIT);
  }
}
