import { StoredPage } from './pages';
import {
  compileFilter,
  compileSorts,
  decodeCursor,
  encodeCursor,
  pageSizeOf,
  ValueReader,
  windowOf,
} from './query';
import { SANDBOX_SCHEMA } from './schema';

const projects = SANDBOX_SCHEMA.projects;
const read: ValueReader = (page, spec) => page.values[spec.name] ?? null;

function stored(
  id: string,
  values: StoredPage['values'],
  edited = '2026-01-01T00:00:00.000Z',
): StoredPage {
  return {
    id,
    database: 'projects',
    createdTime: '2025-12-01T00:00:00.000Z',
    lastEditedTime: edited,
    inTrash: false,
    values,
  };
}

const pages = [
  stored('a', {
    Name: 'Alpha Ledger',
    Budget: 100,
    Start: '2026-01-01',
    Status: 'Active',
    Program: ['p1'],
    Owner: ['u1'],
  }),
  stored(
    'b',
    {
      Name: 'Beta Billing',
      Budget: 250,
      Start: '2026-03-01',
      Status: 'Done',
      Program: ['p2'],
      Owner: [],
    },
    '2026-02-01T00:00:00.000Z',
  ),
  stored(
    'c',
    {
      Name: '',
      Budget: null,
      Start: null,
      Status: null,
      Program: [],
      Owner: ['u2'],
    },
    '2026-03-01T00:00:00.000Z',
  ),
];

function ids(filter: unknown) {
  const predicate = compileFilter(filter, projects, read);
  return pages.filter(predicate).map(p => p.id);
}

describe('compileFilter', () => {
  it.each([
    [{ property: 'Name', title: { contains: 'Ledger' } }, ['a']],
    [{ property: 'Name', title: { starts_with: 'Beta' } }, ['b']],
    [{ property: 'Name', title: { ends_with: 'Billing' } }, ['b']],
    [
      { property: 'Name', title: { does_not_equal: 'Alpha Ledger' } },
      ['b', 'c'],
    ],
    [{ property: 'Name', title: { does_not_contain: 'a' } }, ['c']],
    [{ property: 'Name', title: { is_empty: true } }, ['c']],
    [{ property: 'Name', title: { is_not_empty: true } }, ['a', 'b']],
    [{ property: 'Budget', number: { equals: 100 } }, ['a']],
    [{ property: 'Budget', number: { does_not_equal: 100 } }, ['b']],
    [{ property: 'Budget', number: { greater_than: 100 } }, ['b']],
    [{ property: 'Budget', number: { less_than: 250 } }, ['a']],
    [
      { property: 'Budget', number: { greater_than_or_equal_to: 100 } },
      ['a', 'b'],
    ],
    [{ property: 'Budget', number: { less_than_or_equal_to: 100 } }, ['a']],
    [{ property: 'Budget', number: { is_empty: true } }, ['c']],
    [{ property: 'Budget', number: { is_not_empty: true } }, ['a', 'b']],
    [{ property: 'Start', date: { on_or_after: '2026-02-01' } }, ['b']],
    [{ property: 'Start', date: { on_or_before: '2026-01-01' } }, ['a']],
    [{ property: 'Start', date: { equals: '2026-03-01' } }, ['b']],
    [{ property: 'Start', date: { after: '2026-01-01' } }, ['b']],
    [{ property: 'Start', date: { is_empty: true } }, ['c']],
    [{ property: 'Start', date: { is_not_empty: true } }, ['a', 'b']],
    [{ property: 'Status', status: { equals: 'Done' } }, ['b']],
    [{ property: 'Status', status: { does_not_equal: 'Done' } }, ['a', 'c']],
    [{ property: 'Status', status: { is_empty: true } }, ['c']],
    [{ property: 'Status', status: { is_not_empty: true } }, ['a', 'b']],
    [{ property: 'Program', relation: { contains: 'p2' } }, ['b']],
    [{ property: 'Program', relation: { equals: 'p1' } }, ['a']],
    [{ property: 'Program', relation: { does_not_contain: 'p1' } }, ['b', 'c']],
    [{ property: 'Program', relation: { is_empty: true } }, ['c']],
    [{ property: 'Owner', people: { is_not_empty: true } }, ['a', 'c']],
    [{ property: 'p2', number: { equals: 250 } }, ['b']],
    [
      {
        timestamp: 'last_edited_time',
        last_edited_time: { after: '2026-01-15T00:00:00Z' },
      },
      ['b', 'c'],
    ],
    [
      {
        timestamp: 'created_time',
        created_time: { on_or_before: '2025-12-01T00:00:00Z' },
      },
      ['a', 'b', 'c'],
    ],
    [
      {
        or: [
          { property: 'Status', status: { equals: 'Done' } },
          { property: 'Budget', number: { equals: 100 } },
        ],
      },
      ['a', 'b'],
    ],
    [undefined, ['a', 'b', 'c']],
  ])('%j selects %j', (filter, expected) => {
    expect(ids(filter)).toEqual(expected);
  });

  it.each([
    ['not an object', 'body.filter should be an object.'],
    [{ property: 'Nope', select: { equals: 'x' } }, 'Could not find property'],
    [{ timestamp: 'last_edited_time' }, 'needs a last_edited_time condition'],
    [
      { timestamp: 'last_edited_time', last_edited_time: { after: 'soon' } },
      'ISO 8601',
    ],
    [
      {
        timestamp: 'last_edited_time',
        last_edited_time: { around: '2026-01-01' },
      },
      'does not support',
    ],
    [{ something: true }, 'not a valid filter'],
  ])('rejects %j up front', (filter, message) => {
    expect(() => compileFilter(filter, projects, read)).toThrow(message);
  });

  it.each([
    [
      { property: 'Budget', select: { equals: 'x' } },
      'should use a number condition',
    ],
    [{ property: 'Name', title: { near: 'x' } }, 'does not support'],
    [{ property: 'Budget', number: { near: 1 } }, 'does not support'],
    [{ property: 'Status', status: { contains: 'x' } }, 'does not support'],
    [{ property: 'Program', relation: { near: 'x' } }, 'does not support'],
  ])('rejects %j when it meets a row', (filter, message) => {
    expect(() => ids(filter)).toThrow(message);
  });
});

describe('compileSorts', () => {
  it('orders by property and timestamp, nulls last', () => {
    const byBudget = compileSorts(
      [{ property: 'Budget', direction: 'descending' }],
      projects,
      read,
    );
    expect([...pages].sort(byBudget).map(p => p.id)).toEqual(['b', 'a', 'c']);
    const byEdit = compileSorts(
      [{ timestamp: 'last_edited_time', direction: 'descending' }],
      projects,
      read,
    );
    expect([...pages].sort(byEdit).map(p => p.id)).toEqual(['c', 'b', 'a']);
    const none = compileSorts(undefined, projects, read);
    expect([...pages].sort(none).map(p => p.id)).toEqual(['a', 'b', 'c']);
  });

  it('rejects sorts Notion would reject', () => {
    expect(() => compileSorts({}, projects, read)).toThrow('array');
    expect(() => compileSorts([{ property: 'Nope' }], projects, read)).toThrow(
      'Could not find sort property',
    );
  });
});

describe('cursors and windows', () => {
  it('round-trips cursors and rejects forged ones', () => {
    expect(decodeCursor(encodeCursor(250))).toBe(250);
    expect(decodeCursor(undefined)).toBe(0);
    expect(() => decodeCursor('not-a-cursor')).toThrow('start_cursor');
    expect(() => decodeCursor(encodeCursor(-1))).toThrow('start_cursor');
  });

  it('checks page sizes', () => {
    expect(pageSizeOf(undefined, 25)).toBe(25);
    expect(pageSizeOf('100', 25)).toBe(100);
    expect(() => pageSizeOf(0, 25)).toThrow('page_size');
    expect(() => pageSizeOf(101, 25)).toThrow('page_size');
  });

  it('ends a listing at the limit and marks it capped', () => {
    const rows = Array.from({ length: 12 }, (_, i) => i);
    const first = windowOf(rows, 0, 5, 10);
    expect(first).toMatchObject({
      results: [0, 1, 2, 3, 4],
      hasMore: true,
      capped: false,
    });
    const last = windowOf(rows, decodeCursor(first.nextCursor), 5, 10);
    expect(last).toMatchObject({
      results: [5, 6, 7, 8, 9],
      hasMore: false,
      nextCursor: null,
      capped: true,
    });
    expect(windowOf(rows, 10, 5, 20)).toMatchObject({
      results: [10, 11],
      capped: false,
    });
  });
});
