import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { controlRoomFinanceReadPermission } from '@finance-ppm/plugin-control-room-common';
import { dataQualityMetrics } from '@finance-ppm/plugin-control-room-node';
import request from 'supertest';
import { BASE, useSeededApi } from './__testUtils__/startApi';
import {
  controlRoomProjectConditions,
  createControlRoomProjectConditionalDecision,
} from './projectRules';

const { startApi, lakehouse } = useSeededApi();

// prog-a (p1, p2) is owned by group A, prog-b (p3) by group B.
const owners = {
  projects: new Map([['p3', 'user:default/bob']]),
  programs: new Map([
    ['prog-a', 'group:default/group-a'],
    ['prog-b', 'group:default/group-b'],
  ]),
};

/** What the production policy answers a member of group A. */
const groupADecision = createControlRoomProjectConditionalDecision(
  controlRoomFinanceReadPermission,
  {
    anyOf: [
      controlRoomProjectConditions.isProjectOwner({
        claims: ['user:default/alice', 'group:default/group-a'],
      }),
      controlRoomProjectConditions.isProgramOwner({
        claims: ['user:default/alice', 'group:default/group-a'],
      }),
    ],
  },
);

function answering(decision: PolicyDecision) {
  return {
    authorize: async (requests: unknown[]) =>
      requests.map(() => ({ result: AuthorizeResult.ALLOW })),
    authorizeConditional: jest.fn(async (requests: unknown[]) =>
      requests.map(() => decision),
    ),
  } as any;
}

const asGroupA = () =>
  startApi({ owners, permissions: answering(groupADecision) });

const sumOf = (rows: { value: string }[]) =>
  rows.reduce((total, row) => total + Number(row.value), 0).toFixed(2);

describe('per-project finance reads', () => {
  it("a member of group A lists only group A's projects", async () => {
    const { server } = await asGroupA();
    const res = await request(server).get(`${BASE}/projects`).expect(200);
    expect(
      res.body.data.map((p: { project_id: string }) => p.project_id),
    ).toEqual(['p1', 'p2']);
  });

  it("sums only group A's projects in the /kpis totals", async () => {
    const { server } = await asGroupA();
    const res = await request(server)
      .get(`${BASE}/kpis?from=2026-01-01&to=2026-02-28`)
      .expect(200);
    const rows = res.body.data as {
      metric_name: string;
      dimension: string;
      dimension_value: string;
      value: string;
    }[];
    expect(new Set(rows.map(r => r.dimension_value))).toEqual(
      new Set(['p1', 'p2', 'prog-a']),
    );
    const programBudget = rows.filter(
      r => r.dimension === 'program' && r.metric_name === 'budget',
    );
    // 1000.50 + 500.00 over two months; p3's 2500.00 is left out.
    expect(sumOf(programBudget)).toBe('1500.50');
    expect(programBudget.every(r => r.dimension_value === 'prog-a')).toBe(true);
    const programActual = rows.filter(
      r => r.dimension === 'program' && r.metric_name === 'actual',
    );
    expect(sumOf(programActual)).toBe('1300.34');
  });

  it("names only group A's rows among the sample keys of data-quality checks", async () => {
    await lakehouse().upsert(dataQualityMetrics, [
      {
        check_id: 'silver.notion_projects.range.percent_complete',
        table_name: 'silver.notion_projects',
        check_kind: 'range',
        severity: 'error',
        status: 'fail',
        failing_rows: 3n,
        sample_keys: '["p1","p3","p2"]',
      },
      {
        check_id: 'silver.notion_programs.not_null.name',
        table_name: 'silver.notion_programs',
        check_kind: 'not_null',
        severity: 'warn',
        status: 'fail',
        failing_rows: 1n,
        sample_keys: '["prog-b"]',
      },
    ]);
    const { server } = await asGroupA();
    const res = await request(server).get(`${BASE}/dq/issues`).expect(200);
    const byId = Object.fromEntries(
      res.body.data.map(
        (check: {
          check_id: string;
          sample_keys: string[];
          failing_rows: number;
        }) => [check.check_id, check],
      ),
    );
    expect(byId['silver.notion_projects.range.percent_complete']).toMatchObject(
      {
        failing_rows: 3,
        sample_keys: ['p1', 'p2'],
      },
    );
    // A program's key cannot be tied to one readable project.
    expect(byId['silver.notion_programs.not_null.name'].sample_keys).toEqual(
      [],
    );
    const metrics = await request(server).get(`${BASE}/dq/metrics`).expect(200);
    expect(
      metrics.body.data.find(
        (check: { check_id: string }) =>
          check.check_id === 'silver.notion_projects.range.percent_complete',
      ).sample_keys,
    ).toEqual(['p1', 'p2']);
    // Full readers keep every key.
    const { server: full } = await startApi();
    const all = await request(full).get(`${BASE}/dq/issues`).expect(200);
    expect(
      all.body.data.find(
        (check: { check_id: string }) =>
          check.check_id === 'silver.notion_projects.range.percent_complete',
      ).sample_keys,
    ).toEqual(['p1', 'p3', 'p2']);
  });

  it('answers 404 for a project of group B, as for one that does not exist', async () => {
    const { server } = await asGroupA();
    const hidden = await request(server).get(`${BASE}/projects/p3`).expect(404);
    const missing = await request(server)
      .get(`${BASE}/projects/no-such-project`)
      .expect(404);
    expect(hidden.body.error.message).toBe('No project with id p3');
    expect(missing.body.error.name).toBe(hidden.body.error.name);
    await request(server).get(`${BASE}/projects/p1`).expect(200);
  });

  it("limits /programs to group A's program with its readable totals", async () => {
    const { server } = await asGroupA();
    const res = await request(server).get(`${BASE}/programs`).expect(200);
    expect(res.body.data).toEqual([
      expect.objectContaining({
        program_id: 'prog-a',
        project_count: 2,
        budget: '1500.50',
        actual: '1300.34',
      }),
    ]);
  });

  it('filters forecasts, recommendations and their summary by project', async () => {
    const { server } = await asGroupA();
    const forecast = await request(server).get(`${BASE}/forecast`).expect(200);
    expect(
      forecast.body.data.map((f: { project_id: string }) => f.project_id),
    ).toEqual(['p1', 'p2']);
    const recs = await request(server)
      .get(`${BASE}/advisor/recommendations`)
      .expect(200);
    expect(
      recs.body.data.map(
        (r: { recommendation_id: string }) => r.recommendation_id,
      ),
    ).toEqual(['rec-1', 'rec-2']);
    const summary = await request(server)
      .get(`${BASE}/advisor/summary`)
      .expect(200);
    const cost = summary.body.data.find(
      (row: { category: string }) => row.category === 'Cost',
    );
    expect(cost).toMatchObject({ count: 1, annual_savings: '1200.00' });
    const other = await request(server)
      .get(`${BASE}/forecast?project=p3`)
      .expect(200);
    expect(other.body.data).toEqual([]);
  });

  it('reads the program list from the configured programs rule', async () => {
    const { server } = await startApi({
      owners,
      permissions: answering(
        createControlRoomProjectConditionalDecision(
          controlRoomFinanceReadPermission,
          controlRoomProjectConditions.isInProgram({ programIds: ['prog-b'] }),
        ),
      ),
    });
    const res = await request(server).get(`${BASE}/projects`).expect(200);
    expect(
      res.body.data.map((p: { project_id: string }) => p.project_id),
    ).toEqual(['p3']);
  });

  it('a user who owns no project reads empty lists, not an error', async () => {
    const { server } = await startApi({
      owners,
      permissions: answering(
        createControlRoomProjectConditionalDecision(
          controlRoomFinanceReadPermission,
          controlRoomProjectConditions.isProjectOwner({
            claims: ['user:default/nobody'],
          }),
        ),
      ),
    });
    const projects = await request(server).get(`${BASE}/projects`).expect(200);
    expect(projects.body.data).toEqual([]);
    const kpis = await request(server)
      .get(`${BASE}/kpis?from=2026-01-01&to=2026-02-28`)
      .expect(200);
    expect(kpis.body.data).toEqual([]);
  });

  it('keeps the portfolio totals for a user who may read every project', async () => {
    const { server } = await startApi({
      owners,
      permissions: answering({ result: AuthorizeResult.ALLOW }),
    });
    const res = await request(server)
      .get(`${BASE}/kpis?from=2026-01-01&to=2026-02-28&dimension=program`)
      .set('Authorization', mockCredentials.user.header())
      .expect(200);
    const budget = res.body.data.filter(
      (r: { metric_name: string }) => r.metric_name === 'budget',
    );
    expect(sumOf(budget)).toBe('4000.50');
  });
});
