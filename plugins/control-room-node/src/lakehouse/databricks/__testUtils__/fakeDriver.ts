import { DBSQLParameter } from '@databricks/sql';
import { DatabricksResultSchema } from '../decode';
import {
  DatabricksDriverClient,
  DatabricksDriverConnectOptions,
  DatabricksDriverFactory,
  DatabricksDriverSession,
} from '../driver';

/** A result schema shaped like the driver's `TTableSchema`. */
export function resultSchema(
  columns: Array<[name: string, typeId: number, scale?: number]>,
): DatabricksResultSchema {
  return {
    columns: columns.map(([columnName, type, scale], position) => ({
      columnName,
      position: position + 1,
      typeDesc: {
        types: [
          {
            primitiveEntry: {
              type,
              ...(scale !== undefined
                ? {
                    typeQualifiers: {
                      qualifiers: {
                        precision: { i32Value: 18 },
                        scale: { i32Value: scale },
                      },
                    },
                  }
                : {}),
            },
          },
        ],
      },
    })),
  };
}

/**
 * What one statement answers: rows with a schema, an error thrown by
 * `executeStatement`, or an error thrown later while waiting for it.
 */
export type FakeStatementOutcome =
  | { rows?: object[]; schema?: DatabricksResultSchema | null }
  | { error: unknown }
  | { errorWhileRunning: unknown };

/** One statement the engine sent. */
export interface RecordedStatement {
  session: string;
  sql: string;
  namedParameters: Record<string, DBSQLParameter>;
}

/**
 * A recording stand-in for `@databricks/sql`: implements only the driver
 * methods the engine calls, records each call, and answers statements
 * from a queue (success with no rows once the queue is empty).
 */
export class FakeDatabricksDriver {
  readonly connects: DatabricksDriverConnectOptions[] = [];
  readonly openSessionRequests: Array<Record<string, unknown>> = [];
  readonly statements: RecordedStatement[] = [];
  readonly closedSessions: string[] = [];
  readonly closedOperations: number[] = [];
  clientsCreated = 0;
  clientsClosed = 0;

  private readonly statementOutcomes: FakeStatementOutcome[] = [];
  private readonly openSessionOutcomes: unknown[] = [];
  private readonly connectOutcomes: unknown[] = [];
  private closeFailure?: unknown;
  private sessionsOpened = 0;

  /** Queues answers for the next statements, in order. */
  answerStatements(...outcomes: FakeStatementOutcome[]): this {
    this.statementOutcomes.push(...outcomes);
    return this;
  }

  /** Makes the next `openSession` calls throw these errors, in order. */
  failOpenSession(...errors: unknown[]): this {
    this.openSessionOutcomes.push(...errors);
    return this;
  }

  /** Makes the next `connect` calls throw these errors, in order. */
  failConnect(...errors: unknown[]): this {
    this.connectOutcomes.push(...errors);
    return this;
  }

  /** Makes every `close` (of sessions and clients) throw this error. */
  failClose(error: unknown): this {
    this.closeFailure = error;
    return this;
  }

  get sqlSent(): string[] {
    return this.statements.map(s => s.sql);
  }

  readonly factory: DatabricksDriverFactory = () => {
    this.clientsCreated += 1;
    const client: DatabricksDriverClient = {
      connect: async options => {
        this.connects.push(options);
        const failure = this.connectOutcomes.shift();
        if (failure !== undefined) {
          throw failure;
        }
        return client;
      },
      openSession: async request => {
        this.openSessionRequests.push(request);
        const failure = this.openSessionOutcomes.shift();
        if (failure !== undefined) {
          throw failure;
        }
        this.sessionsOpened += 1;
        return this.session(`session-${this.sessionsOpened}`);
      },
      close: async () => {
        this.clientsClosed += 1;
        if (this.closeFailure !== undefined) throw this.closeFailure;
      },
    };
    return client;
  };

  private session(id: string): DatabricksDriverSession {
    return {
      executeStatement: async (sql, options) => {
        this.statements.push({
          session: id,
          sql,
          namedParameters: options.namedParameters ?? {},
        });
        const index = this.statements.length;
        const outcome = this.statementOutcomes.shift() ?? {};
        if ('error' in outcome) {
          throw outcome.error;
        }
        if ('errorWhileRunning' in outcome) {
          const fail = async (): Promise<never> => {
            throw outcome.errorWhileRunning;
          };
          return {
            fetchAll: fail,
            finished: fail,
            getSchema: fail,
            close: async () => {
              this.closedOperations.push(index);
            },
          };
        }
        return {
          fetchAll: async () => outcome.rows ?? [],
          finished: async () => undefined,
          getSchema: async () => outcome.schema ?? null,
          close: async () => {
            this.closedOperations.push(index);
          },
        };
      },
      close: async () => {
        this.closedSessions.push(id);
        if (this.closeFailure !== undefined) throw this.closeFailure;
      },
    };
  }
}

/**
 * Error shapes as `@databricks/sql` throws them (see its
 * ThriftHttpConnection, StatusError and RetryError).
 */
export const driverErrors = {
  httpStatus: (status: number) =>
    Object.assign(
      new Error(`Received a response with a bad HTTP status code: ${status}`),
      { statusCode: status },
    ),
  network: (code: string, detail = '') =>
    Object.assign(
      new Error(
        `request to https://example.cloud.databricks.com/sql/1.0/warehouses/abc failed, reason: ${code}${detail}`,
      ),
      { name: 'FetchError', type: 'system', code, errno: code },
    ),
  invalidSession: () => ({
    name: 'Status Error',
    message:
      'Invalid SessionHandle: SessionHandle [01ef-7c5e-session] (SQLSTATE: HY000)',
    code: 3,
  }),
  sql: (message: string) => ({ name: 'Status Error', message, code: 3 }),
  retriesExhausted: (payload: unknown) =>
    Object.assign(new Error('ATTEMPTS_EXCEEDED'), {
      name: 'RetryError',
      errorCode: 'ATTEMPTS_EXCEEDED',
      payload,
    }),
};
