import fs from 'node:fs';
import path from 'node:path';
import { AdvisorManagementClient } from '@azure/arm-advisor';
import { mockServices } from '@backstage/backend-test-utils';
import {
  DuckDbLakehouse,
  Lakehouse,
  lakehouseTables,
} from '@finance-ppm/plugin-control-room-node';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { migrateLakehouse } from '../../lakehouse/migrations';
import { createAzurePulls } from './azurePulls';
import { createAzureClients } from './clients';
import { AzureSourceSettings } from './config';
import {
  advisorResourceRowToArm,
  bronzeRecommendationToSilver,
  recommendationToBronze,
} from './transforms';

const repoRoot = path.resolve(__dirname, '../../../../..');
const fixtureDir = path.resolve(repoRoot, '../shared/fixtures/azure');

/** The payload of an x-ms-examples wrapper. */
function examplePayload(relative: string): any {
  const wrapper = JSON.parse(
    fs.readFileSync(path.join(fixtureDir, relative), 'utf8'),
  );
  return wrapper.responses['200'].body;
}

const staticCredential = {
  getToken: async () => ({
    token: 'fixture-token',
    expiresOnTimestamp: Date.now() + 3_600_000,
  }),
};

const server = setupServer();

const settings: AzureSourceSettings = {
  subscriptions: ['cfbbd179-59d2-4052-aa06-9270a38aa9d6'],
  subscriptionBatchSize: 100,
  pageSize: 1000,
  advisorSource: 'advisor-api',
  projectTag: 'tag1',
  resourceGroupProjects: { rg2: 'project-from-group' },
};

/** What the test reads independently of the code under test. */
function idSegment(id: string, name: string): string | null {
  const match = new RegExp(`/${name}/([^/]+)`, 'i').exec(id);
  return match ? match[1] : null;
}

type Body = Record<string, unknown>;

/** Answers Resource Graph POSTs with the given bodies in turn, then an empty last page. */
function resourceGraphReplay(bodies: Body[], sent: Body[]) {
  const queue = [...bodies];
  return http.post(
    '*/providers/Microsoft.ResourceGraph/resources',
    async ({ request }) => {
      sent.push((await request.json()) as Body);
      return HttpResponse.json(
        queue.shift() ?? {
          totalRecords: 0,
          count: 0,
          resultTruncated: 'false',
          data: [],
        },
        { headers: { 'x-ms-user-quota-remaining': '14' } },
      );
    },
  );
}

describe('Azure vendor examples through the real SDK clients', () => {
  let lakehouse: Lakehouse;

  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterAll(() => server.close());
  beforeEach(async () => {
    lakehouse = await DuckDbLakehouse.open({ path: ':memory:' });
    await migrateLakehouse(lakehouse, lakehouseTables);
  });
  afterEach(async () => {
    server.resetHandlers();
    await lakehouse.close();
  });

  function pulls() {
    return createAzurePulls({
      lakehouse,
      logger: mockServices.logger.mock(),
      settings,
      clients: createAzureClients(staticCredential),
      sleep: async () => {},
    });
  }

  it.each([
    'ResourcesBasicQuery.json',
    'ResourcesFilterQuery.json',
    'ResourcesFacetQuery.json',
    'ResourcesFirstPageQuery.json',
    'ResourcesNextPageQuery.json',
    'ResourcesRandomPageQuery.json',
    'ResourcesSummarizeQuery.json',
  ])('%s lands in silver.azure_resources field by field', async file => {
    const body = examplePayload(`resourcegraph/${file}`);
    const sent: Body[] = [];
    server.use(resourceGraphReplay([body], sent));

    await pulls().azure_rg_ingest_bronze();

    const expectedRows = (body.data as Body[]).filter(
      row => typeof row.id === 'string',
    );
    const silver = await lakehouse.query(
      'SELECT * FROM silver.azure_resources ORDER BY resource_id',
    );
    expect(silver).toHaveLength(expectedRows.length);
    for (const row of expectedRows) {
      const id = row.id as string;
      const actual = silver.find(s => s.resource_id === id);
      const group =
        (row.resourceGroup as string) ?? idSegment(id, 'resourceGroups');
      const tags = (row.tags as Record<string, string>) ?? {};
      let project: string | null = tags.tag1 ?? null;
      if (!project && group?.toLowerCase() === 'rg2') {
        project = 'project-from-group';
      }
      expect(actual).toEqual({
        resource_id: id,
        name: row.name ?? null,
        type: row.type ?? null,
        resource_group: group,
        subscription_id: idSegment(id, 'subscriptions'),
        location: row.location ?? null,
        tags: JSON.stringify(tags),
        sku: null,
        kind: null,
        project_id: project,
        ingested_at: expect.any(String),
        removed_at: null,
      });
    }
    // A continuation token in the example is sent back on the next query.
    expect(sent.map(request => (request.options as Body).$skipToken)).toEqual(
      body.$skipToken ? [undefined, body.$skipToken] : [undefined],
    );
    const bronze = await lakehouse.query(
      'SELECT resource_id, properties FROM bronze.azure_rg_raw',
    );
    expect(bronze.map(b => JSON.parse(b.properties as string))).toEqual(
      expect.arrayContaining(expectedRows),
    );
  });

  it('follows $skipToken across the first, next and random page examples', async () => {
    const pages = [
      'ResourcesFirstPageQuery.json',
      'ResourcesNextPageQuery.json',
      'ResourcesRandomPageQuery.json',
    ].map(file => examplePayload(`resourcegraph/${file}`));
    const sent: Body[] = [];
    server.use(resourceGraphReplay(pages, sent));

    const { rowsWritten } = await pulls().azure_rg_ingest_bronze();

    const ids = pages.flatMap(page => page.data.map((row: Body) => row.id));
    const silver = await lakehouse.query(
      'SELECT resource_id FROM silver.azure_resources',
    );
    expect(silver.map(r => r.resource_id).sort()).toEqual([...ids].sort());
    expect(rowsWritten).toBe(ids.length * 2);
    expect(sent.map(s => (s.options as Body | undefined)?.$skipToken)).toEqual([
      undefined,
      pages[0].$skipToken,
      pages[1].$skipToken,
      pages[2].$skipToken,
    ]);
    expect(sent.every(s => (s.options as Body).$top === 1000)).toBe(true);
  });

  const listBody = examplePayload('advisor/ListRecommendations.json');

  function expectedRecommendation(recommendation: any) {
    const p = recommendation.properties;
    const resourceId = p.resourceMetadata.resourceId;
    return {
      recommendation_id: recommendation.id,
      category: p.category,
      impact: p.impact,
      problem: p.shortDescription.problem,
      solution: p.shortDescription.solution,
      resource_id: resourceId,
      subscription_id: idSegment(resourceId, 'subscriptions'),
      resource_group: idSegment(resourceId, 'resourceGroups'),
      impacted_type: p.impactedField,
      impacted_value: p.impactedValue,
      monthly_savings: null,
      annual_savings: null,
      savings_currency: null,
      last_updated: new Date(p.lastUpdated).toISOString(),
      learn_more_url: p.learnMoreLink ?? null,
      project_id: null,
      ingested_at: expect.any(String),
      removed_at: null,
    };
  }

  it('ListRecommendations.json pages through the Advisor SDK into silver', async () => {
    const requested: string[] = [];
    server.use(
      http.get(
        '*/subscriptions/:subscriptionId/providers/Microsoft.Advisor/recommendations',
        ({ request }) => {
          requested.push(request.url);
          const next = new URL(request.url).searchParams.get('$skiptoken');
          return HttpResponse.json(next ? { value: [] } : listBody);
        },
      ),
    );

    await pulls().azure_advisor_transform();

    const silver = await lakehouse.query(
      'SELECT * FROM silver.azure_advisor_recommendations ORDER BY recommendation_id',
    );
    expect(silver).toEqual(listBody.value.map(expectedRecommendation));
    expect(requested).toHaveLength(2);
    expect(requested[1]).toBe(listBody.nextLink);
    const raw = await lakehouse.query(
      'SELECT raw_payload FROM bronze.azure_advisor_raw ORDER BY recommendation_id',
    );
    // Bronze keeps the wire JSON exactly, nested actions included.
    expect(raw.map(r => JSON.parse(r.raw_payload as string))).toEqual(
      listBody.value,
    );
    const bronze = await lakehouse.query(
      'SELECT recommendation_id, category, resource_id FROM bronze.azure_advisor_raw ORDER BY recommendation_id',
    );
    expect(bronze).toEqual(
      listBody.value.map((r: any) => ({
        recommendation_id: r.id,
        category: r.properties.category,
        resource_id: r.properties.resourceMetadata.resourceId,
      })),
    );
  });

  it('gives the same silver rows when the same recommendations come from advisorresources', async () => {
    const rows = listBody.value.map((r: any) => ({
      ...r,
      subscriptionId: 'subscriptionId',
    }));
    server.use(
      resourceGraphReplay(
        [{ totalRecords: 2, count: 2, resultTruncated: 'false', data: rows }],
        [],
      ),
    );
    const source = createAzurePulls({
      lakehouse,
      logger: mockServices.logger.mock(),
      settings: { ...settings, advisorSource: 'resource-graph' },
      clients: createAzureClients(staticCredential),
      sleep: async () => {},
    });

    await source.azure_advisor_transform();

    const silver = await lakehouse.query(
      'SELECT * FROM silver.azure_advisor_recommendations ORDER BY recommendation_id',
    );
    expect(silver).toEqual(listBody.value.map(expectedRecommendation));
  });

  it('GetRecommendationDetail.json parses through the SDK get call', async () => {
    const detail = examplePayload('advisor/GetRecommendationDetail.json');
    server.use(
      http.get(
        '*/providers/Microsoft.Advisor/recommendations/:recommendationId',
        () => HttpResponse.json(detail),
      ),
    );
    const client = new AdvisorManagementClient(staticCredential, 'sub');
    let raw = '';
    await client.recommendations.get('resourceUri', 'recommendationId', {
      onResponse: response => {
        raw = response.bodyAsText ?? '';
      },
    });
    const arm = advisorResourceRowToArm(JSON.parse(raw))!;
    const silver = bronzeRecommendationToSilver(
      recommendationToBronze(arm, '2026-11-25T00:00:00.000Z'),
      new Map(),
      settings,
    );
    expect(silver).toEqual({
      ...expectedRecommendation(detail),
      ingested_at: '2026-11-25T00:00:00.000Z',
    });
    expect(arm).toEqual(detail);
  });

  it('EmptyResponse.json: the generate-status poll answers without a body', async () => {
    const wrapper = JSON.parse(
      fs.readFileSync(
        path.join(fixtureDir, 'advisor/EmptyResponse.json'),
        'utf8',
      ),
    );
    const statuses = Object.keys(wrapper.responses).map(Number);
    const client = new AdvisorManagementClient(staticCredential, 'sub');
    for (const status of statuses) {
      server.use(
        http.get(
          '*/providers/Microsoft.Advisor/generateRecommendations/:operationId',
          () => new HttpResponse(null, { status }),
        ),
      );
      await expect(
        client.recommendations.getGenerateStatus(
          '6f6a1a52-2b4c-4e3b-9d62-7a0c6a1e8f10',
        ),
      ).resolves.toEqual({ body: undefined });
    }
  });
});
