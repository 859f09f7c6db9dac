import Bottleneck from 'bottleneck';
import { Client, LogLevel } from '@notionhq/client';
import type { LoggerService } from '@backstage/backend-plugin-api';

/** The Notion API version the sources are written against (data sources). */
export const NOTION_API_VERSION = '2025-09-03';

/** Notion's documented average limit per integration. */
export const DEFAULT_NOTION_REQUESTS_PER_SECOND = 3;

/** The SDK's constructor options (the SDK does not export their type). */
export type NotionSdkOptions = NonNullable<
  ConstructorParameters<typeof Client>[0]
>;

/** The SDK's fetch signature, taken from its options so both stay in step. */
export type NotionFetch = NonNullable<NotionSdkOptions['fetch']>;

/** @public */
export interface NotionClientOptions {
  /** Integration token; optional because the sandbox accepts none. */
  auth?: string;
  /** API origin; `https://api.notion.com` when unset. */
  baseUrl?: string;
  /** Average request rate the limiter allows. */
  requestsPerSecond?: number;
  /** Requests that may go out back to back before the average applies. */
  burst?: number;
  /** Per-request timeout handed to the SDK. */
  timeoutMs?: number;
  /** How often the SDK retries a 429, 529 or (GET) 5xx. */
  maxRetries?: number;
  /** Base delay of the SDK's back-off when no Retry-After is sent. */
  initialRetryDelayMs?: number;
  /** The fetch underneath the limiter; the global fetch when unset. */
  fetch?: NotionFetch;
  logger?: LoggerService;
}

/**
 * A Notion client whose every request, retries included, passes one
 * process-wide limiter.
 *
 * @public
 */
export interface NotionService {
  readonly client: Client;
  /** The average rate the limiter enforces. */
  readonly requestsPerSecond: number;
  /** Requests sent to Notion so far (attempts, so retries count). */
  requestCount(): number;
  /** Stops the limiter; pending requests are dropped. */
  stop(): Promise<void>;
}

/**
 * A token bucket: `burst` requests at once, refilled one token per
 * 1/rate seconds, so the average never exceeds `requestsPerSecond`.
 */
export function createNotionLimiter(requestsPerSecond: number, burst: number) {
  const refillMs = Math.ceil(1000 / requestsPerSecond);
  const options: Bottleneck.ConstructorOptions & { heartbeatInterval: number } =
    {
      reservoir: burst,
      reservoirIncreaseAmount: 1,
      reservoirIncreaseInterval: refillMs,
      reservoirIncreaseMaximum: burst,
      maxConcurrent: burst,
      // Bottleneck refills on a timer (250 ms by default), which would
      // stretch a 333 ms refill to 500 ms; a fine timer keeps the rate.
      heartbeatInterval: Math.max(5, Math.floor(refillMs / 40)),
    };
  return new Bottleneck(options);
}

function retryAfterMs(headers: unknown): number | undefined {
  const value =
    headers && typeof (headers as Headers).get === 'function'
      ? (headers as Headers).get('retry-after')
      : undefined;
  if (!value) return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

/**
 * Wraps fetch so each request waits for a limiter token, and a 429 or 529
 * holds back every other request of the process until its Retry-After has
 * passed (the SDK itself waits the same time before retrying that one).
 */
export function rateLimitedFetch(
  limiter: Bottleneck,
  baseFetch: NotionFetch,
  onRequest: () => void = () => {},
): NotionFetch {
  let resumeAt = 0;
  return (url, init) =>
    limiter.schedule(async () => {
      const wait = resumeAt - Date.now();
      if (wait > 0) {
        await new Promise(resolve => setTimeout(resolve, wait));
      }
      onRequest();
      const response = await baseFetch(url, init);
      if (response.status === 429 || response.status === 529) {
        const delay = retryAfterMs(response.headers);
        if (delay !== undefined) {
          resumeAt = Math.max(resumeAt, Date.now() + delay);
        }
      }
      return response;
    });
}

/** Sends the SDK's log lines to the Backstage logger, without bodies. */
function sdkLogger(logger: LoggerService): NotionSdkOptions['logger'] {
  return (level, message, extra) => {
    const { body: _body, ...meta } = (extra ?? {}) as Record<string, unknown>;
    const fields = meta as Record<string, string>;
    if (level === LogLevel.ERROR) logger.error(message, fields);
    else if (level === LogLevel.WARN) logger.warn(message, fields);
    else logger.debug(message, fields);
  };
}

/**
 * Builds a Notion client on the data-sources API version. Retries of 429
 * and 529 (honouring Retry-After) and of GET 5xx are the SDK's own.
 *
 * @public
 */
export function createNotionService(
  options: NotionClientOptions = {},
): NotionService {
  const requestsPerSecond =
    options.requestsPerSecond ?? DEFAULT_NOTION_REQUESTS_PER_SECOND;
  if (!(requestsPerSecond > 0)) {
    throw new Error('Notion requestsPerSecond must be greater than 0');
  }
  const burst = Math.max(1, Math.floor(options.burst ?? requestsPerSecond));
  const limiter = createNotionLimiter(requestsPerSecond, burst);
  let requests = 0;
  const baseFetch: NotionFetch =
    options.fetch ?? ((url, init) => fetch(url, init as RequestInit));
  const client = new Client({
    auth: options.auth,
    baseUrl: options.baseUrl,
    notionVersion: NOTION_API_VERSION,
    timeoutMs: options.timeoutMs ?? 30_000,
    fetch: rateLimitedFetch(limiter, baseFetch, () => {
      requests += 1;
    }),
    retry: {
      maxRetries: options.maxRetries ?? 5,
      initialRetryDelayMs: options.initialRetryDelayMs ?? 1000,
      maxRetryDelayMs: 60_000,
    },
    logLevel: LogLevel.WARN,
    logger: options.logger ? sdkLogger(options.logger) : () => {},
  });
  return {
    client,
    requestsPerSecond,
    requestCount: () => requests,
    stop: () => limiter.stop({ dropWaitingJobs: true }),
  };
}
