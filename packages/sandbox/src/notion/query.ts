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

/**
 * The operators of one Notion filter type. Each compares a page's value with
 * the filter's operand; `where` names the operator for error messages.
 */
type Operators<V> = Record<
  string,
  (value: V, operand: unknown, where: string) => boolean
>;

function applyCondition<V>(
  operators: Operators<V>,
  value: V,
  condition: Condition,
  where: string,
): boolean {
  const [operator, operand] = Object.entries(condition)[0] ?? [];
  if (operator === undefined || !Object.hasOwn(operators, operator)) {
    throw new NotionValidationError(`${where} does not support "${operator}".`);
  }
  return operators[operator](value, operand, `${where}.${operator}`);
}

/** Adds Notion's emptiness operators; an empty value matches nothing else. */
function withEmptiness<V>(operators: Operators<V>): Operators<V | null> {
  const nonNull: Operators<V | null> = Object.fromEntries(
    Object.entries(operators).map(([name, compare]) => [
      name,
      (value: V | null, operand: unknown, where: string) =>
        value !== null && compare(value, operand, where),
    ]),
  );
  return {
    ...nonNull,
    is_empty: value => value === null,
    is_not_empty: value => value !== null,
  };
}

const dateOperators = withEmptiness<string>({
  equals: (value, operand, where) => Date.parse(value) === time(operand, where),
  before: (value, operand, where) => Date.parse(value) < time(operand, where),
  after: (value, operand, where) => Date.parse(value) > time(operand, where),
  on_or_before: (value, operand, where) =>
    Date.parse(value) <= time(operand, where),
  on_or_after: (value, operand, where) =>
    Date.parse(value) >= time(operand, where),
});

const textOperators: Operators<string> = {
  equals: (value, operand) => value === operand,
  does_not_equal: (value, operand) => value !== operand,
  contains: (value, operand) => value.includes(String(operand)),
  does_not_contain: (value, operand) => !value.includes(String(operand)),
  starts_with: (value, operand) => value.startsWith(String(operand)),
  ends_with: (value, operand) => value.endsWith(String(operand)),
  is_empty: value => value === '',
  is_not_empty: value => value !== '',
};

const numberOperators = withEmptiness<number>({
  equals: (value, operand) => value === Number(operand),
  does_not_equal: (value, operand) => value !== Number(operand),
  greater_than: (value, operand) => value > Number(operand),
  less_than: (value, operand) => value < Number(operand),
  greater_than_or_equal_to: (value, operand) => value >= Number(operand),
  less_than_or_equal_to: (value, operand) => value <= Number(operand),
});

// An empty select does not equal any option, as in Notion.
const selectOperators: Operators<string | null> = {
  equals: (value, operand) => value === operand,
  does_not_equal: (value, operand) => value !== operand,
  is_empty: value => value === null,
  is_not_empty: value => value !== null,
};

const listOperators: Operators<string[]> = {
  // Notion's relation and people filters use `contains`; `equals` is read
  // the same way so a single-item relation can be matched either way.
  contains: (items, operand) => items.includes(String(operand)),
  equals: (items, operand) => items.includes(String(operand)),
  does_not_contain: (items, operand) => !items.includes(String(operand)),
  is_empty: items => items.length === 0,
  is_not_empty: items => items.length > 0,
};

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
      return applyCondition(
        textOperators,
        String(value ?? ''),
        condition,
        where,
      );
    case 'select':
    case 'status':
      return applyCondition(
        selectOperators,
        typeof value === 'string' ? value : null,
        condition,
        where,
      );
    case 'number':
      return applyCondition(
        numberOperators,
        typeof value === 'number' ? value : null,
        condition,
        where,
      );
    case 'date':
      return applyCondition(
        dateOperators,
        typeof value === 'string' ? value : null,
        condition,
        where,
      );
    case 'people':
    case 'relation':
      return applyCondition(
        listOperators,
        Array.isArray(value) ? value : [],
        condition,
        where,
      );
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
    applyCondition(dateOperators, new Date(0).toISOString(), condition, where);
    return page => applyCondition(dateOperators, page[key], condition, where);
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
