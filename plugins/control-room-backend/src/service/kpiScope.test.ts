import { DuckDbLakehouse } from '@finance-ppm/plugin-control-room-node';
import { openBuiltPortfolio } from '../finance/__testUtils__/testPortfolio';
import { getKpis, PORTFOLIO_MEMBER } from './queries';

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

  /** The program rows summed per metric, month and unit, in cents. */
  const programSums = (rows: Kpi[]) => {
    const sums = new Map<string, bigint>();
    for (const row of ofDimensions(rows, ['program'])) {
      if (row.metric_name === 'variance_pct') continue;
      const key = `${row.metric_name}|${String(row.period)}|${row.unit}`;
      sums.set(
        key,
        (sums.get(key) ?? 0n) + BigInt(Math.round(Number(row.value) * 100)),
      );
    }
    return sums;
  };

  it.each([
    ['every project', () => undefined],
    ['some projects', () => projectIds.slice(0, 2)],
  ])(
    'answers the portfolio as the program rows summed per metric, month and unit (%s)',
    async (_, readable) => {
      const scope = { ...everyMonth, readable: readable() };
      const programs = await getKpis(lakehouse, {
        ...scope,
        dimension: 'program',
      });
      const portfolio = await getKpis(lakehouse, {
        ...scope,
        dimension: 'portfolio',
      });
      const expected = programSums(programs);
      expect(expected.size).toBeGreaterThan(0);
      const amounts = portfolio.filter(r => r.metric_name !== 'variance_pct');
      expect(
        new Map(
          amounts.map(r => [
            `${r.metric_name}|${String(r.period)}|${r.unit}`,
            BigInt(Math.round(Number(r.value) * 100)),
          ]),
        ),
      ).toEqual(expected);
      expect(amounts).toHaveLength(expected.size);
      for (const row of portfolio) {
        expect(row.dimension).toBe('portfolio');
        expect(row.dimension_value).toBe(PORTFOLIO_MEMBER);
      }
      // variance_pct from the summed variance and budget, not summed itself.
      const pct = portfolio.filter(r => r.metric_name === 'variance_pct');
      expect(pct.length).toBeGreaterThan(0);
      for (const row of pct) {
        const period = String(row.period);
        const of = (metric: string) =>
          Number(
            amounts.find(
              r => r.metric_name === metric && String(r.period) === period,
            )!.value,
          );
        expect(row.unit).toBe('%');
        expect(Number(row.value)).toBeCloseTo(
          (of('variance') * 100) / of('budget'),
          2,
        );
      }
    },
  );

  it('leaves the portfolio out of an answer of every dimension', async () => {
    const everyone = await getKpis(lakehouse, everyMonth);
    expect(new Set(everyone.map(row => row.dimension))).toEqual(
      new Set(['program', 'project', 'category', 'vendor']),
    );
  });
});
