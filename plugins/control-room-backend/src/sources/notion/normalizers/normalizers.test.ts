import fs from 'node:fs';
import path from 'node:path';
import {
  normalizeNotionProperty,
  propertyValueFromItems,
  SUPPORTED_PROPERTY_TYPES,
  toUtcInstant,
} from '.';

const repoRoot = path.resolve(__dirname, '../../../../../..');
const fixture = path.resolve(
  repoRoot,
  '../shared/fixtures/notion/notion-openapi.databases-v1.json',
);

/** The spec's examples are JSON strings, some broken as published. */
function repairExample(text: string): any {
  const repaired = text
    .replace(/"id"\s+"/g, '"id": "')
    .replace(/^\s*\.\.\.\s*$/gm, '')
    .replace(/}(\s*)"type": "property_item"/, '},$1"type": "property_item"')
    .replace(/,(\s*[}\]])/g, '$1');
  return JSON.parse(repaired);
}

function example(route: string, name: string): any {
  const spec = JSON.parse(fs.readFileSync(fixture, 'utf8'));
  const text =
    spec.paths[route].get.responses['200'].content['application/json'].examples[
      name
    ].value;
  try {
    return JSON.parse(text);
  } catch {
    return repairExample(text);
  }
}

const rich = (plain: string) => ({
  type: 'text',
  text: { content: plain, link: null },
  plain_text: plain,
  href: null,
  annotations: {},
});

describe('normalizeNotionProperty', () => {
  it.each([
    [
      'title',
      { type: 'title', title: [rich('Hello '), rich('world')] },
      { kind: 'text', value: 'Hello world' },
    ],
    ['empty title', { type: 'title', title: [] }, { kind: 'empty' }],
    [
      'rich_text',
      { type: 'rich_text', rich_text: [rich('Acme')] },
      { kind: 'text', value: 'Acme' },
    ],
    [
      'select',
      { type: 'select', select: { id: '1', name: 'CapEx', color: 'red' } },
      { kind: 'text', value: 'CapEx' },
    ],
    ['empty select', { type: 'select', select: null }, { kind: 'empty' }],
    [
      'status',
      { type: 'status', status: { id: 's', name: 'Open', color: 'red' } },
      { kind: 'text', value: 'Open' },
    ],
    [
      'multi_select',
      { type: 'multi_select', multi_select: [{ name: 'a' }, { name: 'b' }] },
      { kind: 'list', items: ['a', 'b'], hasMore: false },
    ],
    [
      'number',
      { type: 'number', number: 12.5 },
      { kind: 'number', value: 12.5 },
    ],
    ['null number', { type: 'number', number: null }, { kind: 'empty' }],
    [
      'checkbox',
      { type: 'checkbox', checkbox: false },
      { kind: 'boolean', value: false },
    ],
    [
      'url',
      { type: 'url', url: 'https://x.example' },
      { kind: 'text', value: 'https://x.example' },
    ],
    [
      'email',
      { type: 'email', email: 'a@example.com' },
      { kind: 'text', value: 'a@example.com' },
    ],
    [
      'phone_number',
      { type: 'phone_number', phone_number: '+1 555' },
      { kind: 'text', value: '+1 555' },
    ],
    [
      'unique_id',
      { type: 'unique_id', unique_id: { prefix: 'PRJ', number: 7 } },
      { kind: 'text', value: 'PRJ-7' },
    ],
    [
      'unique_id without prefix',
      { type: 'unique_id', unique_id: { prefix: null, number: 7 } },
      { kind: 'text', value: '7' },
    ],
    [
      'people',
      {
        type: 'people',
        people: [
          { object: 'user', id: 'u1', person: { email: 'ada@example.com' } },
          { object: 'user', id: 'bot' },
        ],
      },
      { kind: 'list', items: ['ada@example.com', 'bot'], hasMore: false },
    ],
    [
      'people without an email, and a bot, by name',
      {
        type: 'people',
        people: [
          {
            object: 'user',
            id: 'u4',
            name: 'Grace Hopper',
            avatar_url: null,
            type: 'person',
            person: {},
          },
          {
            object: 'user',
            id: 'b1',
            name: 'Finance bot',
            avatar_url: null,
            type: 'bot',
            bot: {},
          },
        ],
      },
      {
        kind: 'list',
        items: ['Grace Hopper', 'Finance bot'],
        hasMore: false,
      },
    ],
    [
      'relation cut at 25',
      { type: 'relation', relation: [{ id: 'p1' }], has_more: true },
      { kind: 'list', items: ['p1'], hasMore: true },
    ],
    [
      'created_by',
      {
        type: 'created_by',
        created_by: {
          object: 'user',
          id: 'u2',
          person: { email: 'b@example.com' },
        },
      },
      { kind: 'list', items: ['b@example.com'], hasMore: false },
    ],
    [
      'last_edited_by',
      { type: 'last_edited_by', last_edited_by: { object: 'user', id: 'u3' } },
      { kind: 'list', items: ['u3'], hasMore: false },
    ],
    [
      'files',
      {
        type: 'files',
        files: [
          { type: 'external', name: 'a', external: { url: 'https://f/a' } },
          {
            type: 'file',
            name: 'b',
            file: { url: 'https://f/b', expiry_time: '' },
          },
        ],
      },
      { kind: 'list', items: ['https://f/a', 'https://f/b'], hasMore: false },
    ],
    [
      'formula string',
      { type: 'formula', formula: { type: 'string', string: 'x' } },
      { kind: 'text', value: 'x' },
    ],
    [
      'formula number',
      { type: 'formula', formula: { type: 'number', number: 3 } },
      { kind: 'number', value: 3 },
    ],
    [
      'formula boolean',
      { type: 'formula', formula: { type: 'boolean', boolean: true } },
      { kind: 'boolean', value: true },
    ],
    [
      'rollup number',
      {
        type: 'rollup',
        rollup: { type: 'number', number: 9, function: 'sum' },
      },
      { kind: 'number', value: 9 },
    ],
    [
      'rollup array',
      {
        type: 'rollup',
        rollup: {
          type: 'array',
          function: 'show_original',
          array: [
            { type: 'title', title: [rich('A')] },
            { type: 'number', number: 2 },
            { type: 'relation', relation: [{ id: 'r' }] },
          ],
        },
      },
      { kind: 'list', items: ['A', '2', 'r'], hasMore: false },
    ],
  ])('%s', (_name, property, expected) => {
    expect(normalizeNotionProperty(property)).toEqual(expected);
  });

  it('reads dates, ranges and time zones as UTC instants', () => {
    expect(
      normalizeNotionProperty({
        type: 'date',
        date: { start: '2026-03-01', end: null, time_zone: null },
      }),
    ).toMatchObject({
      kind: 'date',
      hasTime: false,
      startUtc: '2026-03-01T00:00:00.000Z',
      endUtc: null,
    });
    expect(
      normalizeNotionProperty({
        type: 'date',
        date: {
          start: '2026-03-01T10:00:00.000+02:00',
          end: '2026-03-02T10:00:00.000+02:00',
          time_zone: null,
        },
      }),
    ).toMatchObject({
      hasTime: true,
      startUtc: '2026-03-01T08:00:00.000Z',
      endUtc: '2026-03-02T08:00:00.000Z',
    });
    // Wall-clock time in a named zone, on both sides of a DST change.
    expect(
      normalizeNotionProperty({
        type: 'date',
        date: {
          start: '2026-01-15T12:00:00.000',
          end: '2026-07-15T12:00:00.000',
          time_zone: 'America/New_York',
        },
      }),
    ).toMatchObject({
      startUtc: '2026-01-15T17:00:00.000Z',
      endUtc: '2026-07-15T16:00:00.000Z',
      timeZone: 'America/New_York',
    });
    expect(
      normalizeNotionProperty({
        type: 'created_time',
        created_time: '2026-02-01T09:30:00.000Z',
      }),
    ).toMatchObject({ startUtc: '2026-02-01T09:30:00.000Z' });
    expect(
      normalizeNotionProperty({
        type: 'last_edited_time',
        last_edited_time: '2026-02-01T09:31:00.000Z',
      }),
    ).toMatchObject({ startUtc: '2026-02-01T09:31:00.000Z' });
    expect(
      normalizeNotionProperty({
        type: 'formula',
        formula: { type: 'date', date: { start: '2026-05-05', end: null } },
      }),
    ).toMatchObject({ kind: 'date', start: '2026-05-05' });
    expect(
      normalizeNotionProperty({
        type: 'rollup',
        rollup: {
          type: 'date',
          date: { start: '2026-05-06', end: null },
          function: 'latest_date',
        },
      }),
    ).toMatchObject({ kind: 'date', start: '2026-05-06' });
  });

  it('reports what it cannot read instead of guessing', () => {
    expect(
      normalizeNotionProperty({
        type: 'date',
        date: { start: 'next Tuesday', end: null },
      }),
    ).toEqual({ kind: 'invalid', reason: 'not a date: "next Tuesday"' });
    expect(
      normalizeNotionProperty({ type: 'number', number: 'twelve' }),
    ).toMatchObject({ kind: 'invalid' });
    expect(normalizeNotionProperty({ type: 'button', button: {} })).toEqual({
      kind: 'invalid',
      reason: 'unsupported property type "button"',
    });
    expect(
      normalizeNotionProperty({
        type: 'rollup',
        rollup: { type: 'incomplete', function: 'sum' },
      }),
    ).toEqual({ kind: 'invalid', reason: 'rollup is incomplete' });
    expect(
      normalizeNotionProperty({ type: 'formula', formula: { type: 'vector' } }),
    ).toMatchObject({ kind: 'invalid' });
    expect(normalizeNotionProperty(null)).toMatchObject({ kind: 'invalid' });
    expect(toUtcInstant('2026-01-01T10:00:00', 'Not/AZone')).toBeUndefined();
  });

  it('reads the published number property item', () => {
    const item = example(
      '/v1/pages/{page_id}/properties/{property_id}',
      'Number Property Item',
    );
    expect(normalizeNotionProperty(item)).toEqual({ kind: 'number', value: 2 });
  });

  it('rebuilds a paged rich_text value from the published property items', () => {
    const list = example(
      '/v1/pages/{page_id}/properties/{property_id}',
      'Result',
    );
    const value = propertyValueFromItems('rich_text', list.results);
    expect(normalizeNotionProperty(value)).toEqual({
      kind: 'text',
      value: 'Avocado Lemons Tomato ',
    });
  });

  it('rebuilds a relation list from the published rollup property items', () => {
    const list = example(
      '/v1/pages/{page_id}/properties/{property_id}',
      'Rollup List Property Item',
    );
    const value = propertyValueFromItems('relation', list.results);
    expect(normalizeNotionProperty(value)).toEqual({
      kind: 'list',
      items: [
        '83f92c9d-523d-466e-8c1f-9bc2c25a99fe',
        '45cfb825-3463-4891-8932-7e6d8c170630',
        '1688be1a-a197-4f2a-9688-e528c4b56d94',
      ],
      hasMore: false,
    });
    // The list's own rollup summary says it is incomplete; that is a reject.
    expect(normalizeNotionProperty(list.property_item)).toEqual({
      kind: 'invalid',
      reason: 'rollup is incomplete',
    });
  });

  it('supports every property type of the published database schema', () => {
    const database = example('/v1/databases/{database_id}', 'Result');
    const types = Object.values(database.properties).map((p: any) => p.type);
    expect(types.length).toBeGreaterThan(5);
    for (const type of types) {
      expect(SUPPORTED_PROPERTY_TYPES).toContain(type);
    }
  });
});
