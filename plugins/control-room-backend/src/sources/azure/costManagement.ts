import {
  CostManagementClient,
  QueryDefinition,
} from '@azure/arm-costmanagement';
import {
  createHttpHeaders,
  createPipelineRequest,
  HttpClient,
  PipelinePolicy,
  PipelineResponse,
  PipelineRetryOptions,
  RestError,
} from '@azure/core-rest-pipeline';
import type { TokenCredential } from '@azure/identity';
import { CostQueryPage } from './costRows';
import { DayRange } from './costWindow';

/** Headers Cost Management sets on a 429, one per exhausted quota, in seconds. */
export const COST_RETRY_AFTER_HEADERS = [
  'x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after',
  'x-ms-ratelimit-microsoft.costmanagement-entity-retry-after',
  'x-ms-ratelimit-microsoft.costmanagement-tenant-retry-after',
  'x-ms-ratelimit-microsoft.costmanagement-client-retry-after',
];

// Used when a 429 or 202 names no wait at all.
const DEFAULT_WAIT_SECONDS = 60;

function seconds(value: string | undefined): number | null {
  if (value === undefined) return null;
  const parsed = Number(value.trim());
  return Number.isFinite(parsed) && parsed >= 0 ? parsed : null;
}

/**
 * How long a 429 asks to wait, in ms: the longest of the Cost Management
 * quota headers (every exhausted quota must have reset), else Retry-After.
 */
export function costRetryAfterMs(response: PipelineResponse): number {
  const waits = COST_RETRY_AFTER_HEADERS.map(name =>
    seconds(response.headers.get(name)),
  ).filter((wait): wait is number => wait !== null);
  const wait =
    waits.length > 0
      ? Math.max(...waits)
      : seconds(response.headers.get('retry-after')) ?? DEFAULT_WAIT_SECONDS;
  return Math.ceil(wait * 1000);
}

export const COST_THROTTLING_POLICY = 'controlRoomCostThrottling';

/**
 * Waits out 429s as Cost Management's own headers say, which the SDK's
 * throttling policy does not read (it knows Retry-After only). After
 * `maxRetries` the 429 is returned and the query fails.
 */
export function costThrottlingPolicy(options: {
  maxRetries: number;
  sleep: (ms: number) => Promise<void>;
}): PipelinePolicy {
  return {
    name: COST_THROTTLING_POLICY,
    async sendRequest(request, next) {
      let response = await next(request);
      for (
        let retry = 0;
        response.status === 429 && retry < options.maxRetries;
        retry++
      ) {
        await options.sleep(costRetryAfterMs(response));
        response = await next(request);
      }
      return response;
    },
  };
}

/** The API version of the vendor's examples this source is checked against. */
export const COST_MANAGEMENT_API_VERSION = '2023-11-01';

export interface CostClientOptions {
  /** Replaces the SDK's HTTP transport, e.g. with the sandbox emulator. */
  httpClient?: HttpClient;
  retryOptions?: PipelineRetryOptions;
  /** 429s waited out per request (default 5). */
  maxThrottleRetries?: number;
  /** Waits for 429s and 202s; tests pass a virtual clock. */
  sleep: (ms: number) => Promise<void>;
}

/** The SDK client with the Cost Management throttling policy in its pipeline. */
export function createCostManagementClient(
  credential: TokenCredential,
  options: CostClientOptions,
): CostManagementClient {
  const client = new CostManagementClient(credential, {
    apiVersion: COST_MANAGEMENT_API_VERSION,
    httpClient: options.httpClient,
    retryOptions: options.retryOptions,
  });
  client.pipeline.addPolicy(
    costThrottlingPolicy({
      maxRetries: options.maxThrottleRetries ?? 5,
      sleep: options.sleep,
    }),
    { phase: 'Retry' },
  );
  return client;
}

/**
 * The query: daily cost grouped by resource and project tag. The API takes
 * at most two groupings, so the resource group is read from the resource
 * id rather than grouped on.
 */
export function costQueryDefinition(
  range: DayRange,
  projectTag: string,
): QueryDefinition {
  return {
    type: 'Usage',
    timeframe: 'Custom',
    timePeriod: {
      from: new Date(`${range.from}T00:00:00Z`),
      to: new Date(`${range.to}T23:59:59Z`),
    },
    dataset: {
      granularity: 'Daily',
      aggregation: { totalCost: { name: 'PreTaxCost', function: 'Sum' } },
      grouping: [
        { type: 'Dimension', name: 'ResourceId' },
        { type: 'TagKey', name: projectTag },
      ],
    },
  };
}

/** The wire JSON of a query definition (dates as ISO strings). */
export function costQueryBody(definition: QueryDefinition): string {
  return JSON.stringify({
    ...definition,
    timePeriod: definition.timePeriod && {
      from: definition.timePeriod.from.toISOString(),
      to: definition.timePeriod.to.toISOString(),
    },
  });
}

export interface CostQueryOptions {
  sleep: (ms: number) => Promise<void>;
  /** 202 polls before giving up. Default 30. */
  maxPolls?: number;
}

function failure(response: PipelineResponse, what: string): RestError {
  let detail = '';
  try {
    const body = JSON.parse(response.bodyAsText ?? '');
    detail = body?.error?.message ? `: ${body.error.message}` : '';
  } catch {
    // A body that is not JSON adds nothing the status does not say.
  }
  return new RestError(
    `Cost Management ${what} failed with HTTP ${response.status}${detail}`,
    { statusCode: response.status, response },
  );
}

/**
 * Sends one query request through the client's pipeline (token, retries,
 * the throttling policy) and resolves the documented non-200 answers: 204
 * is an empty result; 202 means the result is being prepared, so the
 * `Location` it names is polled after each `Retry-After` until it answers.
 */
async function sendQuery(
  client: CostManagementClient,
  url: string,
  body: string,
  options: CostQueryOptions,
): Promise<CostQueryPage> {
  let response = await client.sendRequest(
    createPipelineRequest({
      url,
      method: 'POST',
      body,
      headers: createHttpHeaders({ 'content-type': 'application/json' }),
    }),
  );
  const maxPolls = options.maxPolls ?? 30;
  for (let poll = 0; response.status === 202; poll++) {
    const location =
      response.headers.get('location') ??
      response.headers.get('azure-asyncoperation');
    if (!location || poll >= maxPolls) {
      throw failure(
        response,
        location ? `query still pending after ${maxPolls} polls` : 'query',
      );
    }
    await options.sleep(
      (seconds(response.headers.get('retry-after')) ?? 5) * 1000,
    );
    response = await client.sendRequest(
      createPipelineRequest({ url: location, method: 'GET' }),
    );
  }
  if (response.status === 204) return { rows: [], columns: [] };
  if (response.status !== 200) throw failure(response, 'query');
  let parsed: { properties?: CostQueryPage };
  try {
    parsed = JSON.parse(response.bodyAsText ?? '');
  } catch {
    throw failure(response, 'query (body is not JSON)');
  }
  return parsed.properties ?? {};
}

/**
 * Every page of one query on one scope, following `nextLink` (a POST of the
 * same body). Throws on any page that fails, so the caller stores nothing
 * from a partial result.
 */
export async function* queryCostPages(
  client: CostManagementClient,
  scope: string,
  definition: QueryDefinition,
  options: CostQueryOptions,
): AsyncIterable<CostQueryPage> {
  const body = costQueryBody(definition);
  const host = client.$host.replace(/\/+$/, '');
  const path = scope.replace(/^\/+|\/+$/g, '');
  let url:
    | string
    | undefined = `${host}/${path}/providers/Microsoft.CostManagement/query?api-version=${encodeURIComponent(
    client.apiVersion,
  )}`;
  while (url) {
    const page: CostQueryPage = await sendQuery(client, url, body, options);
    yield page;
    url = page.nextLink || undefined;
  }
}
