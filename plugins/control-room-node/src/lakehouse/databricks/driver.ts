import { DBSQLClient, DBSQLParameter, LogLevel } from '@databricks/sql';
import { LoggerService } from '@backstage/backend-plugin-api';
import { DatabricksResultSchema } from './decode';

/**
 * The slice of `@databricks/sql` the engine calls. The real `DBSQLClient`
 * satisfies it; tests pass a recording fake.
 */

/** @public */
export interface DatabricksDriverOperation {
  /** Waits for the statement and returns its rows. */
  fetchAll(): Promise<Array<object>>;
  /** Waits for the statement to finish without reading rows. */
  finished(): Promise<void>;
  getSchema(): Promise<DatabricksResultSchema | null>;
  close(): Promise<unknown>;
}

/** @public */
export interface DatabricksDriverSession {
  executeStatement(
    statement: string,
    options: {
      namedParameters?: Record<string, DBSQLParameter>;
      /** Seconds before the warehouse cancels the statement. */
      queryTimeout?: number;
    },
  ): Promise<DatabricksDriverOperation>;
  close(): Promise<unknown>;
}

/**
 * Connection options the engine passes to `DBSQLClient.connect`, a subset
 * of the driver's `ConnectionOptions`.
 *
 * @public
 */
export type DatabricksDriverConnectOptions = {
  host: string;
  /** Defaults to 443 in the driver. */
  port?: number;
  path: string;
  userAgentEntry?: string;
  retryMaxAttempts: number;
  retriesTimeout: number;
  retryDelayMin: number;
  retryDelayMax: number;
  preserveBigNumericPrecision: boolean;
  telemetryEnabled: boolean;
} & (
  | { authType: 'access-token'; token: string }
  | {
      authType: 'databricks-oauth';
      oauthClientId: string;
      oauthClientSecret: string;
      useDatabricksOAuthInAzure: boolean;
    }
);

/** @public */
export interface DatabricksDriverClient {
  connect(options: DatabricksDriverConnectOptions): Promise<unknown>;
  openSession(request: {
    initialCatalog?: string;
    initialSchema?: string;
    configuration?: Record<string, string>;
  }): Promise<DatabricksDriverSession>;
  close(): Promise<void>;
}

/**
 * Makes a fresh, unconnected driver client.
 *
 * @public
 */
export type DatabricksDriverFactory = () => DatabricksDriverClient;

/**
 * Sends the driver's log lines to the Backstage logger instead of its
 * default console transport, through a redactor.
 */
export function driverLogger(
  logger: LoggerService | undefined,
  redact: (text: string) => string,
) {
  return {
    log(level: LogLevel, message: string) {
      if (!logger) {
        return;
      }
      const text = redact(message);
      switch (level) {
        case LogLevel.error:
          logger.error(text);
          break;
        case LogLevel.warn:
          logger.warn(text);
          break;
        case LogLevel.info:
          logger.info(text);
          break;
        default:
          logger.debug(text);
      }
    },
  };
}

/** The real driver, logging through Backstage. */
export function createDbsqlClientFactory(
  logger: LoggerService | undefined,
  redact: (text: string) => string,
): DatabricksDriverFactory {
  return (): DatabricksDriverClient =>
    new DBSQLClient({ logger: driverLogger(logger, redact) });
}
