import { generatePortfolio } from '../portfolio/portfolio';
import { ADVISOR_CATEGORIES, generateAzureInventory } from './generate';
import { createMswHttpClient, sandboxAzureCredential } from './httpClient';
import { createAzureSandbox } from './sandbox';
import {
  createHttpHeaders,
  createPipelineRequest,
} from '@azure/core-rest-pipeline';

function clock() {
  const state = { now: 0 };
  return { state, now: () => state.now };
}

async function call(
  sandbox: ReturnType<typeof createAzureSandbox>,
  method: 'GET' | 'POST',
  url: string,
  body?: unknown,
) {
  const client = createMswHttpClient(sandbox.handlers);
  const response = await client.sendRequest(
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

const RG_URL =
  'https://management.azure.com/providers/Microsoft.ResourceGraph/resources?api-version=2024-04-01';

describe('generateAzureInventory', () => {
  it('tags resources to portfolio projects, some by group only, some unlinked', () => {
    const projects = generatePortfolio().projects;
    const inventory = generateAzureInventory({ projects });
    const projectIds = new Set(projects.map(p => p.id));
    const tagged = inventory.resources.filter(r => r.tags['ppm-project']);
    const byGroup = inventory.resources.filter(
      r =>
        !r.tags['ppm-project'] &&
        inventory.resourceGroupProjects[r.resourceGroup],
    );
    const unlinked = inventory.resources.filter(
      r =>
        !r.tags['ppm-project'] &&
        !inventory.resourceGroupProjects[r.resourceGroup],
    );
    expect(tagged.length).toBeGreaterThan(0);
    expect(byGroup.length).toBeGreaterThan(0);
    expect(unlinked.length).toBeGreaterThan(0);
    expect(tagged.every(r => projectIds.has(r.tags['ppm-project']))).toBe(true);
    expect(
      Object.values(inventory.resourceGroupProjects).every(id =>
        projectIds.has(id),
      ),
    ).toBe(true);
  });

  it('gives every category recommendations, and savings (as strings) only to Cost', () => {
    const { recommendations } = generateAzureInventory();
    for (const category of ADVISOR_CATEGORIES) {
      const inCategory = recommendations.filter(
        r => r.properties.category === category,
      );
      expect(inCategory.length).toBeGreaterThan(0);
      const priced = inCategory.filter(
        r => Object.keys(r.properties.extendedProperties).length > 0,
      );
      expect(priced.length).toBe(category === 'Cost' ? inCategory.length : 0);
      for (const r of priced) {
        const { savingsAmount, annualSavingsAmount, savingsCurrency } =
          r.properties.extendedProperties;
        expect(savingsAmount).toMatch(/^\d+\.\d{4}$/);
        expect(Number(annualSavingsAmount)).toBeCloseTo(
          Number(savingsAmount) * 12,
          4,
        );
        expect(['USD', 'EUR', 'GBP']).toContain(savingsCurrency);
      }
    }
  });

  it('is deterministic per seed', () => {
    expect(generateAzureInventory({ seed: 3 })).toEqual(
      generateAzureInventory({ seed: 3 }),
    );
    expect(generateAzureInventory({ seed: 3 })).not.toEqual(
      generateAzureInventory({ seed: 4 }),
    );
  });
});

describe('createAzureSandbox', () => {
  it('pages Resource Graph with $skipToken and reports the quota', async () => {
    const sandbox = createAzureSandbox({ now: clock().now });
    const seen: string[] = [];
    let token: string | undefined;
    const quotaHeaders: Array<[string | undefined, string | undefined]> = [];
    do {
      const response = await call(sandbox, 'POST', RG_URL, {
        subscriptions: sandbox.subscriptions,
        query: 'Resources',
        options: token ? { $skipToken: token, $top: 5 } : { $top: 5 },
      });
      expect(response.status).toBe(200);
      expect(response.body.resultTruncated).toBe('false');
      expect(response.body.totalRecords).toBe(sandbox.resources.length);
      quotaHeaders.push([
        response.headers.get('x-ms-user-quota-remaining'),
        response.headers.get('x-ms-user-quota-resets-after'),
      ]);
      seen.push(...response.body.data.map((r: { id: string }) => r.id));
      token = response.body.$skipToken;
    } while (token);
    // The clock stands still, so every page spends the same window.
    expect(quotaHeaders.slice(0, 3)).toEqual([
      ['14', '00:00:05'],
      ['13', '00:00:05'],
      ['12', '00:00:05'],
    ]);
    expect(seen).toEqual(sandbox.resources.map(r => r.id));
  });

  it('serves advisorresources rows and rejects a foreign skip token', async () => {
    const sandbox = createAzureSandbox({ now: clock().now });
    const response = await call(sandbox, 'POST', RG_URL, {
      subscriptions: sandbox.subscriptions,
      query:
        "advisorresources | where type =~ 'microsoft.advisor/recommendations'",
    });
    expect(response.body.data).toHaveLength(sandbox.recommendations.length);
    expect(response.body.data[0].properties).toEqual(
      sandbox.recommendations[0].properties,
    );
    const bad = await call(sandbox, 'POST', RG_URL, {
      subscriptions: sandbox.subscriptions,
      query: 'Resources',
      options: { $skipToken: 'garbage' },
    });
    expect(bad.status).toBe(400);
  });

  it('answers 429 with Retry-After once the quota window is spent', async () => {
    const time = clock();
    const sandbox = createAzureSandbox({
      now: time.now,
      quotaLimit: 2,
      quotaWindowMs: 5000,
    });
    const query = { subscriptions: sandbox.subscriptions, query: 'Resources' };
    expect((await call(sandbox, 'POST', RG_URL, query)).status).toBe(200);
    time.state.now = 1000;
    const second = await call(sandbox, 'POST', RG_URL, query);
    expect(second.headers.get('x-ms-user-quota-remaining')).toBe('0');
    expect(second.headers.get('x-ms-user-quota-resets-after')).toBe('00:00:04');
    const refused = await call(sandbox, 'POST', RG_URL, query);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('4');
    time.state.now = 5000;
    expect((await call(sandbox, 'POST', RG_URL, query)).status).toBe(200);
    expect(sandbox.requests.map(r => r.status)).toEqual([200, 200, 429, 200]);
  });

  it('pages Advisor with nextLink on the caller origin', async () => {
    const sandbox = createAzureSandbox({
      now: clock().now,
      advisorPageSize: 4,
    });
    const subscription = sandbox.subscriptions[0];
    let url:
      | string
      | undefined = `http://localhost:9/subscriptions/${subscription}/providers/Microsoft.Advisor/recommendations?api-version=2020-01-01`;
    const ids: string[] = [];
    const links: string[] = [];
    while (url) {
      const response = await call(sandbox, 'GET', url);
      expect(response.body.value.length).toBeLessThanOrEqual(4);
      ids.push(...response.body.value.map((r: { id: string }) => r.id));
      url = response.body.nextLink;
      if (url) links.push(url);
    }
    expect(links.length).toBeGreaterThan(0);
    expect(links.every(link => link.startsWith('http://localhost:9/'))).toBe(
      true,
    );
    expect(ids).toEqual(
      sandbox.recommendations
        .filter(r => r.id.startsWith(`/subscriptions/${subscription}/`))
        .map(r => r.id),
    );
  });

  it('injects faults once each and logs every request', async () => {
    const sandbox = createAzureSandbox({ now: clock().now });
    sandbox.faults.throttleNext(1, 2);
    sandbox.faults.failNext(1, 500);
    const query = { subscriptions: sandbox.subscriptions, query: 'Resources' };
    const throttled = await call(sandbox, 'POST', RG_URL, query);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('2');
    expect((await call(sandbox, 'POST', RG_URL, query)).status).toBe(500);
    sandbox.faults.failNext(3);
    sandbox.faults.clear();
    expect((await call(sandbox, 'POST', RG_URL, query)).status).toBe(200);
    expect(sandbox.requests.map(r => [r.api, r.status])).toEqual([
      ['resource-graph', 429],
      ['resource-graph', 500],
      ['resource-graph', 200],
    ]);
  });

  it('fails like an unreachable host for paths it does not emulate', async () => {
    const sandbox = createAzureSandbox();
    await expect(
      call(sandbox, 'GET', 'https://management.azure.com/other'),
    ).rejects.toThrow(/No sandbox handler/);
    await expect(sandboxAzureCredential.getToken()).resolves.toMatchObject({
      token: 'sandbox-token',
    });
  });
});
