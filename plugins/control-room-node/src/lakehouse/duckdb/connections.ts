import { DuckDBPreparedStatement } from '@duckdb/node-api';

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

/** A statement prepared once, with the :name parameters it binds in order. */
export interface CachedStatement {
  prepared: DuckDBPreparedStatement;
  names: string[];
}

/**
 * The prepared statements of one connection, by SQL text, least recently
 * used dropped first. The API asks the same few reads again and again, so
 * parsing and planning happen once per connection, not once per request.
 * A statement belongs to its connection: use the cache only while holding it.
 */
export class PreparedStatementCache {
  private readonly statements = new Map<string, CachedStatement>();

  constructor(private readonly maxSize: number) {}

  get size(): number {
    return this.statements.size;
  }

  get(sql: string): CachedStatement | undefined {
    const statement = this.statements.get(sql);
    if (statement) {
      // Re-inserting keeps Map order as recency.
      this.statements.delete(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  set(sql: string, statement: CachedStatement): void {
    this.forget(sql);
    this.statements.set(sql, statement);
    if (this.statements.size > this.maxSize) {
      const oldest = this.statements.keys().next().value;
      if (oldest !== undefined) {
        this.forget(oldest);
      }
    }
  }

  /** Drops one statement, e.g. after it failed, so it is prepared afresh. */
  forget(sql: string): void {
    const statement = this.statements.get(sql);
    if (statement) {
      this.statements.delete(sql);
      statement.prepared.destroySync();
    }
  }

  clear(): void {
    for (const sql of [...this.statements.keys()]) {
      this.forget(sql);
    }
  }
}
