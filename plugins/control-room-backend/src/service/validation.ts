import { InputError } from '@backstage/errors';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Page sizes the list endpoints accept. */
export const PAGE_SIZE = { default: 50, max: 500 } as const;

/** Cursors never point past this offset; deeper pages need a filter. */
export const MAX_CURSOR_OFFSET = 1_000_000;

/** Default of `controlRoom.api.maxKpiMonths`. */
export const DEFAULT_MAX_KPI_MONTHS = 60;

/** Parses an ISO calendar date (`YYYY-MM-DD`), naming the field when it is not one. */
export function parseIsoDate(
  field: string,
  value: unknown,
): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'string' || !ISO_DATE.test(value)) {
    throw new InputError(`${field} must be an ISO date (YYYY-MM-DD)`);
  }
  const parsed = new Date(`${value}T00:00:00Z`);
  // Rejects dates such as 2026-02-30 that Date would roll over.
  if (
    Number.isNaN(parsed.getTime()) ||
    parsed.toISOString().slice(0, 10) !== value
  ) {
    throw new InputError(`${field} is not a calendar date: ${value}`);
  }
  return value;
}

/**
 * `from` and `to` of a period query, defaulting to the last twelve months,
 * spanning at most `maxMonths` calendar months.
 */
export function parseDateRange(
  query: { from?: unknown; to?: unknown },
  today: Date,
  maxMonths: number = DEFAULT_MAX_KPI_MONTHS,
): { from: string; to: string } {
  const to = parseIsoDate('to', query.to) ?? today.toISOString().slice(0, 10);
  const defaultFrom = new Date(
    Date.UTC(today.getUTCFullYear() - 1, today.getUTCMonth(), 1),
  );
  const from =
    parseIsoDate('from', query.from) ?? defaultFrom.toISOString().slice(0, 10);
  if (from > to) {
    throw new InputError(`from (${from}) must not be after to (${to})`);
  }
  const monthIndex = (date: string) =>
    Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7));
  if (monthIndex(to) - monthIndex(from) + 1 > maxMonths) {
    throw new InputError(
      `from (${from}) to (${to}) spans more than ${maxMonths} months`,
    );
  }
  return { from, to };
}

/** Page size from `limit`, bounded. */
export function parseLimit(value: unknown): number {
  if (value === undefined) {
    return PAGE_SIZE.default;
  }
  const limit =
    typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(limit) || limit < 1 || limit > PAGE_SIZE.max) {
    throw new InputError(`limit must be an integer from 1 to ${PAGE_SIZE.max}`);
  }
  return limit;
}

/** The opaque cursor is the offset of the next page, base64url-encoded. */
export function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

export function decodeCursor(value: unknown): number {
  if (value === undefined) {
    return 0;
  }
  try {
    const parsed = JSON.parse(
      Buffer.from(String(value), 'base64url').toString('utf8'),
    );
    if (
      Number.isSafeInteger(parsed?.o) &&
      parsed.o >= 0 &&
      parsed.o < MAX_CURSOR_OFFSET
    ) {
      return parsed.o;
    }
  } catch {
    // falls through to the error below
  }
  throw new InputError('cursor is not a cursor this API returned');
}

/** One page of rows fetched with `limit + 1` to learn whether more follow. */
export function toPage<T>(
  rows: T[],
  offset: number,
  limit: number,
): { data: T[]; next_cursor?: string } {
  if (rows.length > limit) {
    return {
      data: rows.slice(0, limit),
      next_cursor: encodeCursor(offset + limit),
    };
  }
  return { data: rows };
}

/** A bounded free-text or id filter. */
export function parseText(
  field: string,
  value: unknown,
  maxLength = 200,
): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (
    typeof value !== 'string' ||
    value.length === 0 ||
    value.length > maxLength
  ) {
    throw new InputError(`${field} must be 1 to ${maxLength} characters`);
  }
  return value;
}
