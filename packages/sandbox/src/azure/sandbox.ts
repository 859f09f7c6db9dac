import { http, HttpHandler, HttpResponse } from 'msw';
import {
  COST_COLUMNS,
  costQueryRows,
  createSandboxCostModel,
  invalidCostQuery,
  SandboxCostModel,
} from './costManagement';
import {
  AzureInventory,
  AzureInventoryOptions,
  generateAzureInventory,
} from './generate';

export interface AzureSandboxOptions extends AzureInventoryOptions {
  /** Resource Graph queries allowed per window (default 15). */
  quotaLimit?: number;
  /** Length of the quota window in ms (default 5,000). */
  quotaWindowMs?: number;
  /** The sandbox's clock for quota windows; default Date.now. */
  now?: () => number;
  /** Advisor recommendations per page when no `$top` is sent (default 10). */
  advisorPageSize?: number;
  /** Cost Management rows per page before a nextLink (default 1,000). */
  costPageSize?: number;
  /** Last day with spend, `YYYY-MM-DD` (default today, UTC). */
  costsThrough?: string;
}

/** One request the sandbox answered. */
export interface AzureSandboxRequest {
  api: 'resource-graph' | 'advisor' | 'cost-management';
  method: string;
  url: string;
  status: number;
  /** The sandbox clock when it arrived. */
  at: number;
  /** Wall clock when it arrived, for checking real back-off. */
  wallTime: number;
}

/** Switches that make the next requests fail; each is used up per request. */
export interface AzureSandboxFaults {
  /** The next `count` requests get 429 with `Retry-After`. */
  throttleNext(count: number, retryAfterSeconds?: number): void;
  /** The next `count` requests get the given server error (default 503). */
  failNext(count: number, status?: number): void;
  /** The next `count` requests pass untouched; queue it before other faults. */
  passNext(count: number): void;
  /** The next `count` Cost Management queries answer 202 with a Location to poll. */
  acceptNext(count: number): void;
  /** Clears pending faults. */
  clear(): void;
}

export interface AzureSandbox extends AzureInventory {
  handlers: HttpHandler[];
  faults: AzureSandboxFaults;
  /** Every request, in arrival order. */
  requests: AzureSandboxRequest[];
  projectTag: string;
  /** The spend Cost Management serves; `revise` changes a day's figure. */
  costs: SandboxCostModel;
}

const RG_PAGE_LIMIT = 1000;

interface PendingFault {
  /** 0 lets the request through; 202 is honoured by Cost Management only. */
  status: number;
  retryAfterSeconds?: number;
}

/** Cost Management names each exhausted quota in its own header. */
const COST_RETRY_HEADERS = [
  'x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after',
  'x-ms-ratelimit-microsoft.costmanagement-entity-retry-after',
];

function formatResetsAfter(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(seconds / 3600))}:${pad(
    Math.floor(seconds / 60) % 60,
  )}:${pad(seconds % 60)}`;
}

function encodeToken(offset: number, table: string): string {
  return Buffer.from(JSON.stringify({ offset, table })).toString('base64');
}

function decodeToken(token: string): { offset: number; table: string } | null {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    return Number.isInteger(parsed.offset) && typeof parsed.table === 'string'
      ? parsed
      : null;
  } catch {
    return null;
  }
}

function armError(status: number, code: string, message: string) {
  return HttpResponse.json({ error: { code, message } }, { status });
}

/**
 * Emulates the Resource Graph `resources` POST and the Advisor
 * recommendations list for any origin, with paging, the per-user quota
 * headers, 429s once the quota is spent, and switchable faults.
 */
export function createAzureSandbox(
  options: AzureSandboxOptions = {},
): AzureSandbox {
  const inventory = generateAzureInventory(options);
  const quotaLimit = options.quotaLimit ?? 15;
  const quotaWindowMs = options.quotaWindowMs ?? 5000;
  const now = options.now ?? Date.now;
  const advisorPageSize = options.advisorPageSize ?? 10;
  const requests: AzureSandboxRequest[] = [];
  const pending: PendingFault[] = [];
  const quota = { windowStart: Number.NEGATIVE_INFINITY, used: 0 };
  // Built per request from the live inventory, so a test that removes a
  // resource or recommendation sees it gone at the next query.
  const advisorRows = () => {
    const resourcesById = new Map(inventory.resources.map(r => [r.id, r]));
    // advisorresources rows carry the impacted resource's group and subscription.
    return inventory.recommendations.flatMap(recommendation => {
      const resource = resourcesById.get(
        recommendation.properties.resourceMetadata.resourceId,
      );
      if (!resource) return [];
      return [
        {
          id: recommendation.id,
          name: recommendation.name,
          type: 'microsoft.advisor/recommendations',
          resourceGroup: resource.resourceGroup,
          subscriptionId: resource.subscriptionId,
          properties: recommendation.properties,
        },
      ];
    });
  };

  const faults: AzureSandboxFaults = {
    throttleNext: (count, retryAfterSeconds = 1) => {
      for (let i = 0; i < count; i++)
        pending.push({ status: 429, retryAfterSeconds });
    },
    failNext: (count, status = 503) => {
      for (let i = 0; i < count; i++) pending.push({ status });
    },
    passNext: count => {
      for (let i = 0; i < count; i++) pending.push({ status: 0 });
    },
    acceptNext: count => {
      for (let i = 0; i < count; i++) pending.push({ status: 202 });
    },
    clear: () => {
      pending.length = 0;
    },
  };

  const log = (
    api: AzureSandboxRequest['api'],
    request: Request,
    status: number,
    at: number,
  ) => {
    requests.push({
      api,
      method: request.method,
      url: request.url,
      status,
      at,
      wallTime: Date.now(),
    });
  };

  const injectedFault = (api: AzureSandboxRequest['api'] = 'advisor') => {
    const fault = pending.shift();
    if (!fault || fault.status === 0 || fault.status === 202) return null;
    if (fault.status === 429) {
      const wait = String(fault.retryAfterSeconds ?? 1);
      // Cost Management sends its own quota headers and no Retry-After.
      const headers: Record<string, string> =
        api === 'cost-management'
          ? Object.fromEntries(COST_RETRY_HEADERS.map(name => [name, wait]))
          : { 'retry-after': wait };
      return HttpResponse.json(
        { error: { code: 'RateLimiting', message: 'Too many requests' } },
        { status: 429, headers },
      );
    }
    return armError(fault.status, 'ServiceUnavailable', 'Injected fault');
  };

  const resourceGraph = http.post(
    '*/providers/Microsoft.ResourceGraph/resources',
    async ({ request }) => {
      const at = now();
      const fault = injectedFault();
      if (fault) {
        log('resource-graph', request, fault.status, at);
        return fault;
      }
      if (at - quota.windowStart >= quotaWindowMs) {
        quota.windowStart = at;
        quota.used = 0;
      }
      const resetsAfter = formatResetsAfter(
        quota.windowStart + quotaWindowMs - at,
      );
      if (quota.used >= quotaLimit) {
        log('resource-graph', request, 429, at);
        return HttpResponse.json(
          { error: { code: 'RateLimiting', message: 'Quota exceeded' } },
          {
            status: 429,
            headers: {
              'retry-after': String(
                Math.ceil((quota.windowStart + quotaWindowMs - at) / 1000),
              ),
              'x-ms-user-quota-remaining': '0',
              'x-ms-user-quota-resets-after': resetsAfter,
            },
          },
        );
      }
      quota.used += 1;
      const body = (await request.json()) as {
        subscriptions?: string[];
        query?: string;
        options?: { $top?: number; $skip?: number; $skipToken?: string };
      };
      const table = /^\s*advisorresources\b/i.test(body.query ?? '')
        ? 'advisorresources'
        : 'resources';
      const scope = new Set(
        (body.subscriptions ?? []).map(s => s.toLowerCase()),
      );
      const rows =
        table === 'resources'
          ? inventory.resources.filter(r => scope.has(r.subscriptionId))
          : advisorRows().filter(r => scope.has(r.subscriptionId));
      const token = body.options?.$skipToken
        ? decodeToken(body.options.$skipToken)
        : null;
      if (body.options?.$skipToken && (!token || token.table !== table)) {
        log('resource-graph', request, 400, at);
        return armError(400, 'BadRequest', 'Invalid $skipToken');
      }
      const top = Math.min(body.options?.$top ?? RG_PAGE_LIMIT, RG_PAGE_LIMIT);
      const offset = token?.offset ?? body.options?.$skip ?? 0;
      const page = rows.slice(offset, offset + top);
      const next = offset + page.length;
      log('resource-graph', request, 200, at);
      return HttpResponse.json(
        {
          totalRecords: rows.length,
          count: page.length,
          resultTruncated: 'false',
          facets: [],
          ...(next < rows.length
            ? { $skipToken: encodeToken(next, table) }
            : {}),
          data: page,
        },
        {
          headers: {
            'x-ms-user-quota-remaining': String(quotaLimit - quota.used),
            'x-ms-user-quota-resets-after': resetsAfter,
          },
        },
      );
    },
  );

  const advisor = http.get(
    '*/subscriptions/:subscriptionId/providers/Microsoft.Advisor/recommendations',
    ({ request, params }) => {
      const at = now();
      const fault = injectedFault();
      if (fault) {
        log('advisor', request, fault.status, at);
        return fault;
      }
      const url = new URL(request.url);
      const subscription = String(params.subscriptionId).toLowerCase();
      const all = inventory.recommendations.filter(r =>
        r.id.toLowerCase().startsWith(`/subscriptions/${subscription}/`),
      );
      const top = Number(url.searchParams.get('$top') ?? advisorPageSize);
      const offset = Number(url.searchParams.get('$skiptoken') ?? 0);
      const page = all.slice(offset, offset + top);
      const body: Record<string, unknown> = { value: page };
      if (offset + page.length < all.length) {
        const next = new URL(url);
        next.searchParams.set('$top', String(top));
        next.searchParams.set('$skiptoken', String(offset + page.length));
        body.nextLink = next.toString();
      }
      log('advisor', request, 200, at);
      return HttpResponse.json(body);
    },
  );

  const currencyOf = new Map(
    inventory.recommendations.map(r => [
      r.properties.resourceMetadata.resourceId,
      r.properties.extendedProperties.savingsCurrency,
    ]),
  );
  const costs = createSandboxCostModel({
    resources: inventory.resources,
    currencyOf: id => currencyOf.get(id) ?? 'USD',
    subscriptions: inventory.subscriptions,
    lastDay: options.costsThrough ?? new Date().toISOString().slice(0, 10),
  });
  const costPageSize = options.costPageSize ?? 1000;
  const lastCostQuery: { key?: string; rows: unknown[][] } = { rows: [] };
  // Queries answered 202, by operation id, until polled.
  const acceptedQueries = new Map<string, { url: string; body: unknown }>();

  const costPage = (url: URL, body: any) => {
    const scope = url.pathname
      .replace(/\/providers\/Microsoft\.CostManagement\/query$/i, '')
      .replace(/^\/+/, '');
    const tagKey =
      (body.dataset?.grouping ?? []).find((g: any) => g.type === 'TagKey')
        ?.name ?? '';
    const offset = Number(url.searchParams.get('$skiptoken') ?? 0);
    // Later pages of a query share the rows its first page built.
    const key = JSON.stringify([scope.toLowerCase(), body.timePeriod, tagKey]);
    if (offset === 0 || lastCostQuery.key !== key) {
      lastCostQuery.key = key;
      lastCostQuery.rows = costQueryRows(costs, scope, {
        timePeriod: body.timePeriod,
        tagKey,
      });
    }
    const rows = lastCostQuery.rows;
    if (rows.length === 0) return new HttpResponse(null, { status: 204 });
    const page = rows.slice(offset, offset + costPageSize);
    let nextLink: string | null = null;
    if (offset + page.length < rows.length) {
      const next = new URL(url);
      next.searchParams.set('$skiptoken', String(offset + page.length));
      nextLink = next.toString();
    }
    return HttpResponse.json({
      id: `${scope}/providers/Microsoft.CostManagement/query/sandbox`,
      name: 'sandbox',
      type: 'Microsoft.CostManagement/query',
      properties: { nextLink, columns: COST_COLUMNS, rows: page },
    });
  };

  const costQuery = http.post(
    '*/providers/Microsoft.CostManagement/query',
    async ({ request }) => {
      const at = now();
      const accept = pending[0]?.status === 202;
      const fault = injectedFault('cost-management');
      if (fault) {
        log('cost-management', request, fault.status, at);
        return fault;
      }
      let body: unknown;
      try {
        body = await request.json();
      } catch {
        body = null;
      }
      const invalid = invalidCostQuery(body);
      if (invalid) {
        log('cost-management', request, 400, at);
        return armError(400, 'BadRequest', invalid);
      }
      if (accept) {
        const operation = `op-${acceptedQueries.size + 1}`;
        acceptedQueries.set(operation, { url: request.url, body });
        log('cost-management', request, 202, at);
        const location = new URL(request.url);
        location.pathname = location.pathname.replace(
          /\/query$/i,
          `/operationResults/${operation}`,
        );
        return new HttpResponse(null, {
          status: 202,
          headers: { location: location.toString(), 'retry-after': '1' },
        });
      }
      const response = costPage(new URL(request.url), body);
      log('cost-management', request, response.status, at);
      return response;
    },
  );

  const costOperation = http.get(
    '*/providers/Microsoft.CostManagement/operationResults/:operation',
    ({ request, params }) => {
      const at = now();
      const accepted = acceptedQueries.get(String(params.operation));
      if (!accepted) {
        log('cost-management', request, 404, at);
        return armError(404, 'NotFound', 'Unknown operation');
      }
      acceptedQueries.delete(String(params.operation));
      const response = costPage(new URL(accepted.url), accepted.body);
      log('cost-management', request, response.status, at);
      return response;
    },
  );

  return {
    ...inventory,
    projectTag: 'ppm-project',
    costs,
    handlers: [resourceGraph, advisor, costQuery, costOperation],
    faults,
    requests,
  };
}
