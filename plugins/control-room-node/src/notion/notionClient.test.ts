import { ConfigReader } from '@backstage/config';
import { APIResponseError } from '@notionhq/client';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createNotionService, NOTION_API_VERSION } from './notionClient';
import { readNotionClientOptions } from './notionService';
import { isRetryableReadFailure, retryNotionRead } from './readRetry';

const BASE = 'https://notion.test';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const user = { object: 'user', id: 'u1', type: 'bot', bot: {} };

function serveUsers(onRequest: (request: Request) => Response | undefined) {
  const seen: Array<{ at: number; request: Request }> = [];
  server.use(
    http.get(`${BASE}/v1/users/:id`, ({ request }) => {
      seen.push({ at: Date.now(), request });
      return onRequest(request) ?? HttpResponse.json(user);
    }),
  );
  return seen;
}

describe('createNotionService', () => {
  it('sends the data-sources API version and the token', async () => {
    const seen = serveUsers(() => undefined);
    const notion = createNotionService({ auth: 'secret_abc', baseUrl: BASE });
    await notion.client.users.retrieve({ user_id: 'u1' });
    expect(seen[0].request.headers.get('notion-version')).toBe(
      NOTION_API_VERSION,
    );
    expect(seen[0].request.headers.get('authorization')).toBe(
      'Bearer secret_abc',
    );
    expect(notion.requestCount()).toBe(1);
    await notion.stop();
  });

  it('keeps the average rate under the limit after the burst', async () => {
    const seen = serveUsers(() => undefined);
    const notion = createNotionService({
      baseUrl: BASE,
      requestsPerSecond: 10,
      burst: 2,
    });
    const started = Date.now();
    await Promise.all(
      Array.from({ length: 6 }, () =>
        notion.client.users.retrieve({ user_id: 'u1' }),
      ),
    );
    // 2 at once, then 4 more at 100 ms each.
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
    expect(seen).toHaveLength(6);
    await notion.stop();
  });

  it('waits out Retry-After on 429 for every request of the process', async () => {
    let limited = 1;
    const seen = serveUsers(() => {
      if (limited-- > 0) {
        return HttpResponse.json(
          {
            object: 'error',
            status: 429,
            code: 'rate_limited',
            message: 'slow down',
          },
          { status: 429, headers: { 'Retry-After': '1' } },
        );
      }
      return undefined;
    });
    const notion = createNotionService({
      baseUrl: BASE,
      requestsPerSecond: 100,
      burst: 1,
    });
    const first = notion.client.users.retrieve({ user_id: 'u1' });
    await new Promise(resolve => setTimeout(resolve, 50));
    const second = notion.client.users.retrieve({ user_id: 'u1' });
    await Promise.all([first, second]);
    expect(seen).toHaveLength(3);
    // The second request waited for the first one's Retry-After too.
    expect(seen[1].at - seen[0].at).toBeGreaterThanOrEqual(950);
    expect(seen[2].at - seen[0].at).toBeGreaterThanOrEqual(950);
    await notion.stop();
  });

  it('gives up after the configured SDK retries', async () => {
    const seen = serveUsers(() =>
      HttpResponse.json(
        {
          object: 'error',
          status: 529,
          code: 'service_overload',
          message: 'busy',
        },
        { status: 529 },
      ),
    );
    const notion = createNotionService({
      baseUrl: BASE,
      requestsPerSecond: 1000,
      maxRetries: 2,
      initialRetryDelayMs: 5,
    });
    await expect(
      notion.client.users.retrieve({ user_id: 'u1' }),
    ).rejects.toBeInstanceOf(APIResponseError);
    expect(seen).toHaveLength(3);
    await notion.stop();
  });

  it('rejects a rate that is not positive', () => {
    expect(() => createNotionService({ requestsPerSecond: 0 })).toThrow(
      /greater than 0/,
    );
  });
});

describe('retryNotionRead', () => {
  it('repeats reads the SDK does not retry, then succeeds', async () => {
    let calls = 0;
    const result = await retryNotionRead(
      async () => {
        calls += 1;
        if (calls === 1) throw new SyntaxError('Unexpected end of JSON input');
        return 'ok';
      },
      { initialDelayMs: 1 },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(2);
  });

  it('does not repeat client errors and stops after its retries', async () => {
    let calls = 0;
    const badRequest = new Error('validation_error');
    await expect(
      retryNotionRead(async () => {
        calls += 1;
        throw badRequest;
      }),
    ).rejects.toBe(badRequest);
    expect(calls).toBe(1);

    calls = 0;
    await expect(
      retryNotionRead(
        async () => {
          calls += 1;
          throw new TypeError('fetch failed');
        },
        { retries: 2, initialDelayMs: 1 },
      ),
    ).rejects.toThrow('fetch failed');
    expect(calls).toBe(3);
  });

  it('treats 5xx answers to a POST query as retryable', async () => {
    server.use(
      http.post(`${BASE}/v1/data_sources/:id/query`, () =>
        HttpResponse.json(
          {
            object: 'error',
            status: 502,
            code: 'internal_server_error',
            message: 'bad gateway',
          },
          { status: 502 },
        ),
      ),
    );
    const notion = createNotionService({
      baseUrl: BASE,
      requestsPerSecond: 1000,
    });
    const error = await notion.client.dataSources
      .query({ data_source_id: 'ds' })
      .catch(e => e);
    expect(isRetryableReadFailure(error)).toBe(true);
    await notion.stop();
  });
});

describe('readNotionClientOptions', () => {
  it('reads controlRoom.notion with defaults', () => {
    expect(readNotionClientOptions(new ConfigReader({}))).toEqual({
      auth: undefined,
      baseUrl: undefined,
      requestsPerSecond: 3,
      burst: undefined,
      timeoutMs: undefined,
      maxRetries: undefined,
    });
    expect(
      readNotionClientOptions(
        new ConfigReader({
          controlRoom: {
            notion: {
              token: 't',
              baseUrl: 'http://127.0.0.1:7100',
              requestsPerSecond: 2,
              burst: 4,
              timeoutMs: 1000,
              maxRetries: 1,
            },
          },
        }),
      ),
    ).toEqual({
      auth: 't',
      baseUrl: 'http://127.0.0.1:7100',
      requestsPerSecond: 2,
      burst: 4,
      timeoutMs: 1000,
      maxRetries: 1,
    });
  });
});
