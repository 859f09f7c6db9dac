import { NotionValidationError, PlainValue, StoredPage } from './pages';
import { DatabaseSpec, findProperty, PropertySpec } from './schema';

/** Reads a property's plain value; relations include derived ones. */
export type ValueReader = (page: StoredPage, spec: PropertySpec) => PlainValue;

type Condition = Record<string, unknown>;

function time(value: unknown, where: string): number {
  const ms = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) {
    throw new NotionValidationError(
      `${where} should be an ISO 8601 date or date-time.`,
    );
  }
  return ms;
}

/** Compares a date-like value with the operators Notion's date filters take. */
function matchesDate(
  value: string | null,
  condition: Condition,
  where: string,
): boolean {
  const [operator, operand] = Object.entries(condition)[0] ?? [];
  if (operator === 'is_empty') return value === null;
  if (operator === 'is_not_empty') return value !== null;
  if (value === null) return false;
  const actual = Date.parse(value);
  const bound = time(operand, `${where}.${operator}`);
  switch (operator) {
    case 'equals':
      return actual === bound;
    case 'before':
      return actual < bound;
    case 'after':
      return actual > bound;
    case 'on_or_before':
      return actual <= bound;
    case 'on_or_after':
      return actual >= bound;
    default:
      throw new NotionValidationError(
        `${where} does not support "${operator}".`,
      );
  }
}

function matchesText(
  value: string,
  condition: Condition,
  where: string,
): boolean {
  const [operator, operand] = Object.entries(condition)[0] ?? [];
  switch (operator) {
    case 'equals':
      return value === operand;
    case 'does_not_equal':
      return value !== operand;
    case 'contains':
      return value.includes(String(operand));
    case 'does_not_contain':
      return !value.includes(String(operand));
    case 'starts_with':
      return value.startsWith(String(operand));
    case 'ends_with':
      return value.endsWith(String(operand));
    case 'is_empty':
      return value === '';
    case 'is_not_empty':
      return value !== '';
    default:
      throw new NotionValidationError(
        `${where} does not support "${operator}".`,
      );
  }
}

function matchesNumber(
  value: number | null,
  condition: Condition,
  where: string,
): boolean {
  const [operator, operand] = Object.entries(condition)[0] ?? [];
  if (operator === 'is_empty') return value === null;
  if (operator === 'is_not_empty') return value !== null;
  if (value === null) return false;
  const n = Number(operand);
  switch (operator) {
    case 'equals':
      return value === n;
    case 'does_not_equal':
      return value !== n;
    case 'greater_than':
      return value > n;
    case 'less_than':
      return value < n;
    case 'greater_than_or_equal_to':
      return value >= n;
    case 'less_than_or_equal_to':
      return value <= n;
    default:
      throw new NotionValidationError(
        `${where} does not support "${operator}".`,
      );
  }
}

function matchesList(
  items: string[],
  condition: Condition,
  where: string,
): boolean {
  const [operator, operand] = Object.entries(condition)[0] ?? [];
  switch (operator) {
    // Notion's relation and people filters use `contains`; `equals` is read
    // the same way so a single-item relation can be matched either way.
    case 'contains':
    case 'equals':
      return items.includes(String(operand));
    case 'does_not_contain':
      return !items.includes(String(operand));
    case 'is_empty':
      return items.length === 0;
    case 'is_not_empty':
      return items.length > 0;
    default:
      throw new NotionValidationError(
        `${where} does not support "${operator}".`,
      );
  }
}

function matchesProperty(
  page: StoredPage,
  filter: Condition,
  database: DatabaseSpec,
  read: ValueReader,
): boolean {
  const name = String(filter.property);
  const spec = findProperty(database, name);
  if (!spec) {
    throw new NotionValidationError(
      `Could not find property with name or id: ${name}`,
    );
  }
  const condition = filter[spec.type] as Condition | undefined;
  if (typeof condition !== 'object' || condition === null) {
    throw new NotionValidationError(
      `Filter on ${spec.name} should use a ${spec.type} condition.`,
    );
  }
  const value = read(page, spec);
  const where = `filter.${spec.type}`;
  switch (spec.type) {
    case 'title':
    case 'rich_text':
      return matchesText(String(value ?? ''), condition, where);
    case 'select':
    case 'status': {
      const [operator, operand] = Object.entries(condition)[0] ?? [];
      if (operator === 'equals') return value === operand;
      if (operator === 'does_not_equal') return value !== operand;
      if (operator === 'is_empty') return value === null;
      if (operator === 'is_not_empty') return value !== null;
      throw new NotionValidationError(
        `${where} does not support "${operator}".`,
      );
    }
    case 'number':
      return matchesNumber(
        typeof value === 'number' ? value : null,
        condition,
        where,
      );
    case 'date':
      return matchesDate(
        typeof value === 'string' ? value : null,
        condition,
        where,
      );
    case 'people':
    case 'relation':
      return matchesList(Array.isArray(value) ? value : [], condition, where);
    default:
      throw new NotionValidationError(
        `Filtering on ${spec.type} is not supported.`,
      );
  }
}

/**
 * Builds a predicate for a data source query's `filter`. Throws
 * NotionValidationError for filters Notion would reject, before any row is
 * read, so a bad filter fails even on an empty data source.
 */
export function compileFilter(
  filter: unknown,
  database: DatabaseSpec,
  read: ValueReader,
): (page: StoredPage) => boolean {
  if (filter === undefined || filter === null) return () => true;
  if (typeof filter !== 'object') {
    throw new NotionValidationError('body.filter should be an object.');
  }
  const f = filter as Condition;
  if (Array.isArray(f.and) || Array.isArray(f.or)) {
    const parts = ((f.and ?? f.or) as unknown[]).map(part =>
      compileFilter(part, database, read),
    );
    return Array.isArray(f.and)
      ? page => parts.every(p => p(page))
      : page => parts.some(p => p(page));
  }
  if (f.timestamp === 'last_edited_time' || f.timestamp === 'created_time') {
    const condition = f[f.timestamp] as Condition;
    if (typeof condition !== 'object' || condition === null) {
      throw new NotionValidationError(
        `Timestamp filter needs a ${f.timestamp} condition.`,
      );
    }
    const key =
      f.timestamp === 'created_time' ? 'createdTime' : 'lastEditedTime';
    const where = `filter.${f.timestamp}`;
    // Validate the operand now rather than per row.
    matchesDate(new Date(0).toISOString(), condition, where);
    return page => matchesDate(page[key], condition, where);
  }
  if (typeof f.property === 'string') {
    const probe = findProperty(database, f.property);
    if (!probe) {
      throw new NotionValidationError(
        `Could not find property with name or id: ${f.property}`,
      );
    }
    return page => matchesProperty(page, f, database, read);
  }
  throw new NotionValidationError('body.filter is not a valid filter.');
}

/** Builds a comparator for `sorts`; no sorts keeps creation order. */
export function compileSorts(
  sorts: unknown,
  database: DatabaseSpec,
  read: ValueReader,
): (a: StoredPage, b: StoredPage) => number {
  if (sorts === undefined) return () => 0;
  if (!Array.isArray(sorts)) {
    throw new NotionValidationError('body.sorts should be an array.');
  }
  const keys = sorts.map((sort: Condition) => {
    const direction = sort.direction === 'descending' ? -1 : 1;
    if (
      sort.timestamp === 'last_edited_time' ||
      sort.timestamp === 'created_time'
    ) {
      const key =
        sort.timestamp === 'created_time' ? 'createdTime' : 'lastEditedTime';
      return { direction, get: (p: StoredPage): PlainValue => p[key] };
    }
    const spec = findProperty(database, String(sort.property));
    if (!spec) {
      throw new NotionValidationError(
        `Could not find sort property with name or id: ${sort.property}`,
      );
    }
    return { direction, get: (p: StoredPage) => read(p, spec) };
  });
  return (a, b) => {
    for (const { direction, get } of keys) {
      const x = get(a);
      const y = get(b);
      if (x === y) continue;
      if (x === null) return 1;
      if (y === null) return -1;
      return (x < y ? -1 : 1) * direction;
    }
    return 0;
  };
}

/** Cursors are opaque to clients; inside they carry the next row's offset. */
export function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

export function decodeCursor(cursor: unknown): number {
  if (cursor === undefined || cursor === null) return 0;
  try {
    const { o } = JSON.parse(
      Buffer.from(String(cursor), 'base64url').toString(),
    );
    if (Number.isInteger(o) && o >= 0) return o;
  } catch {
    // fall through to the validation error
  }
  throw new NotionValidationError('start_cursor provided is invalid.');
}

export function pageSizeOf(raw: unknown, fallback: number): number {
  if (raw === undefined || raw === null) return fallback;
  const size = Number(raw);
  if (!Number.isInteger(size) || size < 1 || size > 100) {
    throw new NotionValidationError(
      'page_size should be a number between 1 and 100.',
    );
  }
  return size;
}

export interface QueryWindow<T> {
  results: T[];
  nextCursor: string | null;
  hasMore: boolean;
  /** True when the query's row cap stopped the listing early. */
  capped: boolean;
}

/**
 * Cuts one page out of a query's ordered matches. A query serves at most
 * `limit` rows across all its pages; past that the listing ends and the
 * caller must narrow the filter to see the rest.
 */
export function windowOf<T>(
  matches: T[],
  offset: number,
  pageSize: number,
  limit: number,
): QueryWindow<T> {
  const reachable = Math.min(matches.length, limit);
  const end = Math.min(offset + pageSize, reachable);
  const results = matches.slice(Math.min(offset, end), end);
  const hasMore = end < reachable;
  return {
    results,
    hasMore,
    nextCursor: hasMore ? encodeCursor(end) : null,
    capped: !hasMore && matches.length > limit,
  };
}
