import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** Where the engine's settings live in app-config. */
export const DATABRICKS_CONFIG_KEY = 'controlRoom.lakehouse.databricks';

/**
 * How the engine authenticates: a personal access token, or a service
 * principal's OAuth client id and secret (machine-to-machine).
 *
 * @public
 */
export type DatabricksAuth =
  | { token: string }
  | { clientId: string; clientSecret: string };

/**
 * Retry budget shared by the driver's HTTP retry policy and the engine's own
 * statement retries, so both give up at the same point.
 *
 * @public
 */
export interface DatabricksRetrySettings {
  /** Total attempts, the first one included. */
  maxAttempts: number;
  /** Wall-clock budget for all retries of one call. */
  timeoutMs: number;
  /** First backoff; it doubles per attempt. */
  delayMinMs: number;
  /** Ceiling for one backoff. */
  delayMaxMs: number;
}

/** @public */
export interface DatabricksLakehouseOptions {
  /** Workspace host name, e.g. `adb-123.4.azuredatabricks.net`. */
  host: string;
  /** SQL warehouse HTTP path, e.g. `/sql/1.0/warehouses/abc`. */
  httpPath: string;
  auth: DatabricksAuth;
  /** Unity Catalog catalog holding the bronze, silver and gold schemas. */
  catalog: string;
  retry?: Partial<DatabricksRetrySettings>;
  /**
   * Seconds the warehouse lets a statement run before cancelling it;
   * default {@link DEFAULT_STATEMENT_TIMEOUT_SECONDS}.
   */
  statementTimeoutSeconds?: number;
}

/**
 * Default of `controlRoom.lakehouse.statementTimeoutSeconds`, for either
 * engine: longer than any model takes, short of a stuck warehouse.
 *
 * @public
 */
export const DEFAULT_STATEMENT_TIMEOUT_SECONDS = 300;

const STATEMENT_TIMEOUT_KEY = 'controlRoom.lakehouse.statementTimeoutSeconds';

/**
 * Defaults sized for a backend that answers API calls: a few attempts within
 * two minutes, rather than the driver's own fifteen-minute budget.
 */
export const DEFAULT_DATABRICKS_RETRY: DatabricksRetrySettings = {
  maxAttempts: 5,
  timeoutMs: 120_000,
  delayMinMs: 1_000,
  delayMaxMs: 30_000,
};

/** Fills unset retry settings with the defaults. */
export function resolveRetrySettings(
  retry: Partial<DatabricksRetrySettings> = {},
): DatabricksRetrySettings {
  return {
    maxAttempts: retry.maxAttempts ?? DEFAULT_DATABRICKS_RETRY.maxAttempts,
    timeoutMs: retry.timeoutMs ?? DEFAULT_DATABRICKS_RETRY.timeoutMs,
    delayMinMs: retry.delayMinMs ?? DEFAULT_DATABRICKS_RETRY.delayMinMs,
    delayMaxMs: retry.delayMaxMs ?? DEFAULT_DATABRICKS_RETRY.delayMaxMs,
  };
}

/**
 * The driver wants a bare host name; people paste workspace URLs. Accepts
 * both and returns the host name.
 */
export function normalizeDatabricksHost(host: string): string {
  return host
    .trim()
    .replace(/^https?:\/\//i, '')
    .replace(/\/+$/, '');
}

/**
 * The host name and port the driver connects to: a host written
 * `name:port` (an emulator on loopback, a proxy) keeps its port, any other
 * uses 443 as the driver does.
 */
export function splitDatabricksHost(host: string): {
  hostname: string;
  port?: number;
} {
  const normalized = normalizeDatabricksHost(host);
  const match = /^(.+):(\d{1,5})$/.exec(normalized);
  return match
    ? { hostname: match[1], port: Number(match[2]) }
    : { hostname: normalized };
}

/** The secrets in an auth setting, for redaction. */
export function authSecrets(auth: DatabricksAuth): string[] {
  return 'token' in auth ? [auth.token] : [auth.clientSecret];
}

function optionalText(config: Config, key: string): string | undefined {
  const value = config.getOptionalString(`${DATABRICKS_CONFIG_KEY}.${key}`);
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function requiredText(config: Config, key: string): string {
  const value = optionalText(config, key);
  if (!value) {
    throw new Error(
      `Databricks lakehouse: missing required config value at '${DATABRICKS_CONFIG_KEY}.${key}'`,
    );
  }
  return value;
}

function readAuth(config: Config): DatabricksAuth {
  const token = optionalText(config, 'token');
  const clientId = optionalText(config, 'clientId');
  const clientSecret = optionalText(config, 'clientSecret');
  const prefix = `Databricks lakehouse: ${DATABRICKS_CONFIG_KEY}`;
  if (token && (clientId || clientSecret)) {
    throw new Error(
      `${prefix} sets both 'token' and 'clientId'/'clientSecret'; set only one of them`,
    );
  }
  if (token) {
    return { token };
  }
  if (clientId && clientSecret) {
    return { clientId, clientSecret };
  }
  if (clientId) {
    throw new Error(
      `Databricks lakehouse: missing required config value at '${DATABRICKS_CONFIG_KEY}.clientSecret' (required with clientId)`,
    );
  }
  if (clientSecret) {
    throw new Error(
      `Databricks lakehouse: missing required config value at '${DATABRICKS_CONFIG_KEY}.clientId' (required with clientSecret)`,
    );
  }
  throw new Error(
    `${prefix} needs credentials: set '${DATABRICKS_CONFIG_KEY}.token', or both '${DATABRICKS_CONFIG_KEY}.clientId' and '${DATABRICKS_CONFIG_KEY}.clientSecret'`,
  );
}

function readRetry(config: Config): Partial<DatabricksRetrySettings> {
  const retry = config.getOptionalConfig(`${DATABRICKS_CONFIG_KEY}.retry`);
  if (!retry) {
    return {};
  }
  const settings: Partial<DatabricksRetrySettings> = {
    maxAttempts: retry.getOptionalNumber('maxAttempts'),
    timeoutMs: retry.getOptionalNumber('timeoutMs'),
    delayMinMs: retry.getOptionalNumber('delayMinMs'),
    delayMaxMs: retry.getOptionalNumber('delayMaxMs'),
  };
  return Object.fromEntries(
    Object.entries(settings).filter(([, value]) => value !== undefined),
  );
}

/**
 * Reads `controlRoom.lakehouse.statementTimeoutSeconds`, the longest one
 * statement may run on either engine; undefined when unset.
 *
 * @public
 */
export function readStatementTimeout(config: Config): number | undefined {
  const seconds = config.getOptionalNumber(STATEMENT_TIMEOUT_KEY);
  if (
    seconds !== undefined &&
    (!Number.isInteger(seconds) || seconds < 1 || seconds > 86_400)
  ) {
    throw new InputError(
      `${STATEMENT_TIMEOUT_KEY} must be a whole number from 1 to 86400; got ${seconds}`,
    );
  }
  return seconds;
}

/**
 * Reads the engine's options from `controlRoom.lakehouse.databricks`:
 * `host`, `httpPath`, `catalog`, and either `token` or `clientId` +
 * `clientSecret`; optionally `retry.{maxAttempts,timeoutMs,delayMinMs,delayMaxMs}`,
 * and `controlRoom.lakehouse.statementTimeoutSeconds`.
 * Errors name the missing key and never contain a configured value.
 *
 * @public
 */
export function readDatabricksOptions(
  config: Config,
): DatabricksLakehouseOptions {
  return {
    host: normalizeDatabricksHost(requiredText(config, 'host')),
    httpPath: requiredText(config, 'httpPath'),
    catalog: requiredText(config, 'catalog'),
    auth: readAuth(config),
    retry: readRetry(config),
    statementTimeoutSeconds: readStatementTimeout(config),
  };
}
