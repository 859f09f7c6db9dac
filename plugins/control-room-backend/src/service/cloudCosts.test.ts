import path from 'node:path';
import request from 'supertest';
import { loadModels } from '../lakehouse/modelRunner';
import { defaultHealthThresholds } from '../finance/financeSettings';
import { runGoldBuild } from '../finance/goldBuild';
import { cloudFxRates, seedCloudSpend } from '../finance/testCloudSpend';
import { createDeclaredTables } from '../finance/__testUtils__/testPortfolio';
import { BASE, useSeededApi } from './__testUtils__/startApi';
import { monthBounds, parseResourceLimit } from './cloudCosts';

const modelsDir = path.resolve(__dirname, '../../../../databricks/sql');

const { startApi } = useSeededApi(async lakehouse => {
  await createDeclaredTables(lakehouse);
  await seedCloudSpend(lakehouse);
  await runGoldBuild({
    lakehouse,
    models: await loadModels(modelsDir),
    settings: {
      reportingCurrency: 'USD',
      fxRates: cloudFxRates,
      health: defaultHealthThresholds,
    },
    only: [
      'gold.ppm_budget_line_totals',
      'gold.ppm_budget_vs_actual',
      'gold.ppm_project_totals',
    ],
  });
});

const range = 'from=2026-01-01&to=2026-11-30';

describe('GET /projects/{id}/cloud-costs', () => {
  it('gives the cloud spend by month next to the Notion actual, and by resource, in USD', async () => {
    const { server } = await startApi();
    const res = await request(server)
      .get(`${BASE}/projects/PA/cloud-costs?${range}`)
      .expect(200);
    expect(res.body).toEqual({
      project_id: 'PA',
      total: '138.15',
      unit: 'USD',
      months: [
        {
          period: '2026-10-01',
          cloud_actual: '118.15',
          actual: '90.00',
          unit: 'USD',
        },
        { period: '2026-11-01', cloud_actual: '20.00', unit: 'USD' },
      ],
      resources: [
        {
          resource_id: '/subscriptions/s1/resourcegroups/rg/providers/x/y/db1',
          name: 'db1',
          resource_group: 'rg',
          cloud_actual: '108.14',
          unit: 'USD',
        },
        {
          resource_id: '/subscriptions/s1/resourcegroups/rg/providers/x/y/vm1',
          name: 'vm1',
          type: 'microsoft.compute/virtualmachines',
          resource_group: 'rg',
          cloud_actual: '30.01',
          unit: 'USD',
        },
      ],
      unconverted_rows: 1,
    });
  });

  it('keeps to the months asked for and the number of resources asked for', async () => {
    const { server } = await startApi();
    const res = await request(server)
      .get(
        `${BASE}/projects/PA/cloud-costs?from=2026-11-01&to=2026-11-30&limit=1`,
      )
      .expect(200);
    expect(res.body.months).toEqual([
      { period: '2026-11-01', cloud_actual: '20.00', unit: 'USD' },
    ]);
    expect(
      res.body.resources.map((r: any) => [r.name, r.cloud_actual]),
    ).toEqual([['vm1', '20.00']]);
    expect(res.body.total).toBe('20.00');
    expect(res.body.unconverted_rows).toBe(0);
  });

  it('answers a project only Azure tags name, and 404 for one nobody knows', async () => {
    const { server } = await startApi();
    const tagged = await request(server)
      .get(`${BASE}/projects/PZ/cloud-costs?${range}`)
      .expect(200);
    expect(tagged.body.total).toBe('2.50');
    await request(server).get(`${BASE}/projects/NOPE/cloud-costs`).expect(404);
  });

  it('rejects a bad limit or range with a clear message', async () => {
    const { server } = await startApi();
    const limit = await request(server)
      .get(`${BASE}/projects/PA/cloud-costs?limit=500`)
      .expect(400);
    expect(limit.body.error.message).toMatch(
      /limit must be an integer from 1 to 100/,
    );
    const backwards = await request(server)
      .get(`${BASE}/projects/PA/cloud-costs?from=2026-12-01&to=2026-01-01`)
      .expect(400);
    expect(backwards.body.error.message).toMatch(/must not be after/);
  });
});

describe('GET /projects cloud actual column', () => {
  it('carries the cloud actual of each project with its currency', async () => {
    const { server } = await startApi();
    const res = await request(server).get(`${BASE}/projects`).expect(200);
    const byId = new Map(res.body.data.map((p: any) => [p.project_id, p]));
    expect(byId.get('PA')).toMatchObject({
      cloud_actual: '138.15',
      cloud_actual_unit: 'USD',
    });
    expect(byId.get('PB')).toMatchObject({
      cloud_actual: '51.43',
      cloud_actual_unit: 'USD',
    });
    expect(byId.get('PC')).toMatchObject({
      cloud_actual: '10.80',
      cloud_actual_unit: 'USD',
    });
  });
});

describe('cloud cost helpers', () => {
  it('bounds whole months', () => {
    expect(monthBounds({ from: '2026-01-15', to: '2026-12-03' })).toEqual({
      firstMonth: '2026-01-01',
      lastMonth: '2026-12-01',
      endExclusive: '2027-01-01',
    });
  });

  it('defaults the resource limit to ten', () => {
    expect(parseResourceLimit(undefined)).toBe(10);
    expect(() => parseResourceLimit('0')).toThrow(/from 1 to 100/);
  });
});
