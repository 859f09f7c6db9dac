import {
  createHttpHeaders,
  createPipelineRequest,
} from '@azure/core-rest-pipeline';
import { invalidCostQuery } from './costManagement';
import { createMswHttpClient } from './httpClient';
import { createAzureSandbox } from './sandbox';

const HOST = 'https://management.azure.com';

function query(from: string, to: string, overrides: object = {}) {
  return {
    type: 'Usage',
    timeframe: 'Custom',
    timePeriod: { from: `${from}T00:00:00Z`, to: `${to}T23:59:59Z` },
    dataset: {
      granularity: 'Daily',
      aggregation: { totalCost: { name: 'PreTaxCost', function: 'Sum' } },
      grouping: [
        { type: 'Dimension', name: 'ResourceId' },
        { type: 'TagKey', name: 'ppm-project' },
      ],
    },
    ...overrides,
  };
}

async function call(
  sandbox: ReturnType<typeof createAzureSandbox>,
  method: 'GET' | 'POST',
  url: string,
  body?: unknown,
) {
  const response = await createMswHttpClient(sandbox.handlers).sendRequest(
    createPipelineRequest({
      url,
      method,
      headers: createHttpHeaders({ 'content-type': 'application/json' }),
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
  return {
    status: response.status,
    headers: response.headers,
    body: response.bodyAsText ? JSON.parse(response.bodyAsText) : undefined,
  };
}

function queryUrl(scope: string) {
  return `${HOST}/${scope}/providers/Microsoft.CostManagement/query?api-version=2023-11-01`;
}

describe('the Cost Management emulator', () => {
  const sandbox = () =>
    createAzureSandbox({ costsThrough: '2026-11-25', costPageSize: 50 });

  it('serves daily rows per resource and project tag for one subscription, in the vendor shape, paged by nextLink', async () => {
    const azure = sandbox();
    const subscription = azure.subscriptions[0];
    const first = await call(
      azure,
      'POST',
      queryUrl(`subscriptions/${subscription}`),
      query('2026-11-24', '2026-11-25'),
    );
    expect(first.status).toBe(200);
    expect(first.body.properties.columns.map((c: any) => c.name)).toEqual([
      'PreTaxCost',
      'ResourceId',
      'TagKey',
      'TagValue',
      'UsageDate',
      'Currency',
    ]);
    const rows: any[][] = [...first.body.properties.rows];
    let next = first.body.properties.nextLink;
    while (next) {
      const page = await call(
        azure,
        'POST',
        next,
        query('2026-11-24', '2026-11-25'),
      );
      rows.push(...page.body.properties.rows);
      next = page.body.properties.nextLink;
    }
    const own = azure.resources.filter(r => r.subscriptionId === subscription);
    // Each resource a day, and one marketplace charge a day.
    expect(rows).toHaveLength((own.length + 1) * 2);
    expect(new Set(rows.map(r => r[4]))).toEqual(new Set([20261124, 20261125]));
    const tagged = own.find(r => r.tags['ppm-project'])!;
    const taggedRow = rows.find(r => r[1] === tagged.id.toLowerCase())!;
    expect(taggedRow.slice(2, 4)).toEqual([
      'ppm-project',
      tagged.tags['ppm-project'],
    ]);
    expect(rows.filter(r => r[1] === '')).toHaveLength(2);
    const dayTotal = rows
      .filter(r => r[4] === 20261125)
      .reduce((sum, r) => sum + r[0], 0);
    const modelTotal = azure.costs
      .costsOn('2026-11-25')
      .filter(c => c.subscriptionId === subscription)
      .reduce((sum, c) => sum + c.cost, 0);
    expect(dayTotal).toBeCloseTo(modelTotal, 9);
  });

  it('covers every subscription from a billing account and nothing after the last day', async () => {
    const azure = sandbox();
    const all = await call(
      azure,
      'POST',
      queryUrl('providers/Microsoft.Billing/billingAccounts/sandbox'),
      query('2026-11-25', '2026-11-26'),
    );
    const rows: any[][] = [...all.body.properties.rows];
    let next = all.body.properties.nextLink;
    while (next) {
      const page = await call(
        azure,
        'POST',
        next,
        query('2026-11-25', '2026-11-26'),
      );
      rows.push(...page.body.properties.rows);
      next = page.body.properties.nextLink;
    }
    expect(rows).toHaveLength(
      azure.resources.length + azure.subscriptions.length,
    );
    expect(rows.every(r => r[4] === 20261125)).toBe(true);
    const none = await call(
      azure,
      'POST',
      queryUrl(`subscriptions/${azure.subscriptions[0]}`),
      query('2026-12-01', '2026-12-31'),
    );
    expect(none.status).toBe(204);
  });

  it('serves a revised day and drops a removed one', async () => {
    const azure = sandbox();
    const vm = azure.resources[0];
    azure.costs.revise(vm.id, '2026-11-25', 12.5);
    azure.costs.revise(azure.resources[1].id, '2026-11-25', null);
    const costs = azure.costs.costsOn('2026-11-25');
    expect(costs.find(c => c.resourceId === vm.id)?.cost).toBe(12.5);
    expect(costs.some(c => c.resourceId === azure.resources[1].id)).toBe(false);
  });

  it('answers 429 with the Cost Management quota headers and 202 with a Location to poll', async () => {
    const azure = sandbox();
    const url = queryUrl(`subscriptions/${azure.subscriptions[0]}`);
    azure.faults.throttleNext(1, 9);
    const throttled = await call(
      azure,
      'POST',
      url,
      query('2026-11-25', '2026-11-25'),
    );
    expect(throttled.status).toBe(429);
    expect(
      throttled.headers.get(
        'x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after',
      ),
    ).toBe('9');
    expect(throttled.headers.get('retry-after')).toBeUndefined();

    azure.faults.acceptNext(1);
    const accepted = await call(
      azure,
      'POST',
      url,
      query('2026-11-25', '2026-11-25'),
    );
    expect(accepted.status).toBe(202);
    const location = accepted.headers.get('location')!;
    expect(location).toMatch(/operationResults\/op-1\?api-version=/);
    const result = await call(azure, 'GET', location);
    expect(result.status).toBe(200);
    expect(result.body.properties.rows.length).toBeGreaterThan(0);
    expect((await call(azure, 'GET', location)).status).toBe(404);

    azure.faults.passNext(1);
    azure.faults.failNext(1, 500);
    expect(
      (await call(azure, 'POST', url, query('2026-11-25', '2026-11-25')))
        .status,
    ).toBe(200);
    expect(
      (await call(azure, 'POST', url, query('2026-11-25', '2026-11-25')))
        .status,
    ).toBe(500);
    expect(
      azure.requests
        .filter(r => r.api === 'cost-management')
        .map(r => r.status),
    ).toEqual([429, 202, 200, 404, 200, 500]);
  });

  it('refuses what Azure refuses, naming why', async () => {
    const azure = sandbox();
    const bad = await call(
      azure,
      'POST',
      queryUrl(`subscriptions/${azure.subscriptions[0]}`),
      query('2026-11-25', '2026-11-25', {
        dataset: {
          granularity: 'Daily',
          grouping: [
            { type: 'Dimension', name: 'ResourceId' },
            { type: 'Dimension', name: 'ResourceGroup' },
            { type: 'TagKey', name: 'ppm-project' },
          ],
        },
      }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe(
      'Query can have up to 2 group by clauses.',
    );
    expect(invalidCostQuery(null)).toBe('The body is not a query.');
    expect(invalidCostQuery({ timeframe: 'MonthToDate' })).toMatch(/Custom/);
    expect(
      invalidCostQuery({
        ...query('2026-01-01', '2026-01-02'),
        dataset: { granularity: 'None' },
      }),
    ).toMatch(/Daily/);
    expect(invalidCostQuery(query('2026-02-01', '2026-01-01'))).toMatch(
      /from first/,
    );
    expect(invalidCostQuery(query('2024-01-01', '2026-01-01'))).toMatch(
      /one year/,
    );
  });
});
