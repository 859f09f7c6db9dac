import type {
  QueryRequest,
  QueryResponse,
  ResourcesOptionalParams,
} from '@azure/arm-resourcegraph';

/** The one Resource Graph call the source makes; ResourceGraphClient fits. */
export interface ResourceGraphQueries {
  resources(
    query: QueryRequest,
    options?: ResourcesOptionalParams,
  ): Promise<QueryResponse>;
}

export const QUOTA_REMAINING_HEADER = 'x-ms-user-quota-remaining';
export const QUOTA_RESETS_AFTER_HEADER = 'x-ms-user-quota-resets-after';

/** The inventory query: the columns bronze.azure_rg_raw keeps. */
export const RESOURCES_QUERY =
  'Resources | project id, name, type, resourceGroup, subscriptionId, location, tags, sku, kind, properties | order by id asc';

/** Every Advisor recommendation, all categories. */
export const ADVISOR_RESOURCES_QUERY =
  "advisorresources | where type =~ 'microsoft.advisor/recommendations' | project id, name, type, resourceGroup, subscriptionId, properties | order by id asc";

/**
 * `hh:mm:ss` (optionally with fractional seconds or a `d.` day prefix) as
 * milliseconds; null when the header is absent or unreadable.
 */
export function parseQuotaResetsAfter(value: string | undefined | null) {
  if (!value) return null;
  const match = /^(?:(\d+)\.)?(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(
    value.trim(),
  );
  if (!match) return null;
  const [, days = '0', hours, minutes, seconds] = match;
  return Math.ceil(
    ((Number(days) * 24 + Number(hours)) * 3600 +
      Number(minutes) * 60 +
      Number(seconds)) *
      1000,
  );
}

/**
 * How long to wait before the next query given the last response's quota
 * headers: until the window resets once none is left, else not at all.
 */
export function quotaWaitMs(
  remaining: string | undefined | null,
  resetsAfter: string | undefined | null,
): number {
  if (remaining === undefined || remaining === null) return 0;
  const left = Number(remaining);
  if (!Number.isFinite(left) || left > 0) return 0;
  return parseQuotaResetsAfter(resetsAfter) ?? 5000;
}

/** Splits subscriptions into the batches sent per request. */
export function batchSubscriptions(
  subscriptions: string[],
  batchSize: number,
): string[][] {
  const batches: string[][] = [];
  for (let i = 0; i < subscriptions.length; i += batchSize) {
    batches.push(subscriptions.slice(i, i + batchSize));
  }
  return batches;
}

/** One query, with the wait its quota headers ask for before the next. */
async function queryPage(
  client: ResourceGraphQueries,
  request: QueryRequest,
): Promise<{ response: QueryResponse; waitMs: number }> {
  let waitMs = 0;
  const response = await client.resources(request, {
    onResponse: raw => {
      waitMs = quotaWaitMs(
        raw.headers.get(QUOTA_REMAINING_HEADER),
        raw.headers.get(QUOTA_RESETS_AFTER_HEADER),
      );
    },
  });
  return { response, waitMs };
}

export interface QueryAllOptions {
  subscriptions: string[];
  subscriptionBatchSize: number;
  pageSize: number;
  /** Waits between queries; injectable so tests can use a virtual clock. */
  sleep: (ms: number) => Promise<void>;
}

export interface QueryAllResult {
  rows: unknown[];
  pages: number;
  /**
   * False when Resource Graph said a result was truncated or the pages
   * ended before the total it announced: the rows are then not the whole
   * inventory, so nothing may be concluded from what is missing.
   */
  complete: boolean;
}

/**
 * Runs a query over every subscription batch and follows `$skipToken` to
 * the last page, waiting out the user quota whenever a response says it is
 * spent, so the next query is never the one that trips the limit. 429s are
 * retried by the SDK's own throttling policy, which honours Retry-After.
 */
export async function queryAllPages(
  client: ResourceGraphQueries,
  query: string,
  options: QueryAllOptions,
): Promise<QueryAllResult> {
  const rows: unknown[] = [];
  let pages = 0;
  let waitBeforeNext = 0;
  let complete = true;
  for (const subscriptions of batchSubscriptions(
    options.subscriptions,
    options.subscriptionBatchSize,
  )) {
    let skipToken: string | undefined;
    let received = 0;
    let expected: number | undefined;
    do {
      if (waitBeforeNext > 0) await options.sleep(waitBeforeNext);
      const { response, waitMs } = await queryPage(client, {
        subscriptions,
        query,
        options: skipToken
          ? { skipToken, top: options.pageSize }
          : { top: options.pageSize, resultFormat: 'objectArray' },
      });
      waitBeforeNext = waitMs;
      pages += 1;
      if (Array.isArray(response.data)) {
        rows.push(...response.data);
        received += response.data.length;
      }
      if (isTruncated(response.resultTruncated)) complete = false;
      expected ??= response.totalRecords;
      skipToken = response.skipToken || undefined;
    } while (skipToken);
    // Paging that stops before totalRecords is as partial as a truncated page.
    if (expected !== undefined && received < expected) complete = false;
  }
  return { rows, pages, complete };
}

function isTruncated(flag: unknown): boolean {
  return flag === true || String(flag).toLowerCase() === 'true';
}
