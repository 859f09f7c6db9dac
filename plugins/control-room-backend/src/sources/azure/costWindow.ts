/** An inclusive range of UTC days, `YYYY-MM-DD`. */
export interface DayRange {
  from: string;
  to: string;
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return isoDay(date);
}

/** First day of the month `monthsBack` months before `today`'s month. */
export function backfillStart(today: string, months: number): string {
  const date = new Date(`${today}T00:00:00Z`);
  return isoDay(
    new Date(
      Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - (months - 1), 1),
    ),
  );
}

/**
 * The days the next pull reads, the same for every scope so the rows
 * fetched are complete for each day in it: from the earliest of each
 * scope's start (the backfill for a scope never pulled, else its last
 * pulled day less `refreshDays - 1`) up to today.
 */
export function costPullWindow(options: {
  today: string;
  /** Last day pulled per scope; absent for a scope never pulled. */
  pulledThrough: Array<string | undefined>;
  backfillMonths: number;
  refreshDays: number;
}): DayRange {
  const { today, backfillMonths, refreshDays } = options;
  const starts = options.pulledThrough.map(last =>
    last
      ? addDays(last < today ? last : today, -(refreshDays - 1))
      : backfillStart(today, backfillMonths),
  );
  const from = starts.reduce((a, b) => (a < b ? a : b), today);
  return { from, to: today };
}

/**
 * The range cut at month ends, one query each, so no query spans more than
 * a calendar month whatever the backfill.
 */
export function splitByMonth(range: DayRange): DayRange[] {
  const chunks: DayRange[] = [];
  let from = range.from;
  while (from <= range.to) {
    const start = new Date(`${from}T00:00:00Z`);
    const monthEnd = isoDay(
      new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 0)),
    );
    const to = monthEnd < range.to ? monthEnd : range.to;
    chunks.push({ from, to });
    from = addDays(to, 1);
  }
  return chunks;
}
