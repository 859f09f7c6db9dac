import { DuckDbLakehouse } from '@finance-ppm/plugin-control-room-node';
import { openBuiltPortfolio } from '../finance/__testUtils__/testPortfolio';
import { getKpis } from './queries';

const everyMonth = { from: '2000-01-01', to: '2100-12-01' };

type Kpi = Awaited<ReturnType<typeof getKpis>>[number];
const text = (rows: Kpi[]) =>
  rows
    .map(row => JSON.stringify({ ...row, period: String(row.period) }))
    .sort();
const ofDimensions = (rows: Kpi[], dimensions: string[]) =>
  rows.filter(row => dimensions.includes(row.dimension));

describe('/kpis for a caller who may read some projects', () => {
  let lakehouse: DuckDbLakehouse;
  let projectIds: string[];

  beforeAll(async () => {
    ({ lakehouse } = await openBuiltPortfolio());
    projectIds = (
      await lakehouse.query<{ project_id: string }>(
        'SELECT project_id FROM silver.notion_projects ORDER BY project_id',
      )
    ).map(row => row.project_id);
  });

  afterAll(async () => {
    await lakehouse.close();
  });

  it('gives the category and vendor rows of gold when every project is readable', async () => {
    const everyone = await getKpis(lakehouse, everyMonth);
    const listed = await getKpis(lakehouse, {
      ...everyMonth,
      readable: projectIds,
    });
    const members = ofDimensions(everyone, ['category', 'vendor']);
    expect(members.length).toBeGreaterThan(0);
    expect(new Set(members.map(row => row.metric_name))).toEqual(
      new Set([
        'budget',
        'committed',
        'actual',
        'variance',
        'variance_pct',
        'unconverted_lines',
      ]),
    );
    expect(text(ofDimensions(listed, ['category', 'vendor']))).toEqual(
      text(members),
    );
  });

  it("sums one project's lines only: its categories and vendors add up to its own budget", async () => {
    const [project] = projectIds;
    const rows = await getKpis(lakehouse, {
      ...everyMonth,
      readable: [project],
    });
    const budgets = (dimension: string) => {
      const byPeriod = new Map<string, number>();
      for (const row of rows.filter(
        r => r.dimension === dimension && r.metric_name === 'budget',
      )) {
        const period = String(row.period);
        byPeriod.set(
          period,
          (byPeriod.get(period) ?? 0) + Math.round(Number(row.value) * 100),
        );
        expect(row.unit).toBe('USD');
      }
      return byPeriod;
    };
    const own = budgets('project');
    expect(own.size).toBeGreaterThan(0);
    expect(budgets('category')).toEqual(own);
    expect(budgets('vendor')).toEqual(own);
    expect(
      new Set(
        rows.filter(r => r.dimension === 'project').map(r => r.dimension_value),
      ),
    ).toEqual(new Set([project]));
  });
});
