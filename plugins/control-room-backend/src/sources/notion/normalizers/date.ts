import { EMPTY, NormalizedDate, NormalizedValue } from './types';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Offset of `timeZone` from UTC, in minutes, at the given instant. */
function zoneOffsetMinutes(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) =>
    Number(parts.find(part => part.type === type)?.value);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60000);
}

/**
 * An ISO date or date-time as an instant in UTC. A date-time without an
 * offset is wall-clock time in `timeZone` (how Notion writes dates it was
 * given with a time_zone), or UTC when there is none. Undefined when the
 * text is not a date.
 */
export function toUtcInstant(
  value: string,
  timeZone: string | null,
): string | undefined {
  if (DATE_ONLY.test(value)) {
    const parsed = Date.parse(`${value}T00:00:00Z`);
    return Number.isNaN(parsed) ? undefined : new Date(parsed).toISOString();
  }
  const match = DATE_TIME.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s = '0', ms = '0', offset] = match;
  const wallClock = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, +ms.padEnd(3, '0'));
  if (Number.isNaN(wallClock)) return undefined;
  if (offset) {
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? undefined : new Date(parsed).toISOString();
  }
  if (!timeZone) return new Date(wallClock).toISOString();
  try {
    // Two passes settle the offset on either side of a DST change.
    let utc = wallClock - zoneOffsetMinutes(wallClock, timeZone) * 60000;
    utc = wallClock - zoneOffsetMinutes(utc, timeZone) * 60000;
    return new Date(utc).toISOString();
  } catch {
    return undefined;
  }
}

/** `date` (and formula/rollup dates): a date or a range, with its zone. */
export function normalizeDate(
  value:
    | { start: string; end: string | null; time_zone?: string | null }
    | null
    | undefined,
): NormalizedValue {
  if (!value || !value.start) return EMPTY;
  const timeZone = value.time_zone ?? null;
  const startUtc = toUtcInstant(value.start, timeZone);
  const endUtc = value.end ? toUtcInstant(value.end, timeZone) : null;
  if (startUtc === undefined || endUtc === undefined) {
    return {
      kind: 'invalid',
      reason: `not a date: ${JSON.stringify(value.start)}`,
    };
  }
  const date: NormalizedDate = {
    kind: 'date',
    start: value.start,
    end: value.end ?? null,
    hasTime: !DATE_ONLY.test(value.start),
    startUtc,
    endUtc,
    timeZone,
  };
  return date;
}

/** `created_time` and `last_edited_time`: ISO instants. */
export function normalizeTimestamp(value: string | undefined): NormalizedValue {
  return value ? normalizeDate({ start: value, end: null }) : EMPTY;
}
