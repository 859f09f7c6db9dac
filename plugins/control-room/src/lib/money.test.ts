import {
  formatMoney,
  fromCents,
  inRange,
  kpiCards,
  latestForecasts,
  monthlyTotals,
  portfolioForecast,
  sumMoney,
  toCents,
  topVariances,
} from './money';

const kpi = (
  metric_name: string,
  dimension_value: string,
  period: string,
  value: string,
) => ({
  metric_name,
  dimension: 'program',
  dimension_value,
  period,
  value,
  unit: 'EUR',
});

describe('money', () => {
  it('sums decimal strings exactly', () => {
    expect(sumMoney(['0.10', '0.20', '1000000000000.05'])).toBe(
      '1000000000000.35',
    );
    expect(sumMoney(['-1.5', '0.25'])).toBe('-1.25');
    expect(toCents('12')).toBe(1200n);
    expect(fromCents(-5n)).toBe('-0.05');
    expect(() => toCents('abc')).toThrow('Not a decimal amount');
  });

  it('formats in the currency, keeping every cent', () => {
    expect(formatMoney('1234567.89', 'EUR')).toBe(
      new Intl.NumberFormat(undefined, {
        style: 'currency',
        currency: 'EUR',
      }).format(1234567.89),
    );
    expect(formatMoney('12.5', '%')).toMatch(/^12\.50 %$/);
    expect(formatMoney(undefined)).toBe('–');
  });

  it('adds up programs per month and derives KPI cards with trends', () => {
    const series = monthlyTotals([
      kpi('budget', 'a', '2026-01-01', '100.00'),
      kpi('budget', 'b', '2026-01-01', '50.00'),
      kpi('actual', 'a', '2026-01-01', '120.00'),
      kpi('budget', 'a', '2026-02-01', '300.00'),
      kpi('actual', 'a', '2026-02-01', '60.00'),
      kpi('variance_pct', 'a', '2026-02-01', '80.00'),
    ]);
    expect(series).toEqual([
      {
        period: '2026-01',
        budget: '150.00',
        committed: '0.00',
        actual: '120.00',
        variance: '30.00',
      },
      {
        period: '2026-02',
        budget: '300.00',
        committed: '0.00',
        actual: '60.00',
        variance: '240.00',
      },
    ]);
    const cards = kpiCards(series, 'EUR');
    expect(cards.find(c => c.title === 'Budget')).toMatchObject({
      value: '450.00',
      trend: 1,
    });
    expect(cards.find(c => c.title === 'Actual')).toMatchObject({
      value: '180.00',
      trend: -0.5,
    });
    expect(cards.find(c => c.title === 'Variance')).toMatchObject({
      value: '270.00',
      status: 'ok',
    });
  });

  it('flags an overspent range', () => {
    const cards = kpiCards(
      [
        {
          period: '2026-01',
          budget: '10.00',
          committed: '0.00',
          actual: '11.00',
          variance: '-1.00',
        },
      ],
      'EUR',
    );
    expect(cards.find(c => c.title === 'Actual')?.status).toBe('error');
    expect(cards.find(c => c.title === 'Variance')?.status).toBe('error');
  });

  it('orders projects by variance and keeps the latest forecast', () => {
    const projects = [
      { project_id: 'a', name: 'A', budget: '10.00', actual: '5.00' },
      { project_id: 'b', name: 'B', budget: '10.00', actual: '15.00' },
    ];
    expect(
      topVariances(projects, 1).map(v => [v.project.name, v.variance]),
    ).toEqual([['B', '-5.00']]);
    const latest = latestForecasts([
      {
        project_id: 'a',
        period: '2026-01-01',
        eac: '1.00',
        budget_exhausted_on: '2026-09-01',
      },
      {
        project_id: 'a',
        period: '2026-02-01',
        eac: '2.00',
        budget_exhausted_on: '2026-08-01',
      },
      { project_id: 'b', period: '2026-02-01', eac: '3.00' },
    ]);
    expect(latest.get('a')?.eac).toBe('2.00');
    expect(portfolioForecast(latest.values())).toEqual({
      budgetAtCompletion: '0.00',
      eac: '5.00',
      firstExhaustion: { projectId: 'a', date: '2026-08-01' },
    });
  });

  it('tests dates against an open or closed range', () => {
    expect(inRange('2026-03-04T00:00:00Z', '2026-03-01', '2026-03-31')).toBe(
      true,
    );
    expect(inRange('2026-04-01', '2026-03-01', '2026-03-31')).toBe(false);
    expect(inRange('2026-04-01')).toBe(true);
  });
});
