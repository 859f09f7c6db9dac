import { randomUUID } from 'node:crypto';
import type {
  DuckDbLakehouse,
  SqlParams,
  SqlRow,
} from '@finance-ppm/plugin-control-room-node';
import {
  TCancelOperationReq,
  TCancelOperationResp,
  TCloseOperationReq,
  TCloseOperationResp,
  TCloseSessionReq,
  TCloseSessionResp,
  TExecuteStatementReq,
  TExecuteStatementResp,
  TFetchResultsReq,
  TFetchResultsResp,
  TGetInfoReq,
  TGetInfoResp,
  TGetOperationStatusReq,
  TGetOperationStatusResp,
  TGetResultSetMetadataReq,
  TGetResultSetMetadataResp,
  THandleIdentifier,
  TOpenSessionReq,
  TOpenSessionResp,
  TOperationHandle,
  TOperationState,
  TOperationType,
  TProtocolVersion,
  TSparkRowSetType,
  TStatus,
  TStatusCode,
} from '@databricks/sql/thrift/TCLIService_types';
import { StatementFailure, toStatementFailure } from './errors';
import { fromInt64, toInt64 } from './int64';
import { appendBounded } from './logs';
import { decodeSparkParameters } from './parameters';
import { ResultColumnType, resultSchema, thriftColumns } from './resultSet';
import { isReadStatement, sparkToDuckDbSql } from './sparkSql';

/** Settings of the emulated warehouse. */
export interface WarehouseOptions {
  /** The DuckDB lakehouse that holds the data. */
  lakehouse: DuckDbLakehouse;
  /** When set, a session asking for another catalog is refused. */
  catalog?: string;
  /** Rows per fetched batch at most, whatever the client asks; default 1000. */
  maxRowsPerBatch?: number;
  /**
   * How long ExecuteStatement waits for a statement before answering with
   * a handle to poll instead of direct results; default 50 ms.
   */
  directResultsWaitMs?: number;
}

/** Statements matching this are held and never finish until cancelled. */
export type HangMatcher = (statement: string) => boolean;

interface Operation {
  id: string;
  sessionId: string;
  handle: TOperationHandle;
  state: TOperationState;
  statement: string;
  columns: ResultColumnType[];
  rows: SqlRow[];
  cursor: number;
  hasResultSet: boolean;
  failure?: StatementFailure;
  done: Promise<void>;
  /** The hang matcher holding the statement, while it is held. */
  heldBy?: HangMatcher;
  release?: () => void;
  timeout?: NodeJS.Timeout;
}

interface Session {
  id: string;
  catalog?: string;
}

/** What a test can read about the warehouse's work. */
export interface WarehouseStatementLogEntry {
  statement: string;
  /** How it ended: FINISHED, ERROR, CANCELED, TIMEDOUT. */
  state: string;
  sqlState?: string;
}

const SERVER_PROTOCOL = TProtocolVersion.SPARK_CLI_SERVICE_PROTOCOL_V8;

const RUNNING_STATES = new Set<TOperationState>([
  TOperationState.INITIALIZED_STATE,
  TOperationState.PENDING_STATE,
  TOperationState.RUNNING_STATE,
]);

function handleId(): THandleIdentifier {
  const guid = Buffer.alloc(16);
  guid.write(randomUUID().replace(/-/g, ''), 'hex');
  return { guid, secret: Buffer.from(guid).reverse() } as THandleIdentifier;
}

function keyOf(id: THandleIdentifier | undefined | null): string {
  return id?.guid ? Buffer.from(id.guid).toString('hex') : '';
}

function ok(): TStatus {
  return { statusCode: TStatusCode.SUCCESS_STATUS } as TStatus;
}

function failed(
  message: string,
  sqlState: string,
  code = TStatusCode.ERROR_STATUS,
): TStatus {
  return {
    statusCode: code,
    errorMessage: message,
    displayMessage: message,
    sqlState,
  } as TStatus;
}

function invalidHandle(kind: 'SessionHandle' | 'OperationHandle', key: string) {
  return failed(
    `Invalid ${kind}: ${kind} [${key}] does not exist or was closed`,
    'HY000',
    TStatusCode.INVALID_HANDLE_STATUS,
  );
}

/**
 * The `TCLIService` handler of the emulated SQL warehouse: sessions,
 * statements run on DuckDB through the project's Spark SQL layer, results
 * in batches. Reads run beside writes; writes run one at a time, as the
 * DuckDB engine serialises them.
 */
export class EmulatedWarehouse {
  private readonly sessions = new Map<string, Session>();
  private readonly operations = new Map<string, Operation>();
  private readonly maxRowsPerBatch: number;
  private readonly directResultsWaitMs: number;
  private hangMatchers: HangMatcher[] = [];
  readonly statementLog: WarehouseStatementLogEntry[] = [];

  constructor(private readonly options: WarehouseOptions) {
    this.maxRowsPerBatch = options.maxRowsPerBatch ?? 1000;
    this.directResultsWaitMs = options.directResultsWaitMs ?? 50;
  }

  /**
   * Holds matching statements before they run, until they are cancelled,
   * time out or the returned function lets them run.
   */
  hangStatements(matcher: HangMatcher): () => void {
    this.hangMatchers.push(matcher);
    return () => {
      this.hangMatchers = this.hangMatchers.filter(m => m !== matcher);
      for (const operation of this.operations.values()) {
        if (operation.heldBy === matcher) operation.release?.();
      }
    };
  }

  /**
   * Runs a statement outside any client session, as a job's SQL task does
   * on its warehouse: held statements and the statement log apply.
   * `cancel` ends it as CancelOperation would.
   */
  submit(statement: string): { done: Promise<void>; cancel(): void } {
    const operation = this.start('', statement, {});
    this.operations.delete(operation.id);
    return {
      done: operation.done.then(() => {
        if (operation.failure) {
          throw Object.assign(new Error(operation.failure.message), {
            sqlState: operation.failure.sqlState,
          });
        }
      }),
      cancel: () => this.cancel(operation),
    };
  }

  /** Open sessions and unclosed operations, for tests. */
  get openHandles() {
    return { sessions: this.sessions.size, operations: this.operations.size };
  }

  /** Ends every statement still held, as a shutdown would. */
  close() {
    for (const operation of this.operations.values()) {
      operation.release?.();
      clearTimeout(operation.timeout);
    }
    this.operations.clear();
    this.sessions.clear();
  }

  async OpenSession(req: TOpenSessionReq): Promise<TOpenSessionResp> {
    const catalog = req.initialNamespace?.catalogName ?? undefined;
    if (
      this.options.catalog !== undefined &&
      catalog !== undefined &&
      catalog !== this.options.catalog
    ) {
      return {
        status: failed(
          `[NO_SUCH_CATALOG_EXCEPTION] Catalog '${catalog}' was not found.`,
          '42704',
        ),
        serverProtocolVersion: SERVER_PROTOCOL,
      } as TOpenSessionResp;
    }
    const clientVersion =
      fromInt64(req.client_protocol_i64 ?? undefined) ??
      req.client_protocol ??
      SERVER_PROTOCOL;
    const sessionId = handleId();
    const id = keyOf(sessionId);
    this.sessions.set(id, { id, catalog });
    return {
      status: ok(),
      serverProtocolVersion: Math.min(clientVersion, SERVER_PROTOCOL),
      sessionHandle: { sessionId },
      configuration: req.configuration ?? {},
      canUseMultipleCatalogs: true,
    } as TOpenSessionResp;
  }

  async CloseSession(req: TCloseSessionReq): Promise<TCloseSessionResp> {
    const id = keyOf(req.sessionHandle?.sessionId);
    if (!this.sessions.delete(id)) {
      return {
        status: invalidHandle('SessionHandle', id),
      } as TCloseSessionResp;
    }
    for (const [key, operation] of this.operations) {
      if (operation.sessionId === id) {
        this.finish(operation, TOperationState.CLOSED_STATE);
        this.operations.delete(key);
      }
    }
    return { status: ok() } as TCloseSessionResp;
  }

  async GetInfo(_req: TGetInfoReq): Promise<TGetInfoResp> {
    return {
      status: ok(),
      infoValue: { stringValue: 'Databricks SQL (finance-ppm sandbox)' },
    } as TGetInfoResp;
  }

  async ExecuteStatement(
    req: TExecuteStatementReq,
  ): Promise<TExecuteStatementResp> {
    const sessionId = keyOf(req.sessionHandle?.sessionId);
    if (!this.sessions.has(sessionId)) {
      return {
        status: invalidHandle('SessionHandle', sessionId),
      } as TExecuteStatementResp;
    }
    let params: SqlParams;
    try {
      params = decodeSparkParameters(req.parameters);
    } catch (error) {
      const failure = toStatementFailure(error);
      return {
        status: failed(failure.message, failure.sqlState),
      } as TExecuteStatementResp;
    }
    const operation = this.start(sessionId, req.statement, params);
    const timeoutSeconds = fromInt64(req.queryTimeout ?? undefined) ?? 0;
    if (timeoutSeconds > 0) {
      operation.timeout = setTimeout(
        () => this.timeOut(operation, timeoutSeconds),
        timeoutSeconds * 1000,
      );
      operation.timeout.unref();
    }
    if (req.runAsync === false) {
      await operation.done;
    } else {
      await Promise.race([
        operation.done,
        new Promise(resolve => setTimeout(resolve, this.directResultsWaitMs)),
      ]);
    }
    const response: TExecuteStatementResp = {
      status: ok(),
      operationHandle: operation.handle,
    } as TExecuteStatementResp;
    const directMaxRows = fromInt64(req.getDirectResults?.maxRows);
    if (directMaxRows !== undefined && !RUNNING_STATES.has(operation.state)) {
      response.directResults = this.directResults(operation, directMaxRows);
    }
    return response;
  }

  async GetOperationStatus(
    req: TGetOperationStatusReq,
  ): Promise<TGetOperationStatusResp> {
    return this.withOperation(req.operationHandle, operation =>
      this.statusOf(operation),
    );
  }

  async GetResultSetMetadata(
    req: TGetResultSetMetadataReq,
  ): Promise<TGetResultSetMetadataResp> {
    return this.withOperation(req.operationHandle, operation =>
      this.metadataOf(operation),
    );
  }

  async FetchResults(req: TFetchResultsReq): Promise<TFetchResultsResp> {
    return this.withOperation(req.operationHandle, operation => {
      if (operation.state !== TOperationState.FINISHED_STATE) {
        return {
          status: failed(
            `[INVALID_STATE] The operation is ${
              TOperationState[operation.state]
            }; its results cannot be fetched`,
            '55000',
          ),
        } as TFetchResultsResp;
      }
      return this.nextBatch(
        operation,
        fromInt64(req.maxRows) ?? this.maxRowsPerBatch,
      );
    });
  }

  async CancelOperation(
    req: TCancelOperationReq,
  ): Promise<TCancelOperationResp> {
    return this.withOperation(req.operationHandle, operation => {
      this.cancel(operation);
      return { status: ok() } as TCancelOperationResp;
    });
  }

  async CloseOperation(req: TCloseOperationReq): Promise<TCloseOperationResp> {
    return this.withOperation(req.operationHandle, operation => {
      if (RUNNING_STATES.has(operation.state)) {
        this.finish(operation, TOperationState.CLOSED_STATE);
      }
      this.operations.delete(operation.id);
      return { status: ok() } as TCloseOperationResp;
    });
  }

  /** Answers for a known operation, or the invalid-handle status. */
  private withOperation<R extends { status: TStatus }>(
    handle: TOperationHandle | undefined | null,
    answer: (operation: Operation) => R,
  ): R {
    const key = keyOf(handle?.operationId);
    const operation = this.operations.get(key);
    return operation
      ? answer(operation)
      : ({ status: invalidHandle('OperationHandle', key) } as R);
  }

  private start(sessionId: string, statement: string, params: SqlParams) {
    const operationId = handleId();
    let sql: string | undefined;
    let translationError: unknown;
    try {
      sql = sparkToDuckDbSql(statement);
    } catch (error) {
      translationError = error;
    }
    // A query announces its result set up front, as a warehouse does; the
    // driver only fetches from operations that have one.
    const hasResultSet = sql !== undefined && isReadStatement(sql);
    const operation: Operation = {
      id: keyOf(operationId),
      sessionId,
      handle: {
        operationId,
        operationType: TOperationType.EXECUTE_STATEMENT,
        hasResultSet,
      } as TOperationHandle,
      state: TOperationState.RUNNING_STATE,
      statement,
      columns: [],
      rows: [],
      cursor: 0,
      hasResultSet,
      done: Promise.resolve(),
    };
    this.operations.set(operation.id, operation);
    operation.done =
      sql === undefined
        ? Promise.resolve(this.fail(operation, translationError))
        : this.run(operation, sql, params);
    return operation;
  }

  private async run(
    operation: Operation,
    sql: string,
    params: SqlParams,
  ): Promise<void> {
    const { lakehouse } = this.options;
    try {
      operation.heldBy = this.hangMatchers.find(matches =>
        matches(operation.statement),
      );
      if (operation.heldBy) {
        // Held before it reaches DuckDB, so a cancelled one never applies.
        await new Promise<void>(resolve => {
          operation.release = resolve;
        });
        operation.heldBy = undefined;
        if (!RUNNING_STATES.has(operation.state)) return;
      }
      if (operation.hasResultSet) {
        const result = await lakehouse.queryWithColumns(sql, params);
        if (!RUNNING_STATES.has(operation.state)) return;
        operation.columns = result.columns;
        operation.rows = result.rows;
      } else {
        // One transaction per statement, as each Delta write is one commit.
        await lakehouse.transaction(tx => tx.execute(sql, params));
        if (!RUNNING_STATES.has(operation.state)) return;
      }
      this.finish(operation, TOperationState.FINISHED_STATE);
    } catch (error) {
      this.fail(operation, error);
    }
  }

  private fail(operation: Operation, error: unknown) {
    if (!RUNNING_STATES.has(operation.state)) return;
    operation.failure = toStatementFailure(error);
    this.finish(operation, TOperationState.ERROR_STATE);
  }

  private cancel(operation: Operation) {
    if (!RUNNING_STATES.has(operation.state)) return;
    operation.failure = {
      message: '[OPERATION_CANCELED] The statement was cancelled',
      sqlState: 'HY008',
    };
    this.finish(operation, TOperationState.CANCELED_STATE);
  }

  private timeOut(operation: Operation, seconds: number) {
    if (!RUNNING_STATES.has(operation.state)) return;
    operation.failure = {
      message: `[QUERY_EXECUTION_TIMEOUT_EXCEEDED] The statement was cancelled after the ${seconds} s timeout`,
      sqlState: '57KD0',
    };
    this.finish(operation, TOperationState.TIMEDOUT_STATE);
  }

  private finish(operation: Operation, state: TOperationState) {
    operation.state = state;
    clearTimeout(operation.timeout);
    operation.release?.();
    appendBounded(this.statementLog, {
      statement: operation.statement,
      state: TOperationState[state].replace(/_STATE$/, ''),
      ...(operation.failure ? { sqlState: operation.failure.sqlState } : {}),
    });
  }

  private statusOf(operation: Operation): TGetOperationStatusResp {
    const { failure } = operation;
    return {
      status: ok(),
      operationState: operation.state,
      hasResultSet: operation.hasResultSet,
      ...(failure
        ? {
            errorMessage: failure.message,
            displayMessage: failure.message,
            sqlState: failure.sqlState,
          }
        : {}),
    } as TGetOperationStatusResp;
  }

  private metadataOf(operation: Operation): TGetResultSetMetadataResp {
    return {
      status: ok(),
      schema: resultSchema(operation.columns),
      resultFormat: TSparkRowSetType.COLUMN_BASED_SET,
    } as TGetResultSetMetadataResp;
  }

  private nextBatch(operation: Operation, maxRows: number): TFetchResultsResp {
    const size = Math.max(1, Math.min(maxRows, this.maxRowsPerBatch));
    const start = operation.cursor;
    const batch = operation.rows.slice(start, start + size);
    operation.cursor = start + batch.length;
    return {
      status: ok(),
      hasMoreRows: operation.cursor < operation.rows.length,
      results: {
        startRowOffset: toInt64(start),
        rows: [],
        columns: thriftColumns(operation.columns, batch),
      },
    } as unknown as TFetchResultsResp;
  }

  /**
   * The answer of a statement that ended within the wait: its status, and
   * for a result set its schema and first batch. An operation with nothing
   * left to fetch is closed at once, as a warehouse does.
   */
  private directResults(operation: Operation, maxRows: number) {
    const status = this.statusOf(operation);
    if (!operation.hasResultSet) {
      this.operations.delete(operation.id);
      return { operationStatus: status, closeOperation: { status: ok() } };
    }
    const resultSet = this.nextBatch(operation, maxRows);
    const complete = operation.cursor >= operation.rows.length;
    if (complete) {
      this.operations.delete(operation.id);
    }
    return {
      operationStatus: status,
      resultSetMetadata: this.metadataOf(operation),
      resultSet,
      ...(complete ? { closeOperation: { status: ok() } } : {}),
    };
  }
}
