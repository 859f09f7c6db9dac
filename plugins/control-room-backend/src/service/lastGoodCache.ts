/**
 * Remembers the last good answer of each read so that, while the lakehouse
 * is down, the API answers from it with the time it was read. One instance
 * per router; nothing is kept at module level.
 */
export class LastGoodCache {
  private readonly entries = new Map<
    string,
    { value: unknown; readAt: string }
  >();
  // One lakehouse read per key at a time; concurrent callers share it.
  private readonly inFlight = new Map<string, Promise<unknown>>();
  // Answers read before this time are not reused, though still kept as the
  // last good answer.
  private staleBeforeMs = 0;

  /**
   * @param freshForMs - how long an answer is reused without asking the
   *   lakehouse again; gold marts change hourly, so seconds are safe.
   * @param maxEntries - bound on remembered queries; the oldest go first.
   */
  constructor(
    private readonly freshForMs = 0,
    private readonly maxEntries = 1000,
  ) {}

  /**
   * Runs `read`; on success stores and returns the fresh value. On failure
   * returns the stored value with `as_of`, or rethrows when there is none.
   */
  async read<T extends object>(
    key: string,
    read: () => Promise<T>,
    now: () => Date,
  ): Promise<T & { as_of?: string }> {
    const stored = this.entries.get(key);
    const readAtMs = stored ? Date.parse(stored.readAt) : 0;
    if (
      stored &&
      readAtMs >= this.staleBeforeMs &&
      now().getTime() - readAtMs < this.freshForMs
    ) {
      return stored.value as T;
    }
    try {
      return (await this.readOnce(key, read, now)) as T;
    } catch (error) {
      if (!stored) {
        throw error;
      }
      return { ...(stored.value as T), as_of: stored.readAt };
    }
  }

  /**
   * Makes every stored answer stale, e.g. after a job run changed the data,
   * so the next read of each key asks the lakehouse.
   */
  markStale(at: Date) {
    this.staleBeforeMs = at.getTime() + 1;
  }

  private readOnce<T>(key: string, read: () => Promise<T>, now: () => Date) {
    const pending = this.inFlight.get(key);
    if (pending) {
      return pending;
    }
    const started = read()
      .then(value => {
        this.remember(key, value, now().toISOString());
        return value;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, started);
    return started;
  }

  private remember(key: string, value: unknown, readAt: string) {
    // Re-inserting keeps Map order as recency, so the oldest is evicted first.
    this.entries.delete(key);
    this.entries.set(key, { value, readAt });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) {
        this.entries.delete(oldest);
      }
    }
  }
}
