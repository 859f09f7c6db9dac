import {
  APIResponseError,
  isHTTPResponseError,
  RequestTimeoutError,
} from '@notionhq/client';

/** @public */
export interface ReadRetryOptions {
  /** Attempts after the first. */
  retries?: number;
  /** Delay before the first retry; doubled for each further one. */
  initialDelayMs?: number;
}

/**
 * Failures the SDK does not retry but a read can safely repeat: timeouts,
 * 5xx on a read sent as POST (data source query), 502 and other unknown
 * gateway answers, and a body that is not JSON.
 */
export function isRetryableReadFailure(error: unknown): boolean {
  if (RequestTimeoutError.isRequestTimeoutError(error)) return true;
  if (error instanceof SyntaxError) return true;
  if (isHTTPResponseError(error)) {
    return error.status >= 500 || error.status === 429;
  }
  if (APIResponseError.isAPIResponseError(error)) {
    return error.status >= 500;
  }
  // fetch itself fails with a TypeError when the connection drops.
  return error instanceof TypeError && /fetch failed/i.test(error.message);
}

/**
 * Repeats a read-only Notion call on the failures the SDK leaves to the
 * caller. Only for reads: a repeated create could duplicate a page.
 *
 * @public
 */
export async function retryNotionRead<T>(
  read: () => Promise<T>,
  options: ReadRetryOptions = {},
): Promise<T> {
  const retries = options.retries ?? 4;
  const initialDelayMs = options.initialDelayMs ?? 500;
  for (let attempt = 0; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      if (attempt >= retries || !isRetryableReadFailure(error)) throw error;
      const delay = initialDelayMs * 2 ** attempt;
      await new Promise(resolve => setTimeout(resolve, delay));
    }
  }
}
