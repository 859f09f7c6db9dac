/**
 * Runs tasks one at a time in call order. The writer connection goes
 * through one, so a transaction is never interleaved with another write.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    // The next task waits for this one whether it succeeds or fails.
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves once every task queued so far has settled. */
  async drain(): Promise<void> {
    await this.tail;
  }
}

/** A pooled resource: anything that can be closed. */
export interface Closable {
  closeSync(): void;
}

/**
 * Reader connections, opened on demand up to `maxSize` and reused. A DuckDB
 * connection runs one query at a time, and each reader sees the last
 * committed state (MVCC), whatever the writer is in the middle of.
 */
export class ConnectionPool<C extends Closable> {
  private readonly idle: C[] = [];
  private readonly opened: C[] = [];
  private readonly waiting: Array<{
    resolve: (connection: C) => void;
    reject: (error: unknown) => void;
  }> = [];
  private opening = 0;

  constructor(
    private readonly openConnection: () => Promise<C>,
    private readonly maxSize: number,
  ) {
    if (!Number.isInteger(maxSize) || maxSize < 1) {
      throw new Error(
        `Connection pool size must be at least 1, got ${maxSize}`,
      );
    }
  }

  async use<T>(work: (connection: C) => Promise<T>): Promise<T> {
    const connection = await this.acquire();
    try {
      return await work(connection);
    } finally {
      this.release(connection);
    }
  }

  /** Closes every connection; call only once no `use` is in flight. */
  closeAll(): void {
    for (const connection of this.opened.splice(0)) {
      connection.closeSync();
    }
    this.idle.length = 0;
  }

  private async acquire(): Promise<C> {
    const idle = this.idle.pop();
    if (idle) {
      return idle;
    }
    if (this.opened.length + this.opening < this.maxSize) {
      this.opening += 1;
      try {
        const connection = await this.openConnection();
        this.opened.push(connection);
        return connection;
      } catch (error) {
        // With no connection left to be released, waiters would hang.
        if (this.opened.length === 0) {
          for (const waiter of this.waiting.splice(0)) {
            waiter.reject(error);
          }
        }
        throw error;
      } finally {
        this.opening -= 1;
      }
    }
    return new Promise((resolve, reject) =>
      this.waiting.push({ resolve, reject }),
    );
  }

  private release(connection: C): void {
    const next = this.waiting.shift();
    if (next) {
      next.resolve(connection);
    } else {
      this.idle.push(connection);
    }
  }
}
