import type {
  Forecast,
  Kpi,
  ProjectSummary,
} from '@finance-ppm/plugin-control-room-common';

/**
 * Money arrives as exact decimal strings ("1234.50"). Sums are done in
 * integer cents (bigint) so no figure passes through a float; only charts,
 * which need numbers, convert with `toChartNumber`.
 */
export function toCents(value: string | undefined | null): bigint {
  if (value === undefined || value === null || value.trim() === '') {
    return 0n;
  }
  const match = /^\s*(-)?(\d*)(?:\.(\d*))?\s*$/.exec(value);
  if (!match) {
    throw new Error(`Not a decimal amount: ${value}`);
  }
  const [, sign, whole, fraction = ''] = match;
  const cents =
    BigInt(whole || '0') * 100n + BigInt(`${fraction}00`.slice(0, 2));
  return sign ? -cents : cents;
}

/** Formats cents back into a decimal string with two decimals. */
export function fromCents(cents: bigint): string {
  const negative = cents < 0n;
  const absolute = negative ? -cents : cents;
  const whole = absolute / 100n;
  const fraction = (absolute % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}

export function sumMoney(values: Array<string | undefined>): string {
  return fromCents(values.reduce((total, v) => total + toCents(v), 0n));
}

export function subtractMoney(
  a: string | undefined,
  b: string | undefined,
): string {
  return fromCents(toCents(a) - toCents(b));
}

export function compareMoney(
  a: string | undefined,
  b: string | undefined,
): number {
  const difference = toCents(a) - toCents(b);
  if (difference === 0n) {
    return 0;
  }
  return difference < 0n ? -1 : 1;
}

export function toChartNumber(value: string | undefined): number {
  return Number(value ?? 0);
}

/**
 * Formats an amount in its currency with the browser's locale. A unit that
 * is not an ISO currency (e.g. "%") is appended instead.
 */
export function formatMoney(
  value: string | undefined,
  currency?: string,
): string {
  if (value === undefined || value === null) {
    return '–';
  }
  // Intl formats decimal strings exactly (no float rounding on the way).
  const exact = value as unknown as number;
  if (currency && /^[A-Z]{3}$/.test(currency)) {
    return new Intl.NumberFormat(undefined, {
      style: 'currency',
      currency,
    }).format(exact);
  }
  const text = new Intl.NumberFormat(undefined, {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(exact);
  return currency ? `${text} ${currency}` : text;
}

export function formatPercent(ratio: number | undefined): string {
  if (ratio === undefined || ratio === null || !Number.isFinite(ratio)) {
    return '–';
  }
  return new Intl.NumberFormat(undefined, {
    style: 'percent',
    maximumFractionDigits: 1,
    signDisplay: 'exceptZero',
  }).format(ratio);
}

/** A ratio such as CPI or SPI, to two decimals. */
export function formatRatio(ratio: number | undefined | null): string {
  if (ratio === undefined || ratio === null || !Number.isFinite(ratio)) {
    return '–';
  }
  return new Intl.NumberFormat(undefined, {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(ratio);
}

/** An amount with the currency it is in, as the API states it. */
export interface Amount {
  value: string;
  unit?: string;
}

/**
 * Sums amounts per currency: amounts in different currencies are never
 * added together. Currencies keep the order they first appear in.
 */
export function sumByUnit(
  amounts: Array<{ value?: string; unit?: string }>,
): Amount[] {
  const totals = new Map<string | undefined, bigint>();
  for (const { value, unit } of amounts) {
    if (value === undefined || value === null) {
      continue;
    }
    totals.set(unit, (totals.get(unit) ?? 0n) + toCents(value));
  }
  return [...totals.entries()].map(([unit, cents]) => ({
    value: fromCents(cents),
    unit,
  }));
}

/** Totals in one or more currencies, each with its own symbol. */
export function formatAmounts(amounts: Amount[]): string {
  if (amounts.length === 0) {
    return formatMoney('0.00');
  }
  return amounts.map(a => formatMoney(a.value, a.unit)).join(' + ');
}

export interface MonthlyTotals {
  period: string;
  budget: string;
  committed: string;
  actual: string;
  variance: string;
}

/** The reporting currency: the unit of the money metrics. */
export function reportingCurrency(kpis: Kpi[]): string | undefined {
  return kpis.find(k => /^[A-Z]{3}$/.test(k.unit))?.unit;
}

/**
 * Sums the KPI rows of each month: the portfolio's one row per metric, or
 * the members of one dimension. Only rows in `currency` are summed, so two
 * currencies never make one figure.
 */
export function monthlyTotals(
  kpis: Kpi[],
  currency: string | undefined = reportingCurrency(kpis),
): MonthlyTotals[] {
  const byPeriod = new Map<string, Record<string, bigint>>();
  for (const kpi of kpis) {
    if (
      !['budget', 'committed', 'actual', 'variance'].includes(
        kpi.metric_name,
      ) ||
      kpi.unit !== currency
    ) {
      continue;
    }
    const month = kpi.period.slice(0, 7);
    const totals = byPeriod.get(month) ?? {};
    totals[kpi.metric_name] =
      (totals[kpi.metric_name] ?? 0n) + toCents(kpi.value);
    byPeriod.set(month, totals);
  }
  return [...byPeriod.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([period, t]) => ({
      period,
      budget: fromCents(t.budget ?? 0n),
      committed: fromCents(t.committed ?? 0n),
      actual: fromCents(t.actual ?? 0n),
      variance: fromCents(t.variance ?? (t.budget ?? 0n) - (t.actual ?? 0n)),
    }));
}

export type KpiStatus = 'ok' | 'warning' | 'error';

/** The month-on-month comparison a card shows, and what it compares. */
export interface KpiComparison {
  /** `YYYY-MM` of the last full month in the range. */
  month: string;
  /** `YYYY-MM` of the month before it. */
  previous: string;
  /** Change of `month` against `previous`, as a ratio; none from zero. */
  trend?: number;
}

export interface KpiCardData {
  title: string;
  value: string;
  unit?: string;
  /** `YYYY-MM` of the first and last month the total covers. */
  span?: { from: string; to: string };
  comparison?: KpiComparison;
  status: KpiStatus;
}

/** `YYYY-MM` of the month before. */
export function previousMonth(month: string): string {
  const [year, m] = month.split('-').map(Number);
  return m === 1
    ? `${year - 1}-12`
    : `${year}-${String(m - 1).padStart(2, '0')}`;
}

/** `YYYY-MM` of a date in the user's time zone. */
export function localMonth(now: Date = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
}

/** "Oct 2026" for `2026-10`, in the user's locale. */
export function monthLabel(month: string): string {
  const [year, m] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(undefined, {
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(year, m - 1, 1)));
}

/**
 * The last full month of the series (the current month is still running, so
 * it is never compared) and the calendar month before it. A month missing
 * from the series counts as zero.
 */
function comparisonMonths(
  series: MonthlyTotals[],
  currentMonth: string,
): { last?: MonthlyTotals; before?: MonthlyTotals; month: string } | undefined {
  const full = series.filter(s => s.period < currentMonth);
  const last = full[full.length - 1];
  if (!last) {
    return undefined;
  }
  const month = previousMonth(last.period);
  return { last, before: full.find(s => s.period === month), month };
}

function trendOf(
  last: MonthlyTotals,
  before: MonthlyTotals | undefined,
  key: 'budget' | 'actual' | 'committed' | 'variance',
): number | undefined {
  const now = Number(last[key]);
  const then = Number(before?.[key] ?? 0);
  if (then === 0) {
    return undefined;
  }
  return (now - then) / Math.abs(then);
}

/**
 * Headline KPIs of the range: totals over every month of the range, each
 * with the change of the last full month against the month before.
 */
export function kpiCards(
  series: MonthlyTotals[],
  currency: string | undefined,
  currentMonth: string = localMonth(),
): KpiCardData[] {
  const budget = sumMoney(series.map(s => s.budget));
  const actual = sumMoney(series.map(s => s.actual));
  const committed = sumMoney(series.map(s => s.committed));
  const variance = subtractMoney(budget, actual);
  const burn =
    toCents(budget) === 0n ? undefined : Number(actual) / Number(budget);
  let burnStatus: KpiStatus = 'ok';
  if (burn !== undefined && burn > 1) {
    burnStatus = 'error';
  } else if (burn !== undefined && burn > 0.9) {
    burnStatus = 'warning';
  }
  const span = series.length
    ? { from: series[0].period, to: series[series.length - 1].period }
    : undefined;
  const months = comparisonMonths(series, currentMonth);
  const comparison = (key: 'budget' | 'actual' | 'committed' | 'variance') =>
    months && {
      month: months.last!.period,
      previous: months.month,
      trend: trendOf(months.last!, months.before, key),
    };
  return [
    {
      title: 'Budget',
      value: budget,
      unit: currency,
      span,
      comparison: comparison('budget'),
      status: 'ok',
    },
    {
      title: 'Actual',
      value: actual,
      unit: currency,
      span,
      comparison: comparison('actual'),
      status: burnStatus,
    },
    {
      title: 'Committed',
      value: committed,
      unit: currency,
      span,
      comparison: comparison('committed'),
      status: 'ok',
    },
    {
      title: 'Variance',
      value: variance,
      unit: currency,
      span,
      comparison: comparison('variance'),
      status: compareMoney(variance, '0') < 0 ? 'error' : 'ok',
    },
  ];
}

/** What a KPI card says under its figure: the span, then the comparison. */
export function describeKpi(card: KpiCardData): string[] {
  const lines: string[] = [];
  if (card.span) {
    lines.push(
      card.span.from === card.span.to
        ? `Total for ${monthLabel(card.span.from)}`
        : `Total ${monthLabel(card.span.from)} – ${monthLabel(card.span.to)}`,
    );
  }
  if (!card.comparison) {
    lines.push('No full month in the range to compare');
  } else {
    const { month, previous, trend } = card.comparison;
    const what = `Last full month (${monthLabel(
      month,
    )}) vs the month before (${monthLabel(previous)})`;
    lines.push(
      trend === undefined
        ? `${what}: no figure the month before`
        : `${what}: ${formatPercent(trend)}`,
    );
  }
  return lines;
}

export interface ProjectVariance {
  project: ProjectSummary;
  variance: Amount;
}

/** Projects ordered by variance, most over budget first. */
export function topVariances(
  projects: ProjectSummary[],
  count: number,
): ProjectVariance[] {
  return projects
    .map(project => ({
      project,
      variance: {
        value: subtractMoney(project.budget, project.actual),
        unit: project.unit,
      },
    }))
    .sort((a, b) => compareMoney(a.variance.value, b.variance.value))
    .slice(0, count);
}

/** The latest forecast of each project. */
export function latestForecasts(forecasts: Forecast[]): Map<string, Forecast> {
  const latest = new Map<string, Forecast>();
  for (const forecast of forecasts) {
    const current = latest.get(forecast.project_id);
    if (!current || current.period < forecast.period) {
      latest.set(forecast.project_id, forecast);
    }
  }
  return latest;
}

export interface PortfolioForecast {
  budgetAtCompletion: Amount[];
  eac: Amount[];
  /** Earliest date a project's budget runs out. */
  firstExhaustion?: { projectId: string; date: string };
}

export function portfolioForecast(
  forecasts: Iterable<Forecast>,
): PortfolioForecast {
  const all = [...forecasts];
  const exhausted = all
    .filter(f => f.budget_exhausted_on)
    .sort((a, b) =>
      a.budget_exhausted_on!.localeCompare(b.budget_exhausted_on!),
    );
  return {
    budgetAtCompletion: sumByUnit(
      all.map(f => ({ value: f.budget_at_completion, unit: f.unit })),
    ),
    eac: sumByUnit(all.map(f => ({ value: f.eac, unit: f.unit }))),
    firstExhaustion: exhausted[0]
      ? {
          projectId: exhausted[0].project_id,
          date: exhausted[0].budget_exhausted_on!,
        }
      : undefined,
  };
}

/** True when an ISO date or timestamp falls inside the optional range. */
export function inRange(
  value: string | undefined,
  from?: string,
  to?: string,
): boolean {
  if (!value) {
    return true;
  }
  const day = value.slice(0, 10);
  return (!from || day >= from) && (!to || day <= to);
}
