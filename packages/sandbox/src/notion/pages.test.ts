import { floorToMinute, plainFromRequest } from './pages';
import { findProperty, SANDBOX_SCHEMA } from './schema';

const property = (database: keyof typeof SANDBOX_SCHEMA, name: string) =>
  findProperty(SANDBOX_SCHEMA[database], name)!;
const people = new Set(['person-1']);

describe('plainFromRequest', () => {
  it.each([
    [
      'budget_lines',
      'Name',
      { title: [{ text: { content: 'A' } }, { text: { content: 'B' } }] },
      'AB',
    ],
    ['budget_lines', 'Notes', { rich_text: [] }, ''],
    ['budget_lines', 'Amount', { number: 12.34 }, 12.34],
    ['budget_lines', 'Amount', { number: null }, null],
    ['budget_lines', 'Category', { select: { name: 'CapEx' } }, 'CapEx'],
    ['budget_lines', 'Category', { select: null }, null],
    ['budget_lines', 'Month', { date: { start: '2026-05-01' } }, '2026-05-01'],
    ['budget_lines', 'Paid date', { date: null }, null],
    [
      'budget_lines',
      'Project',
      { relation: [{ id: 'x' }, { id: 'y' }] },
      ['x', 'y'],
    ],
    [
      'risks',
      'Owner',
      { people: [{ object: 'user', id: 'person-1' }] },
      ['person-1'],
    ],
    ['risks', 'Status', { status: { name: 'Open' } }, 'Open'],
  ] as const)('reads %s.%s %j', (database, name, raw, expected) => {
    expect(
      plainFromRequest(property(database, name), raw as any, people),
    ).toEqual(expected);
  });

  it.each([
    ['projects', 'Budget lines', { relation: [] }, 'synced relation'],
    ['projects', 'Budget', { select: { name: 'x' } }, 'expected to be number'],
    ['projects', 'Name', { title: 'plain' }, 'array of rich text'],
    ['projects', 'Name', { title: [{ mention: {} }] }, 'without text.content'],
    ['projects', 'Budget', { number: '12' }, 'number or null'],
    ['projects', 'Currency', { select: { id: 'x' } }, 'name an option'],
    [
      'projects',
      'Status',
      { status: { name: 'Exploded' } },
      'Invalid status option',
    ],
    ['projects', 'Start', { date: { start: 'someday' } }, 'valid date start'],
    [
      'projects',
      'Owner',
      { people: [{ id: 'stranger' }] },
      'user that does not exist',
    ],
    ['projects', 'Program', { relation: ['p1'] }, 'objects with an id'],
  ] as const)('rejects %s.%s %j', (database, name, raw, message) => {
    expect(() =>
      plainFromRequest(property(database, name), raw as any, people),
    ).toThrow(message);
  });
});

describe('floorToMinute', () => {
  it('drops seconds and milliseconds the way Notion stores edit times', () => {
    expect(floorToMinute(new Date('2026-03-04T05:06:59.999Z'))).toBe(
      '2026-03-04T05:06:00.000Z',
    );
    expect(floorToMinute(new Date('2026-03-04T05:06:00.000Z'))).toBe(
      '2026-03-04T05:06:00.000Z',
    );
  });
});
