import fs from 'node:fs';
import path from 'node:path';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  COST_RETRY_AFTER_HEADERS,
  costQueryDefinition,
  createCostManagementClient,
  queryCostPages,
} from './costManagement';
import { CostQueryPage, parseCostPage } from './costRows';

// The vendor's own examples (x-ms-examples wrappers), never edited.
const fixtureDir = path.resolve(
  __dirname,
  '../../../../../../shared/fixtures/azure/costmanagement',
);

function example(file: string): any {
  return JSON.parse(fs.readFileSync(path.join(fixtureDir, file), 'utf8'));
}

const credential = {
  getToken: async () => ({
    token: 'fixture-token',
    expiresOnTimestamp: Date.now() + 3_600_000,
  }),
};

const server = setupServer();
const QUERY_PATH = '*/providers/Microsoft.CostManagement/query';

function client(waits: number[] = []) {
  return createCostManagementClient(credential, {
    sleep: async ms => {
      waits.push(ms);
    },
    retryOptions: { maxRetries: 0 },
    maxThrottleRetries: 3,
  });
}

async function allPages(scope: string, waits: number[] = []) {
  const pages: CostQueryPage[] = [];
  for await (const page of queryCostPages(
    client(waits),
    scope,
    costQueryDefinition(
      { from: '2018-04-01', to: '2018-04-30' },
      'ppm-project',
    ),
    { sleep: async ms => void waits.push(ms) },
  )) {
    pages.push(page);
  }
  return pages;
}

describe('Cost Management vendor examples through the real SDK pipeline', () => {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  it('ResourceGroupQuery.json: UsageDate 20180417 becomes a day, cost and group kept', async () => {
    const fixture = example('ResourceGroupQuery.json');
    const sent: any[] = [];
    server.use(
      http.post(QUERY_PATH, async ({ request }) => {
        sent.push({
          url: request.url,
          body: await request.json(),
          auth: request.headers.get('authorization'),
        });
        return HttpResponse.json(fixture.responses['200'].body);
      }),
    );

    const pages = await allPages(fixture.parameters.scope);
    const { rows, rejected } = parseCostPage(pages[0], 'ppm-project');

    expect(sent).toHaveLength(1);
    expect(sent[0].url).toBe(
      `https://management.azure.com/${fixture.parameters.scope}/providers/Microsoft.CostManagement/query?api-version=${fixture.parameters['api-version']}`,
    );
    expect(sent[0].auth).toBe('Bearer fixture-token');
    expect(sent[0].body).toMatchObject({
      type: 'Usage',
      timeframe: 'Custom',
      timePeriod: {
        from: '2018-04-01T00:00:00.000Z',
        to: '2018-04-30T23:59:59.000Z',
      },
      dataset: {
        granularity: 'Daily',
        aggregation: { totalCost: { name: 'PreTaxCost', function: 'Sum' } },
        grouping: [
          { type: 'Dimension', name: 'ResourceId' },
          { type: 'TagKey', name: 'ppm-project' },
        ],
      },
    });
    expect(rejected).toBe(0);
    const expected = fixture.responses['200'].body.properties.rows;
    expect(
      rows.map(r => [r.usageDate, r.cost, r.currency, r.resourceGroup]),
    ).toEqual([
      ['2018-04-17', expected[0][0], 'USD', 'ScreenSharingTest-peer'],
      ['2018-04-18', expected[1][0], 'USD', 'ScreenSharingTest-peer'],
    ]);
  });

  it('SubscriptionQueryGrouping.json (no UsageDate) is refused with the missing column named', async () => {
    const fixture = example('SubscriptionQueryGrouping.json');
    server.use(
      http.post(QUERY_PATH, () =>
        HttpResponse.json(fixture.responses['200'].body),
      ),
    );
    const [page] = await allPages(fixture.parameters.scope);
    expect(() => parseCostPage(page, 'ppm-project')).toThrow(
      /lacks UsageDate \(daily granularity\); columns were PreTaxCost, ResourceGroup, Currency/,
    );
  });

  it.each(['ResourceGroupQuery.json', 'SubscriptionQueryGrouping.json'])(
    '%s 204 answer is an empty result',
    async file => {
      const fixture = example(file);
      expect(fixture.responses['204']).toEqual({});
      server.use(
        http.post(QUERY_PATH, () => new HttpResponse(null, { status: 204 })),
      );
      const pages = await allPages(fixture.parameters.scope);
      expect(pages).toHaveLength(1);
      expect(parseCostPage(pages[0], 'ppm-project').rows).toEqual([]);
    },
  );

  it('follows nextLink with the same body until there is none', async () => {
    const body = example('ResourceGroupQuery.json').responses['200'].body;
    const bodies: string[] = [];
    server.use(
      http.post(QUERY_PATH, async ({ request }) => {
        bodies.push(await request.text());
        const url = new URL(request.url);
        const last = url.searchParams.get('$skiptoken') === 'p2';
        return HttpResponse.json({
          ...body,
          properties: {
            ...body.properties,
            nextLink: last
              ? null
              : `${url.origin}${url.pathname}?api-version=2023-11-01&$skiptoken=p2`,
          },
        });
      }),
    );
    const pages = await allPages('subscriptions/s1');
    expect(pages).toHaveLength(2);
    expect(bodies[1]).toBe(bodies[0]);
  });

  it('waits out a 429 as long as the longest Cost Management header says, then retries', async () => {
    const body = example('ResourceGroupQuery.json').responses['200'].body;
    let calls = 0;
    server.use(
      http.post(QUERY_PATH, () => {
        calls += 1;
        if (calls === 1) {
          return HttpResponse.json(
            { error: { code: '429', message: 'Too many requests' } },
            {
              status: 429,
              headers: {
                [COST_RETRY_AFTER_HEADERS[0]]: '7',
                [COST_RETRY_AFTER_HEADERS[1]]: '12',
              },
            },
          );
        }
        return HttpResponse.json(body);
      }),
    );
    const waits: number[] = [];
    const pages = await allPages('subscriptions/s1', waits);
    expect(calls).toBe(2);
    expect(waits).toEqual([12_000]);
    expect(pages[0].rows).toHaveLength(2);
  });

  it('fails with the status once the 429s outlast the retries', async () => {
    server.use(
      http.post(QUERY_PATH, () =>
        HttpResponse.json(
          { error: { code: '429', message: 'Too many requests' } },
          { status: 429, headers: { [COST_RETRY_AFTER_HEADERS[2]]: '1' } },
        ),
      ),
    );
    const waits: number[] = [];
    await expect(allPages('subscriptions/s1', waits)).rejects.toThrow(
      'Cost Management query failed with HTTP 429: Too many requests',
    );
    expect(waits).toEqual([1000, 1000, 1000]);
  });

  it('polls the Location of a 202 after its Retry-After until the result is ready', async () => {
    const body = example('ResourceGroupQuery.json').responses['200'].body;
    let polls = 0;
    server.use(
      http.post(
        QUERY_PATH,
        ({ request }) =>
          new HttpResponse(null, {
            status: 202,
            headers: {
              location: `${
                new URL(request.url).origin
              }/subscriptions/s1/providers/Microsoft.CostManagement/operationResults/op1`,
              'retry-after': '3',
            },
          }),
      ),
      http.get('*/operationResults/op1', () => {
        polls += 1;
        return polls < 2
          ? new HttpResponse(null, {
              status: 202,
              headers: {
                location:
                  'https://management.azure.com/subscriptions/s1/providers/Microsoft.CostManagement/operationResults/op1',
              },
            })
          : HttpResponse.json(body);
      }),
    );
    const waits: number[] = [];
    const pages = await allPages('subscriptions/s1', waits);
    expect(polls).toBe(2);
    expect(waits).toEqual([3000, 5000]);
    expect(pages[0].rows).toEqual(body.properties.rows);
  });

  it('names the error Azure gave for any other status', async () => {
    server.use(
      http.post(QUERY_PATH, () =>
        HttpResponse.json(
          {
            error: { code: 'BadRequest', message: 'Invalid dataset grouping' },
          },
          { status: 400 },
        ),
      ),
    );
    await expect(allPages('subscriptions/s1')).rejects.toThrow(
      'Cost Management query failed with HTTP 400: Invalid dataset grouping',
    );
  });
});
