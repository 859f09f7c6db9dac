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
 * Sums the members of one dimension per month. Every project belongs to one
 * program (missing ones are 'unassigned'), so summing the `program` rows
 * gives the portfolio.
 */
export function monthlyTotals(kpis: Kpi[]): MonthlyTotals[] {
  const byPeriod = new Map<string, Record<string, bigint>>();
  for (const kpi of kpis) {
    if (
      !['budget', 'committed', 'actual', 'variance'].includes(kpi.metric_name)
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

export interface KpiCardData {
  title: string;
  value: string;
  unit?: string;
  /** Change of the last month against the month before, as a ratio. */
  trend?: number;
  status: KpiStatus;
}

function trendOf(
  series: MonthlyTotals[],
  key: keyof MonthlyTotals,
): number | undefined {
  if (series.length < 2) {
    return undefined;
  }
  const last = Number(series[series.length - 1][key]);
  const previous = Number(series[series.length - 2][key]);
  if (previous === 0) {
    return undefined;
  }
  return (last - previous) / Math.abs(previous);
}

/** Headline KPIs of the range: totals with the month-on-month trend. */
export function kpiCards(
  series: MonthlyTotals[],
  currency?: string,
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
  return [
    {
      title: 'Budget',
      value: budget,
      unit: currency,
      trend: trendOf(series, 'budget'),
      status: 'ok',
    },
    {
      title: 'Actual',
      value: actual,
      unit: currency,
      trend: trendOf(series, 'actual'),
      status: burnStatus,
    },
    {
      title: 'Committed',
      value: committed,
      unit: currency,
      trend: trendOf(series, 'committed'),
      status: 'ok',
    },
    {
      title: 'Variance',
      value: variance,
      unit: currency,
      trend: trendOf(series, 'variance'),
      status: compareMoney(variance, '0') < 0 ? 'error' : 'ok',
    },
  ];
}

export interface ProjectVariance {
  project: ProjectSummary;
  variance: string;
}

/** Projects ordered by variance, most over budget first. */
export function topVariances(
  projects: ProjectSummary[],
  count: number,
): ProjectVariance[] {
  return projects
    .map(project => ({
      project,
      variance: subtractMoney(project.budget, project.actual),
    }))
    .sort((a, b) => compareMoney(a.variance, b.variance))
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
  budgetAtCompletion: string;
  eac: string;
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
    budgetAtCompletion: sumMoney(all.map(f => f.budget_at_completion)),
    eac: sumMoney(all.map(f => f.eac)),
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
