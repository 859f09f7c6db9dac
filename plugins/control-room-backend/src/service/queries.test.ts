import { DuckDbLakehouse } from '@finance-ppm/plugin-control-room-node';
import { createDeclaredTables } from '../finance/__testUtils__/testPortfolio';
import { buildProjectTotals } from './__testUtils__/projectTotals';
import {
  likeContains,
  listProjects,
  parseStringArray,
  toJsonRow,
} from './queries';

describe('query helpers', () => {
  it('drops nulls, turns bigint into numbers and keeps decimal strings', () => {
    expect(toJsonRow({ a: null, n: 12n, money: '1.10', ok: true })).toEqual({
      n: 12,
      money: '1.10',
      ok: true,
    });
  });

  it('escapes LIKE wildcards', () => {
    expect(likeContains('50%_off!')).toBe('%50!%!_off!!%');
  });

  it('reads JSON string arrays and nothing else', () => {
    expect(parseStringArray('["a",1]')).toEqual(['a', '1']);
    expect(parseStringArray('{"a":1}')).toEqual([]);
    expect(parseStringArray('not json')).toEqual([]);
    expect(parseStringArray(null)).toEqual([]);
  });
});

describe('listProjects totals', () => {
  let lakehouse: DuckDbLakehouse;

  beforeAll(async () => {
    lakehouse = await DuckDbLakehouse.open({ path: ':memory:' });
    await createDeclaredTables(lakehouse);
    await lakehouse.execute(
      `INSERT INTO bronze.fx_rates (currency, rate_to_reporting, reporting_currency)
       VALUES ('USD', 1, 'USD')`,
    );
    await lakehouse.execute(
      `INSERT INTO silver.notion_projects (project_id, name, is_archived)
       VALUES ('P1', 'Money', false), ('P2', 'Unconverted', false), ('P3', 'Nothing', false)`,
    );
    const kpi = (
      project: string,
      metric: string,
      month: string,
      value: string,
      unit: string,
    ) =>
      `('${project}-${metric}-${month}', '${metric}', 'project', '${project}', DATE '${month}', ${value}, '${unit}')`;
    await lakehouse.execute(
      `INSERT INTO gold.ppm_budget_vs_actual
         (metric_id, metric_name, dimension, dimension_value, period, value, unit)
       VALUES ${[
         kpi('P1', 'budget', '2026-01-01', '100.10', 'USD'),
         kpi('P1', 'budget', '2026-02-01', '50.05', 'USD'),
         kpi('P1', 'committed', '2026-01-01', '20.00', 'USD'),
         kpi('P1', 'actual', '2026-01-01', '40.00', 'USD'),
         kpi('P1', 'variance', '2026-01-01', '60.10', 'USD'),
         kpi('P1', 'variance_pct', '2026-01-01', '60.04', '%'),
         kpi('P1', 'cloud_actual', '2026-01-01', '7.25', 'USD'),
         kpi('P1', 'cloud_actual', '2026-02-01', '0.75', 'USD'),
         // Lines without a rate: counted, never summed as money.
         kpi('P2', 'unconverted_lines', '2026-01-01', '3', 'lines'),
         kpi('P2', 'variance_pct', '2026-01-01', '1.00', '%'),
       ].join(', ')}`,
    );
    await buildProjectTotals(lakehouse);
  });

  afterAll(() => lakehouse.close());

  it('keeps per-project totals: one row per project with money metrics, their sums over every month', async () => {
    expect(
      await lakehouse.query(
        `SELECT project_id, budget, actual, cloud_actual, cloud_actual_unit, unit
           FROM gold.ppm_project_totals ORDER BY project_id`,
      ),
    ).toEqual([
      {
        project_id: 'P1',
        budget: '150.15',
        actual: '40.00',
        cloud_actual: '8.00',
        cloud_actual_unit: 'USD',
        unit: 'USD',
      },
      // P2's lines have no rate and P3 has none: no money, no row.
    ]);
  });

  it('sums the money metrics over every month, and gives members without them zeros in the reporting currency', async () => {
    const projects = await listProjects(lakehouse, {
      sort: 'budget',
      offset: 0,
      limit: 10,
    });
    expect(projects).toEqual([
      {
        project_id: 'P1',
        name: 'Money',
        budget: '150.15',
        actual: '40.00',
        cloud_actual: '8.00',
        cloud_actual_unit: 'USD',
        unit: 'USD',
      },
      {
        project_id: 'P2',
        name: 'Unconverted',
        budget: '0.00',
        actual: '0.00',
        unit: 'USD',
      },
      {
        project_id: 'P3',
        name: 'Nothing',
        budget: '0.00',
        actual: '0.00',
        unit: 'USD',
      },
    ]);
  });
});
