import { DatabricksRetrySettings } from './options';

/**
 * What a failed call means for the caller.
 *
 * - `transient: 'not-sent'`: the server never ran the statement (connection
 *   refused, 429, 503); another attempt is always safe.
 * - `transient: 'maybe-sent'`: the connection broke mid-call (reset,
 *   timeout, 502/504); the statement may have run, so only idempotent work
 *   is attempted again.
 * - `unreachable`: the warehouse could not be reached or is overloaded.
 * - `rejectedCredentials`: HTTP 401/403 or an OAuth failure.
 */
export interface DriverErrorClassification {
  transient?: 'not-sent' | 'maybe-sent';
  unreachable: boolean;
  rejectedCredentials: boolean;
  /** A short reason, without secrets, for error messages. */
  reason: string;
}

const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

const MAYBE_SENT_CODES = new Set([
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
]);

const MAYBE_SENT_MESSAGE = /socket hang up|premature close|request timed out/i;

interface ErrorShape {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  type?: unknown;
  statusCode?: unknown;
  errorCode?: unknown;
  payload?: unknown;
  cause?: unknown;
}

function shapeOf(error: unknown): ErrorShape {
  return error !== null && typeof error === 'object'
    ? (error as ErrorShape)
    : {};
}

/** The message of anything thrown; the driver's StatusError is no `Error`. */
export function errorMessage(error: unknown): string {
  const { message } = shapeOf(error);
  return typeof message === 'string' ? message : String(error);
}

function httpStatusOf(error: unknown): number | undefined {
  const { statusCode } = shapeOf(error);
  if (typeof statusCode === 'number') {
    return statusCode;
  }
  const match = /bad HTTP status code: (\d{3})/.exec(errorMessage(error));
  return match ? Number(match[1]) : undefined;
}

function networkCodeOf(error: unknown): string | undefined {
  const { code, cause } = shapeOf(error);
  if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) {
    return code;
  }
  return cause ? networkCodeOf(cause) : undefined;
}

function isDriverRetryExhausted(error: unknown): boolean {
  const { errorCode } = shapeOf(error);
  return errorCode === 'ATTEMPTS_EXCEEDED' || errorCode === 'TIMEOUT_EXCEEDED';
}

/** The driver's RetryError carries the last HTTP exchange or network error. */
function retryPayloadReason(payload: unknown): string | undefined {
  if (!payload) {
    return undefined;
  }
  const status = (payload as { response?: { status?: unknown } }).response
    ?.status;
  if (typeof status === 'number') {
    return `HTTP ${status}`;
  }
  return classifyDriverError(payload).reason;
}

function isAuthenticationFailure(error: unknown): boolean {
  const { name } = shapeOf(error);
  const constructorName = (error as { constructor?: { name?: string } })
    ?.constructor?.name;
  return (
    name === 'AuthenticationError' ||
    constructorName === 'AuthenticationError' ||
    /invalid_client|unauthorized_client|invalid access token/i.test(
      errorMessage(error),
    )
  );
}

/**
 * Sorts a driver failure into retry and reporting buckets. Pure: reads only
 * the error's fields and message.
 */
export function classifyDriverError(error: unknown): DriverErrorClassification {
  const none = { unreachable: false, rejectedCredentials: false };
  if (isDriverRetryExhausted(error)) {
    // The driver already spent the shared retry budget on this request.
    const inner = retryPayloadReason(shapeOf(error).payload);
    return {
      ...none,
      unreachable: true,
      reason: `gave up after retrying${inner ? ` (${inner})` : ''}`,
    };
  }
  const status = httpStatusOf(error);
  if (status !== undefined) {
    if (status === 401 || status === 403) {
      return { ...none, rejectedCredentials: true, reason: `HTTP ${status}` };
    }
    if (status === 429 || status === 503) {
      return {
        ...none,
        transient: 'not-sent',
        unreachable: true,
        reason: `HTTP ${status}`,
      };
    }
    if (status === 502 || status === 504) {
      return {
        ...none,
        transient: 'maybe-sent',
        unreachable: true,
        reason: `HTTP ${status}`,
      };
    }
    return { ...none, reason: `HTTP ${status}` };
  }
  const code = networkCodeOf(error);
  if (code && NOT_SENT_CODES.has(code)) {
    return { ...none, transient: 'not-sent', unreachable: true, reason: code };
  }
  const { type } = shapeOf(error);
  if (
    (code && MAYBE_SENT_CODES.has(code)) ||
    type === 'request-timeout' ||
    type === 'body-timeout' ||
    MAYBE_SENT_MESSAGE.test(errorMessage(error))
  ) {
    return {
      ...none,
      transient: 'maybe-sent',
      unreachable: true,
      reason: code ?? errorMessage(error),
    };
  }
  if (isAuthenticationFailure(error)) {
    return { ...none, rejectedCredentials: true, reason: errorMessage(error) };
  }
  return { ...none, reason: errorMessage(error) };
}

const INVALID_SESSION =
  /invalid sessionhandle|invalid session|session was closed or has expired|session (?:handle )?(?:\S+ )?(?:not found|does not exist|has expired|is closed)|SESSION_NOT_FOUND|INVALID_SESSION/i;

/** Whether the server (or the driver) says the session is gone. */
export function isInvalidSessionError(error: unknown): boolean {
  return INVALID_SESSION.test(errorMessage(error));
}

/**
 * Replaces every configured secret, and any bearer token, with `***`, so no
 * credential reaches an error message or a log line.
 */
export function redactSecrets(text: string, secrets: string[]): string {
  const withoutSecrets = secrets
    .filter(secret => secret.length > 0)
    .reduce((result, secret) => result.split(secret).join('***'), text);
  return withoutSecrets.replace(/(Bearer\s+)[^\s'",]+/gi, '$1***');
}

/**
 * Exponential backoff for retry number `retry` (1 for the first retry),
 * doubling from `delayMinMs` and capped at `delayMaxMs`, the same curve the
 * driver's HTTP retry policy follows.
 */
export function backoffDelayMs(
  retry: number,
  settings: Pick<DatabricksRetrySettings, 'delayMinMs' | 'delayMaxMs'>,
): number {
  return Math.min(settings.delayMaxMs, settings.delayMinMs * 2 ** (retry - 1));
}
