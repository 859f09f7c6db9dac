import { DBSQLParameter } from '@databricks/sql';
import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { ServiceUnavailableError } from '@backstage/errors';
import {
  Lakehouse,
  SqlParams,
  SqlRow,
  TableDeclaration,
  UpsertResult,
} from '../types';
import { decodeRow, describeResultColumns } from './decode';
import { databricksDialect } from './dialect';
import {
  createDbsqlClientFactory,
  DatabricksDriverClient,
  DatabricksDriverConnectOptions,
  DatabricksDriverFactory,
  DatabricksDriverOperation,
  DatabricksDriverSession,
} from './driver';
import {
  backoffDelayMs,
  classifyDriverError,
  isInvalidSessionError,
  redactSecrets,
} from './errors';
import { planUpsert } from './merge';
import {
  authSecrets,
  DatabricksLakehouseOptions,
  DatabricksRetrySettings,
  DEFAULT_STATEMENT_TIMEOUT_SECONDS,
  normalizeDatabricksHost,
  readDatabricksOptions,
  resolveRetrySettings,
  splitDatabricksHost,
} from './options';
import { toNamedParameters } from './parameters';

/**
 * Collaborators the engine can be given instead of the real ones.
 *
 * @public
 */
export interface DatabricksLakehouseDependencies {
  /** Makes the driver client; defaults to `@databricks/sql`'s `DBSQLClient`. */
  createClient?: DatabricksDriverFactory;
  /** Receives retry warnings and the driver's own log lines, redacted. */
  logger?: LoggerService;
  /** Waits between retries; injectable so tests need not wait. */
  sleep?: (ms: number) => Promise<void>;
  /** Clock for the retry time budget. */
  now?: () => number;
}

/**
 * Session settings: timestamps without an offset are read and written in
 * UTC whatever the workspace default is.
 */
const SESSION_CONFIGURATION = { TIMEZONE: 'UTC' };

const USER_AGENT_ENTRY = 'finance-ppm-control-room';

/** Whether a statement may be sent again after an ambiguous failure. */
type Idempotence = 'idempotent' | 'not-idempotent';

function defaultSleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}

/** Driver connection options for the engine's options. Pure. */
export function toDriverConnectOptions(
  options: DatabricksLakehouseOptions,
): DatabricksDriverConnectOptions {
  const retry = resolveRetrySettings(options.retry);
  const { hostname, port } = splitDatabricksHost(options.host);
  const common = {
    host: hostname,
    ...(port !== undefined ? { port } : {}),
    path: options.httpPath,
    userAgentEntry: USER_AGENT_ENTRY,
    // The driver applies these to the requests it knows are safe to repeat;
    // the engine applies the same budget to statements.
    retryMaxAttempts: retry.maxAttempts,
    retriesTimeout: retry.timeoutMs,
    retryDelayMin: retry.delayMinMs,
    retryDelayMax: retry.delayMaxMs,
    // DECIMAL as exact strings and BIGINT as bigint, as types.ts promises.
    preserveBigNumericPrecision: true,
    // The driver would otherwise report usage to the workspace (and wait
    // for its feature flags while connecting); the portal sends nothing.
    telemetryEnabled: false,
  };
  if ('token' in options.auth) {
    return { ...common, authType: 'access-token', token: options.auth.token };
  }
  return {
    ...common,
    authType: 'databricks-oauth',
    oauthClientId: options.auth.clientId,
    oauthClientSecret: options.auth.clientSecret,
    // Service principal secrets are Databricks OAuth secrets, also on Azure,
    // where the driver would otherwise go to Microsoft Entra ID.
    useDatabricksOAuthInAzure: true,
  };
}

/**
 * The lakehouse on a Databricks SQL warehouse through `@databricks/sql`.
 *
 * SQL names tables `bronze.x`, `silver.x`, `gold.x`; the session's initial
 * catalog is the configured Unity Catalog catalog, so they resolve to
 * `<catalog>.<schema>.<table>`. One session is opened on first use, shared
 * by all calls, and reopened when the server reports it gone.
 *
 * @public
 */
export class DatabricksLakehouse implements Lakehouse {
  readonly engine = 'databricks' as const;
  readonly dialect = databricksDialect;

  private readonly host: string;
  private readonly catalog: string;
  private readonly sessionConfiguration: Record<string, string>;
  private readonly retry: DatabricksRetrySettings;
  private readonly statementTimeoutSeconds: number;
  private readonly connectOptions: DatabricksDriverConnectOptions;
  private readonly secrets: string[];
  private readonly createClient: DatabricksDriverFactory;
  private readonly logger?: LoggerService;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  private client?: Promise<DatabricksDriverClient>;
  private session?: Promise<DatabricksDriverSession>;
  private closed = false;

  static fromConfig(
    config: Config,
    dependencies: DatabricksLakehouseDependencies = {},
  ): DatabricksLakehouse {
    return new DatabricksLakehouse(readDatabricksOptions(config), dependencies);
  }

  constructor(
    options: DatabricksLakehouseOptions,
    dependencies: DatabricksLakehouseDependencies = {},
  ) {
    this.host = normalizeDatabricksHost(options.host);
    this.catalog = options.catalog;
    this.statementTimeoutSeconds =
      options.statementTimeoutSeconds ?? DEFAULT_STATEMENT_TIMEOUT_SECONDS;
    this.sessionConfiguration = {
      ...SESSION_CONFIGURATION,
      // The warehouse's own limit backs up the driver's per-statement one.
      STATEMENT_TIMEOUT: String(this.statementTimeoutSeconds),
    };
    this.retry = resolveRetrySettings(options.retry);
    this.connectOptions = toDriverConnectOptions(options);
    this.secrets = authSecrets(options.auth);
    this.logger = dependencies.logger;
    this.createClient =
      dependencies.createClient ??
      createDbsqlClientFactory(dependencies.logger, text => this.redact(text));
    this.sleep = dependencies.sleep ?? defaultSleep;
    this.now = dependencies.now ?? Date.now;
  }

  async query<T extends SqlRow = SqlRow>(
    sql: string,
    params?: SqlParams,
  ): Promise<T[]> {
    const namedParameters = toNamedParameters(params);
    return this.run(sql, namedParameters, 'idempotent', async operation => {
      const rows = await operation.fetchAll();
      const columns = describeResultColumns(await operation.getSchema());
      return rows.map(
        row => decodeRow(columns, row as Record<string, unknown>) as T,
      );
    });
  }

  /**
   * Runs DDL or DML. A failure that may have reached the server is not
   * retried: an arbitrary statement (an INSERT, say) is not safe to repeat.
   */
  async execute(sql: string, params?: SqlParams): Promise<void> {
    const namedParameters = toNamedParameters(params);
    await this.run(sql, namedParameters, 'not-idempotent', operation =>
      operation.finished(),
    );
  }

  /**
   * MERGEs in chunks of at most `MAX_PARAMETERS_PER_STATEMENT` parameters.
   * Each chunk commits on its own; a MERGE is idempotent, so a chunk is
   * retried after any transient failure and a failed batch can be re-sent.
   */
  async upsert(table: TableDeclaration, rows: SqlRow[]): Promise<UpsertResult> {
    const plan = planUpsert(table, rows);
    for (const statement of plan.statements) {
      await this.run(
        statement.sql,
        statement.namedParameters,
        'idempotent',
        operation => operation.finished(),
      );
    }
    return { rows: plan.rows };
  }

  async ping(): Promise<void> {
    await this.query('SELECT 1');
  }

  async close(): Promise<void> {
    this.closed = true;
    const session = this.session;
    const client = this.client;
    this.session = undefined;
    this.client = undefined;
    // Closing is best effort: the server ends idle sessions on its own.
    await session
      ?.then(s => s.close())
      .catch(error => this.logFailure('closing the session', error));
    await client
      ?.then(c => c.close())
      .catch(error => this.logFailure('closing the client', error));
  }

  private redact(text: string): string {
    return redactSecrets(text, this.secrets);
  }

  private logFailure(what: string, error: unknown) {
    this.logger?.debug(
      `Databricks: ${what} failed: ${this.redact(
        classifyDriverError(error).reason,
      )}`,
    );
  }

  private getClient(): Promise<DatabricksDriverClient> {
    if (!this.client) {
      const client = this.createClient();
      const connected = client.connect(this.connectOptions).then(() => client);
      this.client = connected;
      connected.catch(() => {
        if (this.client === connected) this.client = undefined;
      });
    }
    return this.client;
  }

  private getSession(): Promise<DatabricksDriverSession> {
    if (this.closed) {
      return Promise.reject(new Error('The Databricks lakehouse is closed'));
    }
    if (!this.session) {
      const opened = this.getClient().then(client =>
        client.openSession({
          initialCatalog: this.catalog,
          configuration: this.sessionConfiguration,
        }),
      );
      this.session = opened;
      opened.catch(() => {
        if (this.session === opened) this.session = undefined;
      });
    }
    return this.session;
  }

  /** Forgets a session the server no longer knows, so the next call opens one. */
  private discardSession(stale: Promise<DatabricksDriverSession>) {
    if (this.session === stale) {
      this.session = undefined;
    }
    stale
      .then(s => s.close())
      .catch(error => this.logFailure('closing a stale session', error));
  }

  /**
   * Runs one statement on the shared session: reopens the session once if
   * the server says it is gone, and retries transient failures with
   * exponential backoff within the retry budget.
   */
  private async run<T>(
    sql: string,
    namedParameters: Record<string, DBSQLParameter>,
    idempotence: Idempotence,
    consume: (operation: DatabricksDriverOperation) => Promise<T>,
  ): Promise<T> {
    const startedAt = this.now();
    let reopened = false;
    for (let attempt = 1; ; attempt++) {
      let sent = false;
      let accepted = false;
      const session = this.getSession();
      try {
        const operation = await session.then(s => {
          sent = true;
          return s.executeStatement(sql, {
            namedParameters,
            // The warehouse cancels a statement past it.
            queryTimeout: this.statementTimeoutSeconds,
          });
        });
        accepted = true;
        try {
          return await consume(operation);
        } finally {
          await operation
            .close()
            .catch(error => this.logFailure('closing an operation', error));
        }
      } catch (error) {
        if (this.closed) {
          throw new Error('The Databricks lakehouse is closed');
        }
        if (isInvalidSessionError(error)) {
          this.discardSession(session);
          // A statement the server accepted may have run before the session
          // went; only idempotent work is sent again on a new session.
          if (!reopened && (!accepted || idempotence === 'idempotent')) {
            reopened = true;
            this.logger?.info('Databricks: session expired, opening a new one');
            attempt--;
            continue;
          }
        }
        const failure = classifyDriverError(error);
        // Failing to open the session means the statement never left.
        const transient = sent
          ? failure.transient
          : failure.transient && 'not-sent';
        const retryable =
          transient === 'not-sent' ||
          (transient === 'maybe-sent' && idempotence === 'idempotent');
        const delay = backoffDelayMs(attempt, this.retry);
        const withinBudget =
          attempt < this.retry.maxAttempts &&
          this.now() - startedAt + delay <= this.retry.timeoutMs;
        if (retryable && withinBudget) {
          this.logger?.warn(
            `Databricks: transient failure (${this.redact(
              failure.reason,
            )}), attempt ${attempt} of ${
              this.retry.maxAttempts
            }; retrying in ${delay} ms`,
          );
          await this.sleep(delay);
          continue;
        }
        throw this.publicError(error);
      }
    }
  }

  /** The error callers see: short, naming the host, never a secret. */
  private publicError(error: unknown): Error {
    const failure = classifyDriverError(error);
    const reason = this.redact(failure.reason);
    if (failure.unreachable) {
      return new ServiceUnavailableError(
        `Databricks SQL warehouse at ${this.host} is unreachable: ${reason}`,
      );
    }
    if (failure.rejectedCredentials) {
      return new Error(
        `Databricks SQL warehouse at ${this.host} rejected the credentials: ${reason}`,
      );
    }
    return new Error(`Databricks SQL statement failed: ${reason}`);
  }
}
