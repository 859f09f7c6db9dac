import {
  describeKpi,
  formatAmounts,
  formatMoney,
  formatPercent,
  formatRatio,
  fromCents,
  inRange,
  kpiCards,
  latestForecasts,
  monthLabel,
  monthlyTotals,
  portfolioForecast,
  previousMonth,
  subtractMoney,
  sumByUnit,
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

  it('adds up programs per month in the reporting currency only', () => {
    const series = monthlyTotals([
      kpi('budget', 'a', '2026-01-01', '100.00'),
      kpi('budget', 'b', '2026-01-01', '50.00'),
      kpi('actual', 'a', '2026-01-01', '120.00'),
      kpi('budget', 'a', '2026-02-01', '300.00'),
      kpi('actual', 'a', '2026-02-01', '60.00'),
      kpi('variance_pct', 'a', '2026-02-01', '80.00'),
      { ...kpi('unconverted_lines', 'a', '2026-02-01', '3.00'), unit: 'lines' },
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
  });

  const month = (period: string, budget: string, actual: string) => ({
    period,
    budget,
    committed: '0.00',
    actual,
    variance: subtractMoney(budget, actual),
  });

  it('totals the range and compares the last full month with the month before', () => {
    const series = [
      month('2026-01', '150.00', '120.00'),
      month('2026-02', '300.00', '60.00'),
      // The running month: in the totals, never in the comparison.
      month('2026-03', '1000.00', '1.00'),
    ];
    const cards = kpiCards(series, 'EUR', '2026-03');
    const budget = cards.find(c => c.title === 'Budget')!;
    expect(budget).toMatchObject({
      value: '1450.00',
      unit: 'EUR',
      span: { from: '2026-01', to: '2026-03' },
      comparison: { month: '2026-02', previous: '2026-01', trend: 1 },
    });
    expect(cards.find(c => c.title === 'Actual')).toMatchObject({
      value: '181.00',
      comparison: { month: '2026-02', trend: -0.5 },
    });
    expect(cards.find(c => c.title === 'Variance')).toMatchObject({
      value: '1269.00',
      status: 'ok',
    });
    const text = describeKpi(budget);
    expect(text[0]).toBe(
      `Total ${monthLabel('2026-01')} – ${monthLabel('2026-03')}`,
    );
    expect(text[1]).toBe(
      `Last full month (${monthLabel(
        '2026-02',
      )}) vs the month before (${monthLabel('2026-01')}): ${formatPercent(1)}`,
    );
  });

  it('says so when there is no full month, or nothing the month before', () => {
    const running = kpiCards(
      [month('2026-03', '10.00', '1.00')],
      'EUR',
      '2026-03',
    );
    expect(running[0].comparison).toBeUndefined();
    expect(describeKpi(running[0])).toEqual([
      `Total for ${monthLabel('2026-03')}`,
      'No full month in the range to compare',
    ]);
    // A gap: the month before the last full one has no figures.
    const gap = kpiCards(
      [month('2026-01', '10.00', '1.00'), month('2026-03', '10.00', '1.00')],
      'EUR',
      '2026-06',
    );
    expect(gap[0].comparison).toEqual({
      month: '2026-03',
      previous: '2026-02',
      trend: undefined,
    });
    expect(describeKpi(gap[0])[1]).toMatch(/no figure the month before$/);
    expect(previousMonth('2026-01')).toBe('2025-12');
  });

  it('flags an overspent range', () => {
    const cards = kpiCards(
      [month('2026-01', '10.00', '11.00')],
      'EUR',
      '2026-05',
    );
    expect(cards.find(c => c.title === 'Actual')?.status).toBe('error');
    expect(cards.find(c => c.title === 'Variance')?.status).toBe('error');
  });

  it('never adds amounts in different currencies', () => {
    expect(
      sumByUnit([
        { value: '1.10', unit: 'USD' },
        { value: '2.00', unit: 'EUR' },
        { value: '0.90', unit: 'USD' },
        { value: undefined, unit: 'GBP' },
      ]),
    ).toEqual([
      { value: '2.00', unit: 'USD' },
      { value: '2.00', unit: 'EUR' },
    ]);
    expect(
      formatAmounts([
        { value: '2.00', unit: 'USD' },
        { value: '2.00', unit: 'EUR' },
      ]),
    ).toBe(`${formatMoney('2.00', 'USD')} + ${formatMoney('2.00', 'EUR')}`);
    expect(formatRatio(0.11767578153395375)).toBe(
      new Intl.NumberFormat(undefined, { minimumFractionDigits: 2 }).format(
        0.12,
      ),
    );
    expect(formatRatio(undefined)).toBe('–');
  });

  it('orders projects by variance and keeps the latest forecast', () => {
    const projects = [
      {
        project_id: 'a',
        name: 'A',
        budget: '10.00',
        actual: '5.00',
        unit: 'USD',
      },
      {
        project_id: 'b',
        name: 'B',
        budget: '10.00',
        actual: '15.00',
        unit: 'USD',
      },
    ];
    expect(
      topVariances(projects, 1).map(v => [v.project.name, v.variance]),
    ).toEqual([['B', { value: '-5.00', unit: 'USD' }]]);
    const latest = latestForecasts([
      {
        project_id: 'a',
        period: '2026-01-01',
        eac: '1.00',
        budget_exhausted_on: '2026-09-01',
        unit: 'USD',
      },
      {
        project_id: 'a',
        period: '2026-02-01',
        eac: '2.00',
        budget_exhausted_on: '2026-08-01',
        unit: 'USD',
      },
      { project_id: 'b', period: '2026-02-01', eac: '3.00', unit: 'USD' },
    ]);
    expect(latest.get('a')?.eac).toBe('2.00');
    expect(portfolioForecast(latest.values())).toEqual({
      budgetAtCompletion: [],
      eac: [{ value: '5.00', unit: 'USD' }],
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
