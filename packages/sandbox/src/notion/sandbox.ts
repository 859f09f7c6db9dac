import type {
  DatabaseObjectResponse,
  DataSourceObjectResponse,
  PageObjectResponse,
  QueryDataSourceResponse,
} from '@notionhq/client';
import { delay, http, HttpHandler, HttpResponse } from 'msw';
import {
  generatePortfolio,
  Portfolio,
  sandboxId,
  SANDBOX_ID_KIND,
} from '../portfolio/portfolio';
import {
  arrayItems,
  BOT_USER_ID,
  floorToMinute,
  initialPages,
  NotionValidationError,
  PlainValue,
  plainFromRequest,
  RenderContext,
  renderPage,
  renderValue,
  StoredPage,
} from './pages';
import {
  compileFilter,
  compileSorts,
  decodeCursor,
  pageSizeOf,
  ValueReader,
  windowOf,
} from './query';
import { createTokenBucket } from './rateLimiter';
import {
  dataSourceId,
  dataSourceProperties,
  databaseId,
  findProperty,
  NOTION_DATABASE_KEYS,
  NotionDatabaseKey,
  PropertySpec,
  richText,
  SANDBOX_SCHEMA,
} from './schema';

/** Injected failures; each applies to the next `count` requests. */
export type NotionFault =
  | { kind: 'rate_limit_storm'; count: number }
  | { kind: 'server_error'; status: 500 | 502 | 503 | 529; count: number }
  | { kind: 'timeout'; delayMs: number; count: number }
  | { kind: 'malformed_json'; count: number }
  /**
   * Counts only data source queries: the page keeps its cursor but its second
   * half holds partial page objects (`{ object, id }`, no properties).
   */
  | { kind: 'truncated_page'; count: number };

export interface NotionRequestLogEntry {
  method: string;
  path: string;
  status: number;
}

export interface NotionSandboxOptions {
  /** The portfolio to serve; generated from `seed` when absent. */
  portfolio?: Portfolio;
  seed?: number;
  /** Average requests per second before 429 (default 3, as Notion). */
  requestsPerSecond?: number;
  /** Requests allowed at once after a quiet spell (default 10). */
  burst?: number;
  /** Clock for rate limiting and edit times (default the system clock). */
  now?: () => Date;
  /** Rows one query may return across its pages (default 10,000, as Notion). */
  queryResultLimit?: number;
}

export type NotionDatabaseIds = Record<NotionDatabaseKey, string>;

export interface NotionSandbox {
  /** msw handlers for the emulated endpoints, matching any origin. */
  handlers: HttpHandler[];
  databaseIds: NotionDatabaseIds;
  dataSourceIds: NotionDatabaseIds;
  /** The portfolio the workspace was built from (later edits not included). */
  portfolio: Portfolio;
  setFault(fault: NotionFault | null): void;
  /** Updates properties given in Notion's request format; bumps the edit time. */
  editPage(
    pageId: string,
    properties: Record<string, unknown>,
  ): PageObjectResponse;
  trashPage(pageId: string): PageObjectResponse;
  addPage(
    database: NotionDatabaseKey,
    properties: Record<string, unknown>,
  ): PageObjectResponse;
  /** Every page of a database, trashed ones included, relations uncut. */
  pages(database: NotionDatabaseKey): PageObjectResponse[];
  readonly requestLog: readonly NotionRequestLogEntry[];
  resetRequestLog(): void;
}

export const NOTION_API_VERSION = '2025-09-03';
const DEFAULT_QUERY_RESULT_LIMIT = 10_000;
const PROPERTY_ITEM_PAGE_SIZE = 25;
const QUERY_CACHE_SIZE = 8;

class NotFoundError extends Error {}
class InvalidJsonError extends Error {}

function errorResponse(
  status: number,
  code: string,
  message: string,
  headers?: HeadersInit,
) {
  return HttpResponse.json(
    { object: 'error', status, code, message },
    { status, headers },
  );
}

const SERVER_ERROR_CODES: Record<number, string> = {
  500: 'internal_server_error',
  502: 'internal_server_error',
  503: 'service_unavailable',
  529: 'service_overload',
};

/** Notion accepts ids with or without dashes. */
function normalizeId(id: string): string {
  return id.replace(/-/g, '').toLowerCase();
}

async function jsonBody(request: Request): Promise<Record<string, any>> {
  const text = await request.text();
  if (text === '') return {};
  try {
    const body = JSON.parse(text);
    if (typeof body === 'object' && body !== null) return body;
  } catch {
    // reported below
  }
  throw new InvalidJsonError('Error parsing JSON body.');
}

/** Builds an emulated Notion workspace holding the portfolio. */
export function createNotionSandbox(
  options: NotionSandboxOptions = {},
): NotionSandbox {
  const seed = options.seed ?? 42;
  const portfolio = options.portfolio ?? generatePortfolio({ seed });
  const now = options.now ?? (() => new Date());
  const queryResultLimit =
    options.queryResultLimit ?? DEFAULT_QUERY_RESULT_LIMIT;
  const bucket = createTokenBucket({
    ratePerSecond: options.requestsPerSecond ?? 3,
    burst: options.burst ?? 10,
  });

  const byId = new Map<string, StoredPage>();
  const byDatabase = new Map<NotionDatabaseKey, StoredPage[]>(
    NOTION_DATABASE_KEYS.map(key => [key, []]),
  );
  for (const page of initialPages(portfolio, seed)) {
    byId.set(normalizeId(page.id), page);
    byDatabase.get(page.database)!.push(page);
  }
  const peopleById = new Map(portfolio.people.map(p => [p.id, p]));
  const knownPeople = new Set(peopleById.keys());
  const dataSourceKeys = new Map(
    NOTION_DATABASE_KEYS.map(key => [normalizeId(dataSourceId(key)), key]),
  );
  const databaseKeys = new Map(
    NOTION_DATABASE_KEYS.map(key => [normalizeId(databaseId(key)), key]),
  );

  const requestLog: NotionRequestLogEntry[] = [];
  let fault: NotionFault | null = null;
  let faultRemaining = 0;
  let createdCount = 0;
  // Derived data, dropped on every write.
  const reverseIndexes = new Map<string, Map<string, string[]>>();
  const queryMatches = new Map<string, StoredPage[]>();

  const invalidate = () => {
    reverseIndexes.clear();
    queryMatches.clear();
  };

  /** Pages of `spec.target` whose `spec.reverseOf` relation names pageId. */
  const reverse = (spec: PropertySpec, pageId: string): string[] => {
    const key = `${spec.target}:${spec.reverseOf}`;
    let index = reverseIndexes.get(key);
    if (!index) {
      index = new Map();
      for (const page of byDatabase.get(spec.target!)!) {
        if (page.inTrash) continue;
        const targets = page.values[spec.reverseOf!];
        for (const target of Array.isArray(targets) ? targets : []) {
          const list = index.get(target) ?? [];
          list.push(page.id);
          index.set(target, list);
        }
      }
      reverseIndexes.set(key, index);
    }
    return index.get(pageId) ?? [];
  };
  const context: RenderContext = { peopleById, reverse };
  const read: ValueReader = (page, spec) =>
    spec.reverseOf ? reverse(spec, page.id) : page.values[spec.name] ?? null;

  const pageById = (id: string): StoredPage => {
    const page = byId.get(normalizeId(id));
    if (!page) throw new NotFoundError(`Could not find page with ID: ${id}.`);
    return page;
  };

  const plainValues = (database: NotionDatabaseKey, properties: unknown) => {
    if (typeof properties !== 'object' || properties === null) {
      throw new NotionValidationError('body.properties should be an object.');
    }
    const values: Record<string, PlainValue> = {};
    for (const [name, raw] of Object.entries(properties)) {
      const spec = findProperty(SANDBOX_SCHEMA[database], name);
      if (!spec)
        throw new NotionValidationError(
          `${name} is not a property that exists.`,
        );
      values[spec.name] = plainFromRequest(spec, raw, knownPeople);
    }
    return values;
  };

  const addPage = (
    database: NotionDatabaseKey,
    properties: Record<string, unknown>,
  ) => {
    const values = plainValues(database, properties);
    createdCount += 1;
    const stamp = floorToMinute(now());
    const page: StoredPage = {
      id: sandboxId(SANDBOX_ID_KIND.created, createdCount),
      database,
      createdTime: stamp,
      lastEditedTime: stamp,
      inTrash: false,
      values,
    };
    byId.set(normalizeId(page.id), page);
    byDatabase.get(database)!.push(page);
    invalidate();
    return renderPage(page, context, false);
  };

  const updatePage = (
    pageId: string,
    properties: unknown,
    inTrash?: boolean,
  ) => {
    const page = pageById(pageId);
    const values =
      properties === undefined ? {} : plainValues(page.database, properties);
    if (page.inTrash && inTrash !== false && Object.keys(values).length > 0) {
      throw new NotionValidationError(
        "Can't edit a page that is in the trash.",
      );
    }
    Object.assign(page.values, values);
    if (inTrash !== undefined) page.inTrash = inTrash;
    page.lastEditedTime = floorToMinute(now());
    invalidate();
    return renderPage(page, context, false);
  };

  const matchingPages = (key: NotionDatabaseKey, body: Record<string, any>) => {
    const cacheKey = JSON.stringify([
      key,
      body.filter,
      body.sorts,
      body.in_trash ?? body.archived,
    ]);
    const cached = queryMatches.get(cacheKey);
    if (cached) return cached;
    const spec = SANDBOX_SCHEMA[key];
    const predicate = compileFilter(body.filter, spec, read);
    const compare = compileSorts(body.sorts, spec, read);
    const wantTrash = (body.in_trash ?? body.archived) === true;
    const matches = byDatabase
      .get(key)!
      .filter(page => page.inTrash === wantTrash && predicate(page))
      .sort(compare);
    // Paging re-asks the same query; keep a few recent ones, not every window.
    if (queryMatches.size >= QUERY_CACHE_SIZE) {
      queryMatches.delete(queryMatches.keys().next().value!);
    }
    queryMatches.set(cacheKey, matches);
    return matches;
  };

  const databaseObject = (key: NotionDatabaseKey): DatabaseObjectResponse => ({
    object: 'database',
    id: databaseId(key),
    title: richText(SANDBOX_SCHEMA[key].title),
    description: [],
    parent: { type: 'workspace', workspace: true },
    is_inline: false,
    in_trash: false,
    archived: false,
    is_locked: false,
    created_time: '2025-06-01T08:00:00.000Z',
    last_edited_time: '2025-06-01T08:00:00.000Z',
    data_sources: [{ id: dataSourceId(key), name: SANDBOX_SCHEMA[key].title }],
    icon: null,
    cover: null,
    url: `https://www.notion.so/${normalizeId(databaseId(key))}`,
    public_url: null,
  });

  const dataSourceObject = (
    key: NotionDatabaseKey,
  ): DataSourceObjectResponse => ({
    object: 'data_source',
    id: dataSourceId(key),
    title: richText(SANDBOX_SCHEMA[key].title),
    description: [],
    parent: { type: 'database_id', database_id: databaseId(key) },
    database_parent: { type: 'workspace', workspace: true },
    is_inline: false,
    in_trash: false,
    archived: false,
    created_time: '2025-06-01T08:00:00.000Z',
    last_edited_time: '2025-06-01T08:00:00.000Z',
    created_by: { object: 'user', id: BOT_USER_ID },
    last_edited_by: { object: 'user', id: BOT_USER_ID },
    properties: dataSourceProperties(SANDBOX_SCHEMA[key]),
    icon: null,
    cover: null,
    url: `https://www.notion.so/${normalizeId(dataSourceId(key))}`,
    public_url: null,
  });

  type Route = (
    request: Request,
    params: Record<string, string>,
  ) => Promise<Response> | Response;

  const takeFault = (isQuery: boolean): NotionFault | null => {
    if (!fault || faultRemaining <= 0) return null;
    if (fault.kind === 'truncated_page' && !isQuery) return null;
    const current = fault;
    faultRemaining -= 1;
    if (faultRemaining === 0) fault = null;
    return current;
  };

  const truncate = async (response: Response) => {
    const body = (await response.json()) as QueryDataSourceResponse;
    const keep = Math.ceil(body.results.length / 2);
    body.results = body.results.map((row, i) =>
      i < keep ? row : { object: 'page' as const, id: row.id },
    );
    return HttpResponse.json(body, { status: response.status });
  };

  const respond = async (
    request: Request,
    params: Record<string, string>,
    route: Route,
    isQuery: boolean,
  ): Promise<Response> => {
    // Only the presence of a token is checked; its value is never echoed.
    if (!/^Bearer \S+/.test(request.headers.get('authorization') ?? '')) {
      return errorResponse(401, 'unauthorized', 'API token is invalid.');
    }
    if (!request.headers.get('notion-version')) {
      return errorResponse(
        400,
        'missing_version',
        'Notion-Version header is required.',
      );
    }
    const injected = takeFault(isQuery);
    if (injected?.kind === 'rate_limit_storm') {
      return errorResponse(429, 'rate_limited', 'You have been rate limited.', {
        'Retry-After': '1',
      });
    }
    if (injected?.kind === 'server_error') {
      return errorResponse(
        injected.status,
        SERVER_ERROR_CODES[injected.status],
        'The sandbox was told to fail this request.',
      );
    }
    if (injected?.kind === 'malformed_json') {
      return new HttpResponse(
        '{"object":"list","results":[{"object":"page","id":',
        {
          status: 200,
          headers: { 'Content-Type': 'application/json' },
        },
      );
    }
    if (injected?.kind === 'timeout') {
      await delay(injected.delayMs);
    }
    const decision = bucket.take(now().getTime());
    if (!decision.allowed) {
      return errorResponse(
        429,
        'rate_limited',
        'You have been rate limited. Please try again later.',
        {
          'Retry-After': String(decision.retryAfterSeconds),
        },
      );
    }
    try {
      const response = await route(request, params);
      return injected?.kind === 'truncated_page'
        ? truncate(response)
        : response;
    } catch (error) {
      if (error instanceof NotionValidationError) {
        return errorResponse(400, 'validation_error', error.message);
      }
      if (error instanceof InvalidJsonError) {
        return errorResponse(400, 'invalid_json', error.message);
      }
      if (error instanceof NotFoundError) {
        return errorResponse(404, 'object_not_found', error.message);
      }
      throw error;
    }
  };

  /** Applies auth, version, faults and the rate limit, then the route. */
  const gated =
    (route: Route, isQuery = false) =>
    async ({
      request,
      params,
    }: {
      request: Request;
      params: Record<string, any>;
    }) => {
      const response = await respond(request, params, route, isQuery);
      requestLog.push({
        method: request.method,
        path: new URL(request.url).pathname,
        status: response.status,
      });
      return response;
    };

  const dataSourceKey = (id: string) => {
    const key = dataSourceKeys.get(normalizeId(id));
    if (!key)
      throw new NotFoundError(`Could not find data_source with ID: ${id}.`);
    return key;
  };

  const queryRoute: Route = async (request, params) => {
    const key = dataSourceKey(params.id);
    const body = await jsonBody(request);
    const offset = decodeCursor(body.start_cursor);
    const pageSize = pageSizeOf(body.page_size, 100);
    const window = windowOf(
      matchingPages(key, body),
      offset,
      pageSize,
      queryResultLimit,
    );
    const response: QueryDataSourceResponse = {
      object: 'list',
      results: window.results.map(page => renderPage(page, context, true)),
      next_cursor: window.nextCursor,
      has_more: window.hasMore,
      type: 'page_or_data_source',
      page_or_data_source: {},
      ...(window.capped
        ? {
            request_status: {
              type: 'incomplete',
              incomplete_reason: 'query_result_limit_reached',
            },
          }
        : {}),
    };
    return HttpResponse.json(response);
  };

  const propertyItemRoute: Route = (request, params) => {
    const page = pageById(params.id);
    const propertyId = decodeURIComponent(params.propertyId);
    const spec = findProperty(SANDBOX_SCHEMA[page.database], propertyId);
    if (!spec)
      throw new NotFoundError(
        `Could not find property with ID: ${propertyId}.`,
      );
    const value = renderValue(spec, page, context, false) as Record<
      string,
      any
    >;
    const url = new URL(request.url);
    if (
      spec.type !== 'relation' &&
      spec.type !== 'people' &&
      spec.type !== 'title' &&
      spec.type !== 'rich_text'
    ) {
      return HttpResponse.json({
        object: 'property_item',
        id: spec.id,
        type: spec.type,
        [spec.type]: value[spec.type],
      });
    }
    const items: unknown[] =
      spec.type === 'relation'
        ? arrayItems(page, spec, context).map(id => ({ id }))
        : value[spec.type];
    const offset = decodeCursor(
      url.searchParams.get('start_cursor') ?? undefined,
    );
    const size = pageSizeOf(
      url.searchParams.get('page_size') ?? undefined,
      PROPERTY_ITEM_PAGE_SIZE,
    );
    const window = windowOf(items, offset, size, Number.MAX_SAFE_INTEGER);
    const nextUrl = window.nextCursor
      ? `${url.origin}${url.pathname}?start_cursor=${window.nextCursor}`
      : null;
    return HttpResponse.json({
      object: 'list',
      results: window.results.map(item => ({
        object: 'property_item',
        id: spec.id,
        type: spec.type,
        [spec.type]: item,
      })),
      next_cursor: window.nextCursor,
      has_more: window.hasMore,
      type: 'property_item',
      property_item: {
        id: spec.id,
        next_url: nextUrl,
        type: spec.type,
        [spec.type]: {},
      },
    });
  };

  const handlers: HttpHandler[] = [
    http.get(
      '*/v1/databases/:id',
      gated((_request, params) => {
        const key = databaseKeys.get(normalizeId(params.id));
        if (!key)
          throw new NotFoundError(
            `Could not find database with ID: ${params.id}.`,
          );
        return HttpResponse.json(databaseObject(key));
      }),
    ),
    http.get(
      '*/v1/data_sources/:id',
      gated((_request, params) =>
        HttpResponse.json(dataSourceObject(dataSourceKey(params.id))),
      ),
    ),
    http.post('*/v1/data_sources/:id/query', gated(queryRoute, true)),
    http.get('*/v1/pages/:id/properties/:propertyId', gated(propertyItemRoute)),
    http.get(
      '*/v1/pages/:id',
      gated((_request, params) =>
        HttpResponse.json(renderPage(pageById(params.id), context, true)),
      ),
    ),
    http.post(
      '*/v1/pages',
      gated(async request => {
        const body = await jsonBody(request);
        const parent = body.parent ?? {};
        // A database with a single data source is accepted as the parent too.
        const key = parent.data_source_id
          ? dataSourceKeys.get(normalizeId(String(parent.data_source_id)))
          : databaseKeys.get(normalizeId(String(parent.database_id)));
        if (!key) {
          throw new NotionValidationError(
            'body.parent should name a data source of this workspace.',
          );
        }
        const page = addPage(key, body.properties ?? {});
        return HttpResponse.json(renderPage(pageById(page.id), context, true));
      }),
    ),
    http.patch(
      '*/v1/pages/:id',
      gated(async (_request, params) => {
        const body = await jsonBody(_request);
        const inTrash = body.in_trash ?? body.archived;
        if (inTrash !== undefined && typeof inTrash !== 'boolean') {
          throw new NotionValidationError('body.in_trash should be a boolean.');
        }
        updatePage(params.id, body.properties, inTrash);
        return HttpResponse.json(
          renderPage(pageById(params.id), context, true),
        );
      }),
    ),
  ];

  const ids = (of: (key: NotionDatabaseKey) => string) =>
    Object.fromEntries(
      NOTION_DATABASE_KEYS.map(key => [key, of(key)]),
    ) as NotionDatabaseIds;

  return {
    handlers,
    databaseIds: ids(databaseId),
    dataSourceIds: ids(dataSourceId),
    portfolio,
    setFault(next) {
      fault = next;
      faultRemaining = next?.count ?? 0;
    },
    editPage: (pageId, properties) => updatePage(pageId, properties),
    trashPage: pageId => updatePage(pageId, undefined, true),
    addPage,
    pages: database =>
      byDatabase.get(database)!.map(page => renderPage(page, context, false)),
    get requestLog() {
      return requestLog;
    },
    resetRequestLog() {
      requestLog.length = 0;
    },
  };
}
