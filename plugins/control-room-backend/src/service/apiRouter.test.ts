import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Lakehouse } from '@finance-ppm/plugin-control-room-node';
import request from 'supertest';
import { portfolio } from './__testUtils__/portfolio';
import { BASE, useSeededApi } from './__testUtils__/startApi';
import { createControlRoomRouter } from './apiRouter';
import { testProjectAccess } from './__testUtils__/projectAccess';

const { startApi, lakehouse: seeded } = useSeededApi();

const readEndpoints = [
  '/jobs',
  '/job-runs',
  '/kpis',
  '/projects',
  '/projects/p1',
  '/programs',
  '/forecast',
  '/dq/issues',
  '/dq/metrics',
  '/advisor/recommendations',
  '/advisor/summary',
  '/alerts',
];

describe('authentication and permissions', () => {
  it.each(readEndpoints)(
    'GET %s answers 200 to a permitted user',
    async path => {
      const { server } = await startApi();
      const res = await request(server).get(`${BASE}${path}`);
      expect(res.status).toBe(200);
    },
  );

  it.each(readEndpoints)(
    'GET %s answers 401 without credentials',
    async path => {
      const { server } = await startApi();
      const res = await request(server)
        .get(`${BASE}${path}`)
        .set('Authorization', mockCredentials.none.header());
      expect(res.status).toBe(401);
    },
  );

  it.each(readEndpoints)(
    'GET %s answers 403 when the permission is denied',
    async path => {
      const { server } = await startApi({}, AuthorizeResult.DENY);
      const res = await request(server).get(`${BASE}${path}`);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain('control-room.finance.read');
    },
  );

  it('accepts service credentials', async () => {
    const { server } = await startApi();
    const res = await request(server)
      .get(`${BASE}/programs`)
      .set('Authorization', mockCredentials.service.header());
    expect(res.status).toBe(200);
  });

  it('checks the finance read permission by name', async () => {
    const permissions = mockServices.permissions.mock();
    permissions.authorizeConditional.mockResolvedValue([
      { result: AuthorizeResult.ALLOW },
    ]);
    const testPlugin = createBackendPlugin({
      pluginId: 'control-room',
      register(env) {
        env.registerInit({
          deps: {
            httpRouter: coreServices.httpRouter,
            httpAuth: coreServices.httpAuth,
            logger: coreServices.logger,
          },
          async init({ httpRouter, httpAuth, logger }) {
            httpRouter.use(
              await createControlRoomRouter({
                lakehouse: seeded(),
                httpAuth,
                permissions,
                projectAccess: testProjectAccess(permissions, seeded()),
                auditor: mockServices.auditor.mock(),
                logger,
              }),
            );
          },
        });
      },
    });
    const { server } = await startTestBackend({ features: [testPlugin] });
    await request(server).get(`${BASE}/kpis`).expect(200);
    expect(permissions.authorizeConditional).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'control-room.finance.read',
          }),
        },
      ],
      expect.anything(),
    );
  });
});

describe('GET /health', () => {
  it('answers callers without credentials with the status only', async () => {
    const { server } = await startApi();
    const res = await request(server)
      .get(`${BASE}/health`)
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['checked_at', 'status']);
    expect(res.body.status).toBe('ok');
  });

  it('gives signed-in users the engine too', async () => {
    const { server } = await startApi();
    const res = await request(server).get(`${BASE}/health`).expect(200);
    expect(res.body).toMatchObject({ status: 'ok', engine: 'duckdb' });
  });

  it('never shows an anonymous caller why the lakehouse is down', async () => {
    const failing: Lakehouse = new Proxy(seeded(), {
      get(target, property) {
        if (property === 'ping') {
          return async () => {
            throw new Error('connect ECONNREFUSED warehouse.internal:443');
          };
        }
        const value = Reflect.get(target, property, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const { server } = await startApi({ lakehouse: failing });
    const anonymous = await request(server)
      .get(`${BASE}/health`)
      .set('Authorization', mockCredentials.none.header())
      .expect(200);
    expect(anonymous.body.status).toBe('degraded');
    expect(JSON.stringify(anonymous.body)).not.toMatch(
      /warehouse|ECONNREFUSED|duckdb/,
    );
    const signedIn = await request(server).get(`${BASE}/health`).expect(200);
    expect(signedIn.body.message).toContain('ECONNREFUSED');
  });
});

describe('GET /jobs and /job-runs', () => {
  it('lists the seven jobs with the newest of status row and recorded run', async () => {
    const { server } = await startApi();
    const res = await request(server).get(`${BASE}/jobs`).expect(200);
    expect(res.body.data.map((j: { job_id: string }) => j.job_id)).toEqual([
      'notion_sync_bronze',
      'notion_transform_silver',
      'ppm_marts_gold',
      'azure_rg_ingest_bronze',
      'azure_advisor_transform',
      'azure_cost_ingest',
      'control_room_status_refresh',
    ]);
    const byId = Object.fromEntries(
      res.body.data.map((j: { job_id: string }) => [j.job_id, j]),
    );
    expect(byId.ppm_marts_gold).toMatchObject({
      last_run_status: 'SUCCESS',
      last_run_duration_seconds: 42,
      next_run_time: '2026-11-25T11:00:00.000Z',
      schedule: '0 * * * *',
    });
    // The failed manual run at 10:07 is newer than the status row.
    expect(byId.notion_sync_bronze).toMatchObject({
      last_run_status: 'FAILED',
      error_message: 'Notion answered 500',
      next_run_time: '2026-11-25T10:05:00.000Z',
    });
    expect(byId.notion_transform_silver.last_run_status).toBeUndefined();
  });

  it('pages runs newest first and filters by job', async () => {
    const { server } = await startApi();
    const first = await request(server)
      .get(`${BASE}/job-runs?job=notion_sync_bronze&limit=1`)
      .expect(200);
    expect(first.body.data.map((r: { run_id: string }) => r.run_id)).toEqual([
      'r3',
    ]);
    expect(first.body.next_cursor).toBeDefined();
    const second = await request(server)
      .get(
        `${BASE}/job-runs?job=notion_sync_bronze&limit=1&cursor=${first.body.next_cursor}`,
      )
      .expect(200);
    expect(second.body.data).toEqual([
      expect.objectContaining({ run_id: 'r2', rows_written: 10 }),
    ]);
    expect(second.body.next_cursor).toBeUndefined();
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=501', 'limit'],
    ['limit=ten', 'limit'],
    ['cursor=not-a-cursor', 'cursor'],
    // {"o":1e21}: an integer to JavaScript, far past any page.
    ['cursor=eyJvIjoxZTIxfQ', 'cursor'],
    // {"o":1000000}: the first offset past the bound.
    ['cursor=eyJvIjoxMDAwMDAwfQ', 'cursor'],
    ['unknown=1', 'unknown'],
  ])('rejects %s naming %s', async (query, field) => {
    const { server } = await startApi();
    const res = await request(server).get(`${BASE}/job-runs?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(field);
  });
});

describe('bounds', () => {
  it.each(['/projects', '/advisor/recommendations', '/job-runs'])(
    'GET %s answers 400, not 500, to cursor=eyJvIjoxZTIxfQ',
    async path => {
      const { server } = await startApi();
      const res = await request(server).get(
        `${BASE}${path}?cursor=eyJvIjoxZTIxfQ`,
      );
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('cursor');
    },
  );

  it('answers /kpis over at most the configured number of months', async () => {
    const { server } = await startApi({ maxKpiMonths: 12 });
    await request(server)
      .get(`${BASE}/kpis?from=2025-03-01&to=2026-02-28`)
      .expect(200);
    const res = await request(server).get(
      `${BASE}/kpis?from=2025-02-01&to=2026-02-28`,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('more than 12 months');
  });

  it('asks for a filter rather than answer more rows than the bound', async () => {
    const { server } = await startApi({ maxListRows: 2 });
    const kpis = await request(server).get(
      `${BASE}/kpis?from=2026-01-01&to=2026-02-28`,
    );
    expect(kpis.status).toBe(400);
    expect(kpis.body.error.message).toContain('more than 2 rows');
    const forecast = await request(server).get(`${BASE}/forecast`);
    expect(forecast.status).toBe(400);
    expect(forecast.body.error.message).toContain('narrow it with project');
    const one = await request(server)
      .get(`${BASE}/forecast?project=p1`)
      .expect(200);
    expect(one.body.data).toHaveLength(1);
  });

  it('keeps /kpis to 60 months by default', async () => {
    const { server } = await startApi();
    const res = await request(server).get(
      `${BASE}/kpis?from=1900-01-01&to=2026-02-28`,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('more than 60 months');
  });
});

describe('GET /kpis', () => {
  it('returns the period and dimension slice with exact amounts and meta', async () => {
    const { server } = await startApi();
    const res = await request(server)
      .get(`${BASE}/kpis?from=2026-02-01&to=2026-02-28&dimension=project`)
      .expect(200);
    expect(res.body.meta).toEqual({
      from: '2026-02-01',
      to: '2026-02-28',
      total_records: portfolio.projects.length * 2,
    });
    expect(res.body.data).toHaveLength(res.body.meta.total_records);
    const p1Budget = res.body.data.find(
      (k: { dimension_value: string; metric_name: string }) =>
        k.dimension_value === 'p1' && k.metric_name === 'budget',
    );
    expect(p1Budget).toEqual({
      metric_name: 'budget',
      dimension: 'project',
      dimension_value: 'p1',
      period: '2026-02-01',
      value: (Number(portfolio.projects[0].budget) / 2).toFixed(2),
      unit: 'USD',
    });
  });

  it('answers the portfolio: one row per metric and month, the programs summed', async () => {
    const { server } = await startApi();
    const range = 'from=2026-02-01&to=2026-02-28';
    const programs = await request(server)
      .get(`${BASE}/kpis?${range}&dimension=program`)
      .expect(200);
    const res = await request(server)
      .get(`${BASE}/kpis?${range}&dimension=portfolio`)
      .expect(200);
    const budget = res.body.data.find(
      (k: { metric_name: string }) => k.metric_name === 'budget',
    );
    const cents = (value: string) => Math.round(Number(value) * 100);
    expect(budget).toEqual({
      metric_name: 'budget',
      dimension: 'portfolio',
      dimension_value: 'All programs',
      period: '2026-02-01',
      value: expect.any(String),
      unit: 'USD',
    });
    expect(cents(budget.value)).toBe(
      programs.body.data
        .filter((k: { metric_name: string }) => k.metric_name === 'budget')
        .reduce((sum: number, k: { value: string }) => sum + cents(k.value), 0),
    );
    expect(res.body.meta.total_records).toBe(res.body.data.length);
  });

  it.each([
    ['from=2026-03-01&to=2026-01-01', 'from'],
    ['from=2026-13-01', 'from'],
    ['to=yesterday', 'to'],
    ['from=2026-02-30', 'from'],
    ['dimension=planet', 'dimension'],
  ])('rejects %s naming %s', async (query, field) => {
    const { server } = await startApi();
    const res = await request(server).get(`${BASE}/kpis?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(field);
  });
});

describe('GET /projects', () => {
  it('pages through every project once, sorted by name', async () => {
    const { server } = await startApi();
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await request(server)
        .get(`${BASE}/projects?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
        .expect(200);
      seen.push(...res.body.data.map((p: { name: string }) => p.name));
      cursor = res.body.next_cursor;
    } while (cursor);
    expect(seen).toEqual(portfolio.projects.map(p => p.name).sort());
  });

  it('filters by program, status, health and text', async () => {
    const { server } = await startApi();
    const byProgram = await request(server)
      .get(`${BASE}/projects?program=prog-a`)
      .expect(200);
    expect(
      byProgram.body.data.map((p: { project_id: string }) => p.project_id),
    ).toEqual(['p1', 'p2']);
    const byHealth = await request(server)
      .get(`${BASE}/projects?health=red`)
      .expect(200);
    expect(byHealth.body.data).toEqual([
      expect.objectContaining({
        project_id: 'p1',
        health: 'red',
        budget: '1000.50',
        actual: '1200.24',
        unit: 'USD',
      }),
    ]);
    const byText = await request(server)
      .get(`${BASE}/projects?text=REVAMP`)
      .expect(200);
    expect(
      byText.body.data.map((p: { project_id: string }) => p.project_id),
    ).toEqual(['p2']);
    const byStatus = await request(server)
      .get(`${BASE}/projects?status=Closed`)
      .expect(200);
    expect(
      byStatus.body.data.map((p: { project_id: string }) => p.project_id),
    ).toEqual(['p3']);
    const wildcard = await request(server)
      .get(`${BASE}/projects?text=%25`)
      .expect(200);
    expect(wildcard.body.data).toEqual([]);
  });

  it.each([
    ['budget', ['p3', 'p1', 'p2']],
    ['actual', ['p3', 'p1', 'p2']],
    ['health', ['p1', 'p3', 'p2']],
    ['end_date', ['p3', 'p2', 'p1']],
  ])('sorts by %s', async (sort, expected) => {
    const { server } = await startApi();
    const res = await request(server)
      .get(`${BASE}/projects?sort=${sort}`)
      .expect(200);
    expect(
      res.body.data.map((p: { project_id: string }) => p.project_id),
    ).toEqual(expected);
  });

  it.each([
    ['sort=colour', 'sort'],
    ['health=purple', 'health'],
    ['limit=-1', 'limit'],
    [`text=${'x'.repeat(201)}`, 'text'],
  ])('rejects %s naming %s', async (query, field) => {
    const { server } = await startApi();
    const res = await request(server).get(`${BASE}/projects?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(field);
  });
});

describe('currency of every amount', () => {
  it("states the reporting currency, never the project's own, on gold totals", async () => {
    const { server } = await startApi();
    const list = await request(server).get(`${BASE}/projects`).expect(200);
    // p2 is kept in EUR in Notion; its gold figures are USD.
    const p2 = list.body.data.find(
      (p: { project_id: string }) => p.project_id === 'p2',
    );
    expect(p2).toEqual(
      expect.objectContaining({
        budget: '500.00',
        actual: '100.10',
        unit: 'USD',
      }),
    );
    expect(p2).not.toHaveProperty('currency');
    const detail = await request(server).get(`${BASE}/projects/p2`).expect(200);
    expect(detail.body.project.unit).toBe('USD');
    expect(detail.body.project).not.toHaveProperty('currency');
    expect(detail.body.forecast.unit).toBe('USD');
    expect(detail.body.series.map((s: { unit: string }) => s.unit)).toEqual([
      'USD',
      'USD',
    ]);
  });

  it('gives every object that holds an amount a unit, on every read', async () => {
    const { server } = await startApi();
    const amountKeys =
      /^(budget|actual|committed|value|eac|etc|vac|budget_at_completion|actual_cost|earned_value|monthly_savings|annual_savings)$/;
    const missing: string[] = [];
    const visit = (node: unknown, where: string) => {
      if (!node || typeof node !== 'object') return;
      const record = node as Record<string, unknown>;
      if (
        !Array.isArray(node) &&
        Object.keys(record).some(key => amountKeys.test(key)) &&
        typeof record.unit !== 'string'
      ) {
        missing.push(where);
      }
      for (const [key, child] of Object.entries(record)) {
        visit(child, `${where}.${key}`);
      }
    };
    for (const path of [
      '/projects',
      '/projects/p1',
      '/projects/p2',
      '/programs',
      '/forecast',
      '/kpis?from=2026-01-01&to=2026-12-31',
      '/advisor/recommendations',
      '/advisor/summary',
    ]) {
      const res = await request(server).get(`${BASE}${path}`).expect(200);
      visit(res.body, path);
    }
    expect(missing).toEqual([]);
  });
});

describe('GET /projects/{id}', () => {
  it('returns series, forecast, health, risks, actions, resources and recommendations', async () => {
    const { server } = await startApi();
    const res = await request(server).get(`${BASE}/projects/p1`).expect(200);
    expect(res.body.project).toMatchObject({
      project_id: 'p1',
      budget: '1000.50',
    });
    expect(res.body.series).toEqual([
      {
        period: '2026-01-01',
        budget: '500.25',
        committed: '0.00',
        actual: '600.12',
        unit: 'USD',
      },
      {
        period: '2026-02-01',
        budget: '500.25',
        committed: '0.00',
        actual: '600.12',
        unit: 'USD',
      },
    ]);
    expect(res.body.forecast).toMatchObject({
      period: '2026-02-01',
      eac: '1500.00',
    });
    expect(res.body.health_detail).toEqual({
      health: 'red',
      reasons: ['red because of the test'],
      cpi: 0.9,
      spi: 1.1,
    });
    expect(res.body.risks).toEqual([
      expect.objectContaining({ risk_id: 'risk-1' }),
    ]);
    expect(res.body.actions).toEqual([
      expect.objectContaining({ action_id: 'act-1', source_id: 'rec-1' }),
    ]);
    expect(res.body.resources).toHaveLength(1);
    expect(
      res.body.recommendations.map(
        (r: { recommendation_id: string }) => r.recommendation_id,
      ),
    ).toEqual(['rec-1', 'rec-2']);
  });

  it('answers 404 for an unknown project', async () => {
    const { server } = await startApi();
    const res = await request(server).get(`${BASE}/projects/nope`);
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain('nope');
  });
});

describe('programs, forecast and data quality', () => {
  it('lists programs with their project counts and totals', async () => {
    const { server } = await startApi();
    const res = await request(server).get(`${BASE}/programs`).expect(200);
    expect(res.body.data).toEqual([
      expect.objectContaining({
        program_id: 'prog-a',
        project_count: 2,
        budget: '1500.50',
        actual: '1300.34',
        unit: 'USD',
      }),
      expect.objectContaining({
        program_id: 'prog-b',
        project_count: 1,
        budget: '2500.00',
        actual: '2400.00',
      }),
    ]);
  });

  it('returns the latest forecast per project, or one project', async () => {
    const { server } = await startApi();
    const all = await request(server).get(`${BASE}/forecast`).expect(200);
    expect(all.body.data).toHaveLength(portfolio.projects.length);
    expect(
      all.body.data.every((f: { period: string }) => f.period === '2026-02-01'),
    ).toBe(true);
    const one = await request(server)
      .get(`${BASE}/forecast?project=p2`)
      .expect(200);
    expect(one.body.data).toEqual([
      expect.objectContaining({
        project_id: 'p2',
        budget_at_completion: '500.00',
      }),
    ]);
  });

  it('lists failing checks as issues and every check as metrics', async () => {
    const { server } = await startApi();
    const issues = await request(server).get(`${BASE}/dq/issues`).expect(200);
    expect(issues.body.data).toEqual([
      expect.objectContaining({
        check_kind: 'not_null',
        failing_rows: 2,
        sample_keys: ['p9', 'p8'],
      }),
    ]);
    const warnIssues = await request(server)
      .get(`${BASE}/dq/issues?severity=warn`)
      .expect(200);
    expect(warnIssues.body.data).toEqual([]);
    const metrics = await request(server).get(`${BASE}/dq/metrics`).expect(200);
    expect(metrics.body.data).toHaveLength(2);
    await request(server).get(`${BASE}/dq/issues?severity=fatal`).expect(400);
  });
});

describe('advisor', () => {
  it('filters recommendations and orders them by annual savings', async () => {
    const { server } = await startApi();
    const all = await request(server)
      .get(`${BASE}/advisor/recommendations`)
      .expect(200);
    expect(
      all.body.data.map(
        (r: { recommendation_id: string }) => r.recommendation_id,
      ),
    ).toEqual(['rec-1', 'rec-3', 'rec-2']);
    const cost = await request(server)
      .get(`${BASE}/advisor/recommendations?category=Cost&has_action=false`)
      .expect(200);
    expect(cost.body.data).toEqual([
      expect.objectContaining({
        recommendation_id: 'rec-3',
        annual_savings: '600.40',
        has_action: false,
      }),
    ]);
    const high = await request(server)
      .get(`${BASE}/advisor/recommendations?impact=High&project=p1`)
      .expect(200);
    // Names and the action's Notion page come along with the ids.
    expect(high.body.data).toEqual([
      expect.objectContaining({
        recommendation_id: 'rec-1',
        project_id: 'p1',
        project_name: 'Alpine Migration',
        action_id: 'act-1',
        action_title: 'Resize VMs',
        action_url: 'https://www.notion.so/act1',
        unit: 'USD',
      }),
    ]);
  });

  it.each([
    ['category=Money', 'category'],
    ['impact=Huge', 'impact'],
    ['has_action=maybe', 'has_action'],
  ])('rejects %s naming %s', async (query, field) => {
    const { server } = await startApi();
    const res = await request(server).get(
      `${BASE}/advisor/recommendations?${query}`,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(field);
  });

  it('summarises counts and savings per category and impact', async () => {
    const { server } = await startApi();
    const res = await request(server)
      .get(`${BASE}/advisor/summary`)
      .expect(200);
    expect(res.body.data).toContainEqual({
      category: 'Cost',
      impact: 'High',
      count: 1,
      with_action: 1,
      monthly_savings: '100.00',
      annual_savings: '1200.00',
      unit: 'USD',
    });
  });
});

describe('SQL injection', () => {
  const attacks = [
    "' OR '1'='1",
    "p1'; DROP TABLE silver.notion_projects; --",
    '") OR 1=1 --',
  ];
  const targets = [
    (a: string) => `/job-runs?job=${encodeURIComponent(a)}`,
    (a: string) => `/kpis?from=${encodeURIComponent(a)}`,
    (a: string) => `/kpis?dimension=${encodeURIComponent(a)}`,
    (a: string) => `/projects?program=${encodeURIComponent(a)}`,
    (a: string) => `/projects?status=${encodeURIComponent(a)}`,
    (a: string) => `/projects?text=${encodeURIComponent(a)}`,
    (a: string) => `/projects?sort=${encodeURIComponent(a)}`,
    (a: string) => `/projects?cursor=${encodeURIComponent(a)}`,
    (a: string) => `/projects/${encodeURIComponent(a)}`,
    (a: string) => `/forecast?project=${encodeURIComponent(a)}`,
    (a: string) => `/advisor/recommendations?project=${encodeURIComponent(a)}`,
    (a: string) => `/advisor/recommendations?category=${encodeURIComponent(a)}`,
    (a: string) => `/dq/issues?severity=${encodeURIComponent(a)}`,
  ];

  it('matches nothing or is rejected, and leaves the tables intact', async () => {
    const { server } = await startApi();
    for (const attack of attacks) {
      for (const target of targets) {
        const res = await request(server).get(`${BASE}${target(attack)}`);
        expect([200, 400, 404]).toContain(res.status);
        // An answered attack must match no rows.
        expect(res.status === 200 ? res.body.data : []).toEqual([]);
      }
    }
    const [{ n }] = await seeded().query<{ n: bigint }>(
      'SELECT count(*) AS n FROM silver.notion_projects',
    );
    expect(Number(n)).toBe(portfolio.projects.length);
  });
});

describe('engine down', () => {
  it('answers reads from the last good data with as_of and reports degraded', async () => {
    let down = false;
    const lakehouse = seeded();
    const flaky: Lakehouse = {
      engine: lakehouse.engine,
      dialect: lakehouse.dialect,
      query: (sql, params) =>
        down
          ? Promise.reject(new Error('engine down'))
          : lakehouse.query(sql, params),
      execute: (sql, params) => lakehouse.execute(sql, params),
      upsert: (table, rows) => lakehouse.upsert(table, rows),
      ping: () =>
        down ? Promise.reject(new Error('engine down')) : seeded().ping(),
      close: async () => {},
    };
    const { server } = await startApi({ lakehouse: flaky });
    const fresh = await request(server)
      .get(`${BASE}/projects?health=red`)
      .expect(200);
    expect(fresh.body.as_of).toBeUndefined();
    const freshDetail = await request(server)
      .get(`${BASE}/projects/p1`)
      .expect(200);

    down = true;
    const stale = await request(server)
      .get(`${BASE}/projects?health=red`)
      .expect(200);
    expect(stale.body.data).toEqual(fresh.body.data);
    expect(Number.isNaN(Date.parse(stale.body.as_of))).toBe(false);
    const staleDetail = await request(server)
      .get(`${BASE}/projects/p1`)
      .expect(200);
    expect(staleDetail.body.series).toEqual(freshDetail.body.series);
    expect(staleDetail.body.as_of).toBeDefined();
    // A query never answered before has nothing to fall back on.
    await request(server).get(`${BASE}/projects?health=green`).expect(500);
    const health = await request(server).get(`${BASE}/health`).expect(200);
    expect(health.body.status).toBe('degraded');
  });
});
