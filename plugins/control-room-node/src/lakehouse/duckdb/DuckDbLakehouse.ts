import fs from 'node:fs/promises';
import path from 'node:path';
import {
  DuckDBConnection,
  DuckDBInstance,
  DuckDBMaterializedResult,
  DuckDBPreparedStatement,
  DuckDBType,
} from '@duckdb/node-api';
import { InputError } from '@backstage/errors';
import {
  Lakehouse,
  LakehouseDialect,
  SqlParams,
  SqlRow,
  TableDeclaration,
  UpsertResult,
} from '../types';
import { ConnectionPool, SerialQueue } from './connections';
import {
  DUCKDB_ROW_GROUP_SIZE,
  duckDbDialect,
  quoteIdentifier,
  renderCluster,
  renderClusterSpread,
} from './duckDbDialect';
import { decodeDuckDbValue, encodeDuckDbParameter } from './duckDbValues';
import {
  assertParametersMatch,
  rewriteNamedParameters,
} from './namedParameters';
import { renderSparkCompatScript } from './sparkCompat';
import {
  chunkStagedRows,
  planUpsert,
  renderDropStagingTable,
  renderMergeFromStaging,
  renderStagingTable,
  STAGING_TABLE,
  UpsertPlan,
} from './upsertPlan';

/** The path that opens a database in memory, gone when closed. */
export const IN_MEMORY_DATABASE = ':memory:';

/** How many reader connections a lakehouse opens at most by default. */
export const DEFAULT_MAX_READER_CONNECTIONS = 4;

/** @public */
export interface DuckDbLakehouseOptions {
  /**
   * The database file (its parent directories are created), or `:memory:`.
   * Open one lakehouse per file per process: writes are serialised per
   * lakehouse, not across lakehouses.
   */
  path: string;
  /** Reader connections open at once; default 4. */
  maxReaderConnections?: number;
  /** A statement running longer is interrupted; default 300 000 (5 min). */
  statementTimeoutMs?: number;
  /**
   * Rows per row group of a database file (a multiple of 2048); DuckDB's
   * own 122 880 when unset. A checkpoint merges the small row groups that
   * appends leave, and a merge into a row group of wide JSON rows (Notion
   * payloads) holds them in memory outside `memory_limit`: smaller row
   * groups bound that. Ignored for `:memory:`.
   */
  rowGroupSize?: number;
  /**
   * DuckDB's `memory_limit` for the database, e.g. `512MB` or `2GB`; unset,
   * DuckDB's own default (80 % of the machine's memory). Beyond it DuckDB
   * spills to disk. It bounds DuckDB's buffers, which otherwise keep the
   * blocks a long sync or rebuild read. Set per database: every lakehouse
   * open on the same file in this process shares it.
   */
  memoryLimit?: string;
}

/** Default of {@link DuckDbLakehouseOptions.statementTimeoutMs}. */
export const DEFAULT_DUCKDB_STATEMENT_TIMEOUT_MS = 300_000;

/** Runs a prepared statement, interrupting the connection past `timeoutMs`. */
async function runWithTimeout(
  connection: DuckDBConnection,
  prepared: DuckDBPreparedStatement,
  timeoutMs: number,
): Promise<DuckDBMaterializedResult> {
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    connection.interrupt();
  }, timeoutMs);
  try {
    return await prepared.run();
  } catch (error) {
    if (timedOut) {
      throw new Error(
        `The DuckDB statement ran longer than ${timeoutMs} ms and was interrupted`,
      );
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A read's rows with its result columns, in order, and their DuckDB types.
 *
 * @public
 */
export interface DuckDbResultWithColumns {
  columns: Array<{ name: string; type: DuckDBType }>;
  rows: SqlRow[];
}

/**
 * Statements inside one write transaction, on the writer connection.
 *
 * @public
 */
export interface DuckDbTransaction {
  /** A read that sees this transaction's own uncommitted writes. */
  query<T extends SqlRow = SqlRow>(
    sql: string,
    params?: SqlParams,
  ): Promise<T[]>;
  execute(sql: string, params?: SqlParams): Promise<void>;
  upsert(table: TableDeclaration, rows: SqlRow[]): Promise<UpsertResult>;
}

/**
 * Session settings and Spark macros for a new connection. UTC keeps
 * TIMESTAMPTZ -> TIMESTAMP casts (current_timestamp, text with offsets)
 * independent of the host's time zone. Not preserving insertion order lets
 * INSERT ... SELECT write in parallel; every read that needs an order says
 * ORDER BY, as on Spark.
 */
function connectionSetupScript(catalog: string | undefined): string {
  const use = catalog ? `USE ${quoteIdentifier(catalog)};\n` : '';
  return `${use}SET TimeZone = 'UTC';\nSET preserve_insertion_order = false;\n${renderSparkCompatScript()}`;
}

async function openConnection(
  instance: DuckDBInstance,
  catalog: string | undefined,
): Promise<DuckDBConnection> {
  const connection = await instance.connect();
  try {
    await connection.run(connectionSetupScript(catalog));
    return connection;
  } catch (error) {
    connection.closeSync();
    throw error;
  }
}

/** The catalog name of a file attached with its own row group size. */
const ATTACHED_CATALOG = 'lakehouse';

/** A size DuckDB reads, such as `256MB`, `1.5GB` or `512MiB`. */
const MEMORY_LIMIT_PATTERN = /^\d+(\.\d+)?\s*[KMGT]i?B$/i;

function assertMemoryLimit(memoryLimit: string) {
  if (!MEMORY_LIMIT_PATTERN.test(memoryLimit.trim())) {
    throw new InputError(
      `The DuckDB memory limit must be a size such as 512MB or 2GB, got '${memoryLimit}'`,
    );
  }
}

function assertRowGroupSize(rowGroupSize: number) {
  if (
    !Number.isInteger(rowGroupSize) ||
    rowGroupSize < 2048 ||
    rowGroupSize % 2048 !== 0
  ) {
    throw new InputError(
      `The DuckDB row group size must be a positive multiple of 2048, got ${rowGroupSize}`,
    );
  }
}

/**
 * Attaches the file with the row group size, spilling beside it as DuckDB
 * does for a file it opens itself. Another lakehouse on the same file in
 * this process shares the attachment.
 */
async function attachFile(
  instance: DuckDBInstance,
  databasePath: string,
  rowGroupSize: number,
) {
  const connection = await instance.connect();
  try {
    const quotedPath = `'${databasePath.replace(/'/g, "''")}'`;
    const quotedTemp = `'${`${databasePath}.tmp`.replace(/'/g, "''")}'`;
    await connection.run(
      `ATTACH IF NOT EXISTS ${quotedPath} AS ${quoteIdentifier(
        ATTACHED_CATALOG,
      )} (ROW_GROUP_SIZE ${rowGroupSize});\nSET temp_directory = ${quotedTemp}`,
    );
  } finally {
    connection.closeSync();
  }
}

async function resolveDatabasePath(databasePath: string): Promise<string> {
  if (databasePath === IN_MEMORY_DATABASE) {
    return databasePath;
  }
  if (databasePath.trim() === '') {
    throw new InputError(
      `The DuckDB path is empty; give a file path or ${IN_MEMORY_DATABASE}`,
    );
  }
  const absolute = path.resolve(databasePath);
  await fs.mkdir(path.dirname(absolute), { recursive: true });
  return absolute;
}

function bindParameters(
  prepared: DuckDBPreparedStatement,
  params: SqlParams,
): void {
  for (let index = 1; index <= prepared.parameterCount; index += 1) {
    const name = prepared.parameterName(index);
    if (!Object.prototype.hasOwnProperty.call(params, name)) {
      // Only `?` or a hand-written `$name` get here; :name was checked.
      throw new InputError(
        `SQL uses parameter ${name}, which is not a :name parameter; write parameters as :name`,
      );
    }
    const binding = encodeDuckDbParameter(name, params[name]);
    prepared.bindValue(index, binding.value, binding.type);
  }
}

/** Binds and runs one prepared statement, then frees it. */
async function runPrepared(
  connection: DuckDBConnection,
  prepared: DuckDBPreparedStatement,
  params: SqlParams,
  timeoutMs: number,
): Promise<DuckDBMaterializedResult> {
  try {
    bindParameters(prepared, params);
    return await runWithTimeout(connection, prepared, timeoutMs);
  } finally {
    prepared.destroySync();
  }
}

/**
 * Runs every statement in `sql` in turn, each bound to the parameters it
 * uses, and returns the last statement's result.
 */
async function runSql(
  connection: DuckDBConnection,
  sql: string,
  params: SqlParams = {},
  timeoutMs: number = DEFAULT_DUCKDB_STATEMENT_TIMEOUT_MS,
): Promise<DuckDBMaterializedResult | undefined> {
  const rewritten = rewriteNamedParameters(sql);
  assertParametersMatch(rewritten.names, params);
  if (!rewritten.mayHoldSeveralStatements) {
    // One statement: prepared directly, a round trip through Node's thread
    // pool fewer than extracting it first.
    return runPrepared(
      connection,
      await connection.prepare(rewritten.sql),
      params,
      timeoutMs,
    );
  }
  const statements = await connection.extractStatements(rewritten.sql);
  let last: DuckDBMaterializedResult | undefined;
  for (let index = 0; index < statements.count; index += 1) {
    last = await runPrepared(
      connection,
      await statements.prepare(index),
      params,
      timeoutMs,
    );
  }
  return last;
}

/**
 * The rows of a result, each cell in the engine-neutral form. Filled column
 * by column: each column's vector is looked up once per chunk rather than
 * once per cell, which is most of the cost of large reads (the API decodes
 * thousands of rows per request). Duplicate column names get DuckDB's
 * suffixes, as `convertRowObjects` gives them.
 */
function readRows(result: DuckDBMaterializedResult | undefined): SqlRow[] {
  if (!result) {
    return [];
  }
  const names = result.deduplicatedColumnNames();
  const rows: SqlRow[] = [];
  // A materialised result's chunks are read in place, without a round
  // trip through Node's thread pool per chunk.
  for (let chunkIndex = 0; chunkIndex < result.chunkCount; chunkIndex += 1) {
    const chunk = result.getChunk(chunkIndex);
    const first = rows.length;
    const count = chunk.rowCount;
    for (let index = 0; index < count; index += 1) {
      rows.push({});
    }
    names.forEach((name, column) => {
      const vector = chunk.getColumnVector(column);
      for (let index = 0; index < count; index += 1) {
        rows[first + index][name] = decodeDuckDbValue(vector.getItem(index));
      }
    });
  }
  return rows;
}

function readRowsWithColumns(
  result: DuckDBMaterializedResult | undefined,
): DuckDbResultWithColumns {
  if (!result) {
    return { columns: [], rows: [] };
  }
  const types = result.columnTypes();
  return {
    columns: result
      .columnNames()
      .map((name, index) => ({ name, type: types[index] })),
    rows: readRows(result),
  };
}

/**
 * Appends a planned batch to a TEMP staging table and MERGEs it into the
 * target, a chunk of at most `MAX_TEXT_PER_UPSERT_STATEMENT` of text at a
 * time.
 * Call inside a transaction: a failure then leaves no trace. The plan kept
 * one row per key, so the chunks' order only matters for keys that are
 * one once cast, and later rows still win there.
 */
async function mergePlannedBatch(
  connection: DuckDBConnection,
  plan: UpsertPlan,
): Promise<UpsertResult> {
  let rows = 0;
  for (const chunk of chunkStagedRows(plan.stagedRows)) {
    await connection.run(renderStagingTable(plan));
    const appender = await connection.createAppender(
      STAGING_TABLE,
      'main',
      'temp',
    );
    try {
      chunk.forEach((row, rowOrder) => {
        for (const text of row) {
          if (text === null) {
            appender.appendNull();
          } else {
            appender.appendVarchar(text);
          }
        }
        appender.appendBigInt(BigInt(rowOrder));
        appender.endRow();
      });
    } finally {
      appender.closeSync();
    }
    const merged = await connection.run(renderMergeFromStaging(plan));
    await connection.run(renderDropStagingTable());
    rows += merged.rowsChanged;
  }
  return { rows };
}

/**
 * Memory that rows appended to a database file may hold before the
 * lakehouse checkpoints them to the file. DuckDB keeps appended rows in
 * in-memory blocks (tag IN_MEMORY_TABLE) until a checkpoint, and checkpoints
 * by WAL size (16 MB): narrow rows in small row groups fill a block per
 * column per row group, about 3.7 kB a silver row at 2048 rows a group
 * against some 150 B of WAL, so 100 000 upserted rows held 350 MB before
 * DuckDB checkpointed on its own.
 */
export const UNCHECKPOINTED_APPENDS_LIMIT_BYTES = 32 * 1024 * 1024;

/**
 * Checkpoints when appended rows hold more than
 * {@link UNCHECKPOINTED_APPENDS_LIMIT_BYTES}. A checkpoint another
 * transaction blocks is skipped: the next write tries again.
 */
async function checkpointHeldAppends(connection: DuckDBConnection) {
  const held = await connection.runAndReadAll(
    `SELECT memory_usage_bytes FROM duckdb_memory() WHERE tag = 'IN_MEMORY_TABLE'`,
  );
  const bytes = Number(held.getRows()[0]?.[0] ?? 0);
  if (bytes > UNCHECKPOINTED_APPENDS_LIMIT_BYTES) {
    await connection.run('CHECKPOINT').catch(error => {
      if (!/other .*transactions/i.test(String(error?.message))) throw error;
    });
  }
}

/** Runs `work` between BEGIN and COMMIT, rolling back when it throws. */
async function inTransaction<T>(
  connection: DuckDBConnection,
  work: () => Promise<T>,
): Promise<T> {
  await connection.run('BEGIN TRANSACTION');
  try {
    const result = await work();
    await connection.run('COMMIT');
    return result;
  } catch (error) {
    // After a failed COMMIT DuckDB has rolled back already; ignore that.
    await connection.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

function transactionOn(
  connection: DuckDBConnection,
  isOpen: () => boolean,
  timeoutMs: number,
): DuckDbTransaction {
  const assertOpen = () => {
    if (!isOpen()) {
      throw new Error('This DuckDB transaction has already ended');
    }
  };
  return {
    async query<T extends SqlRow = SqlRow>(sql: string, params?: SqlParams) {
      assertOpen();
      return readRows(await runSql(connection, sql, params, timeoutMs)) as T[];
    },
    async execute(sql, params) {
      assertOpen();
      await runSql(connection, sql, params, timeoutMs);
    },
    async upsert(table, rows) {
      assertOpen();
      return mergePlannedBatch(connection, planUpsert(table, rows));
    },
  };
}

/**
 * The embedded DuckDB engine.
 *
 * One writer connection behind a serialising queue takes every write, so
 * concurrent callers never interleave inside a transaction; reads run on a
 * small pool of other connections and see the last committed state while a
 * write is in progress (DuckDB's MVCC). Every connection has its session
 * time zone pinned to UTC and the Spark compatibility macros.
 *
 * @public
 */
export class DuckDbLakehouse implements Lakehouse {
  readonly engine = 'duckdb' as const;
  readonly dialect: LakehouseDialect = duckDbDialect;

  private readonly writes = new SerialQueue();
  private readonly inFlight = new Set<Promise<unknown>>();
  private closing: Promise<void> | undefined;

  private constructor(
    /** The absolute file path, or `:memory:`. */
    readonly databasePath: string,
    private readonly instance: DuckDBInstance,
    private readonly writer: DuckDBConnection,
    private readonly readers: ConnectionPool<DuckDBConnection>,
    private readonly statementTimeoutMs: number,
    /** Rows per row group of the file, what `cluster` measures spread in. */
    private readonly rowGroupSize: number,
  ) {}

  /**
   * Opens (or creates) the database. A file is opened through DuckDB's
   * instance cache, so the process holds one database per file however
   * many times it is opened.
   */
  static async open(options: DuckDbLakehouseOptions): Promise<DuckDbLakehouse> {
    const databasePath = await resolveDatabasePath(options.path);
    const attached =
      databasePath !== IN_MEMORY_DATABASE && options.rowGroupSize !== undefined;
    if (attached) assertRowGroupSize(options.rowGroupSize!);
    if (options.memoryLimit !== undefined) {
      assertMemoryLimit(options.memoryLimit);
    }
    let instance: DuckDBInstance;
    if (databasePath === IN_MEMORY_DATABASE) {
      instance = await DuckDBInstance.create(databasePath);
    } else if (attached) {
      // The row group size is an ATTACH option: the file is attached to a
      // named in-memory instance, cached per file like the plain one.
      instance = await DuckDBInstance.fromCache(
        `${IN_MEMORY_DATABASE}${databasePath}`,
      );
    } else {
      instance = await DuckDBInstance.fromCache(databasePath);
    }
    const catalog = attached ? ATTACHED_CATALOG : undefined;
    try {
      if (attached) {
        await attachFile(instance, databasePath, options.rowGroupSize!);
      }
      const writer = await openConnection(instance, catalog);
      if (options.memoryLimit !== undefined) {
        // SET takes no parameters; the value matched MEMORY_LIMIT_PATTERN.
        await writer.run(`SET memory_limit = '${options.memoryLimit.trim()}'`);
      }
      const readers = new ConnectionPool(
        () => openConnection(instance, catalog),
        options.maxReaderConnections ?? DEFAULT_MAX_READER_CONNECTIONS,
      );
      return new DuckDbLakehouse(
        databasePath,
        instance,
        writer,
        readers,
        options.statementTimeoutMs ?? DEFAULT_DUCKDB_STATEMENT_TIMEOUT_MS,
        attached ? options.rowGroupSize! : DUCKDB_ROW_GROUP_SIZE,
      );
    } catch (error) {
      instance.closeSync();
      throw error;
    }
  }

  query<T extends SqlRow = SqlRow>(
    sql: string,
    params?: SqlParams,
  ): Promise<T[]> {
    return this.track(() =>
      this.readers.use(
        async connection =>
          readRows(
            await runSql(connection, sql, params, this.statementTimeoutMs),
          ) as T[],
      ),
    );
  }

  /**
   * A read like `query`, also returning the result columns' DuckDB types:
   * the Databricks warehouse emulator reports them as the result schema.
   */
  queryWithColumns(
    sql: string,
    params?: SqlParams,
  ): Promise<DuckDbResultWithColumns> {
    return this.track(() =>
      this.readers.use(async connection =>
        readRowsWithColumns(
          await runSql(connection, sql, params, this.statementTimeoutMs),
        ),
      ),
    );
  }

  /**
   * Runs DDL or DML on the writer connection. Text that replaces a table
   * (`INSERT OVERWRITE`) commits as one transaction, so readers see the old
   * rows or the new ones, never an empty table.
   */
  execute(sql: string, params?: SqlParams): Promise<void> {
    const replacesTable = rewriteNamedParameters(sql).overwrites.length > 0;
    return this.track(() =>
      this.writes.run(async () => {
        if (replacesTable) {
          await inTransaction(this.writer, () =>
            runSql(this.writer, sql, params, this.statementTimeoutMs),
          );
        } else {
          await runSql(this.writer, sql, params, this.statementTimeoutMs);
        }
      }),
    );
  }

  upsert(table: TableDeclaration, rows: SqlRow[]): Promise<UpsertResult> {
    return this.track(async () => {
      // Planning validates every row before any write is queued.
      const plan = planUpsert(table, rows);
      if (plan.stagedRows.length === 0) {
        return { rows: 0 };
      }
      return this.writes.run(async () => {
        const result = await inTransaction(this.writer, () =>
          mergePlannedBatch(this.writer, plan),
        );
        if (this.databasePath !== IN_MEMORY_DATABASE) {
          await checkpointHeldAppends(this.writer);
        }
        return result;
      });
    });
  }

  /**
   * Runs `work` in one write transaction: committed when it resolves,
   * rolled back when it throws. Other writes wait until it ends, so `work`
   * must use `tx`, not this lakehouse's execute or upsert (those would wait
   * for it forever); reads through `query` see the state before it.
   */
  transaction<T>(work: (tx: DuckDbTransaction) => Promise<T>): Promise<T> {
    return this.track(() =>
      this.writes.run(async () => {
        let open = true;
        const tx = transactionOn(
          this.writer,
          () => open,
          this.statementTimeoutMs,
        );
        try {
          return await inTransaction(this.writer, () => work(tx));
        } finally {
          open = false;
        }
      }),
    );
  }

  /**
   * Rewrites a table in its declared `clusterBy` order, in one
   * transaction, when its clustering values have spread over more than one
   * row group beyond what their row counts need (rows appended out of
   * order by upserts since the last rewrite). Resolves true when it
   * rewrote the table.
   */
  async cluster(table: TableDeclaration): Promise<boolean> {
    if (!table.clusterBy?.length) {
      return false;
    }
    const [spread] = await this.query<{
      spread: number;
      rows_per_value: number;
    }>(renderClusterSpread(table, this.rowGroupSize));
    const needed = Number(spread?.rows_per_value ?? 0) / this.rowGroupSize;
    if (Number(spread?.spread ?? 0) <= needed + 2) {
      return false;
    }
    await this.transaction(async tx => {
      for (const statement of renderCluster(table)) {
        await tx.execute(statement);
      }
    });
    return true;
  }

  async ping(): Promise<void> {
    await this.track(() =>
      this.readers.use(connection => connection.run('SELECT 1')),
    );
  }

  /** Waits for running work, then closes every connection and the database. */
  close(): Promise<void> {
    if (!this.closing) {
      this.closing = (async () => {
        await Promise.allSettled([...this.inFlight]);
        this.readers.closeAll();
        this.writer.closeSync();
        this.instance.closeSync();
      })();
    }
    return this.closing;
  }

  private track<T>(operation: () => Promise<T>): Promise<T> {
    if (this.closing) {
      return Promise.reject(
        new Error(`The DuckDB lakehouse at ${this.databasePath} is closed`),
      );
    }
    const running = operation();
    this.inFlight.add(running);
    const forget = () => {
      this.inFlight.delete(running);
    };
    running.then(forget, forget);
    return running;
  }
}
