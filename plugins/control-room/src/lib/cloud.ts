import type { Kpi } from '@finance-ppm/plugin-control-room-common';
import { fromCents, toCents } from './money';

/** One month of the portfolio: Notion's actual beside Azure's billed spend. */
export interface CloudMonth {
  /** `YYYY-MM`. */
  period: string;
  notionActual: string;
  /** Spend claimed by a project (tag or resource-group map). */
  cloudActual: string;
  /** Spend no project claims. */
  unallocated: string;
  /** The currency the API gave for these figures. */
  unit?: string;
}

const CLOUD_METRICS = ['actual', 'cloud_actual', 'cloud_unallocated'];

/**
 * Reads the `portfolio` KPI rows of each month as Notion actual, cloud
 * actual and unallocated cloud spend (the API summed the programs, and the
 * unallocated spend sits on a program member of its own). Months without any
 * cloud figure are left out: they predate the Cost Management pull.
 */
export function cloudMonthlyTotals(kpis: Kpi[]): CloudMonth[] {
  const months = new Map<
    string,
    { sums: Record<string, bigint>; unit?: string; hasCloud: boolean }
  >();
  for (const kpi of kpis) {
    if (
      kpi.dimension !== 'portfolio' ||
      !CLOUD_METRICS.includes(kpi.metric_name)
    ) {
      continue;
    }
    const period = kpi.period.slice(0, 7);
    const month = months.get(period) ?? { sums: {}, hasCloud: false };
    month.sums[kpi.metric_name] =
      (month.sums[kpi.metric_name] ?? 0n) + toCents(kpi.value);
    if (kpi.metric_name !== 'actual') {
      month.hasCloud = true;
      month.unit = month.unit ?? kpi.unit;
    }
    months.set(period, month);
  }
  return [...months.entries()]
    .filter(([, month]) => month.hasCloud)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([period, { sums, unit }]) => ({
      period,
      notionActual: fromCents(sums.actual ?? 0n),
      cloudActual: fromCents(sums.cloud_actual ?? 0n),
      unallocated: fromCents(sums.cloud_unallocated ?? 0n),
      unit,
    }));
}
