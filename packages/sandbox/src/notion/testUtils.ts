import { Client, RetryOptions } from '@notionhq/client';
import { NOTION_API_VERSION } from './sandbox';

export const NOTION_BASE = 'https://api.notion.com';

/** A test clock that only moves when told to. */
export function manualClock(startIso = '2026-11-25T10:15:42.123Z') {
  let ms = Date.parse(startIso);
  return {
    now: () => new Date(ms),
    advance(seconds: number) {
      ms += seconds * 1000;
    },
  };
}

/** Calls the emulated API the way any HTTP client would. */
export function notionFetch(
  path: string,
  init: {
    method?: string;
    body?: unknown;
    headers?: Record<string, string>;
  } = {},
  base = NOTION_BASE,
) {
  return fetch(`${base}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      Authorization: 'Bearer secret_sandbox_token',
      'Notion-Version': NOTION_API_VERSION,
      'Content-Type': 'application/json',
      ...init.headers,
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

/** The real SDK client pointed at the sandbox, retries off unless asked. */
export function sandboxClient(
  options: {
    baseUrl?: string;
    timeoutMs?: number;
    retry?: RetryOptions | false;
  } = {},
) {
  return new Client({
    auth: 'secret_sandbox_token',
    notionVersion: NOTION_API_VERSION,
    baseUrl: options.baseUrl ?? NOTION_BASE,
    timeoutMs: options.timeoutMs,
    retry: options.retry ?? false,
    // Failures are what these tests provoke; keep the SDK's warnings quiet.
    logger: () => {},
  });
}
