import {
  decodeBigint,
  decodeDate,
  decodeDecimal,
  decodeNested,
  decodeRow,
  decodeTimestamp,
  decodeUntyped,
  decodeValue,
  describeResultColumns,
  THRIFT_TYPE_IDS,
} from './decode';
import { resultSchema } from './__testUtils__/fakeDriver';

describe('decodeDecimal', () => {
  it.each([
    ['1234.5', 2, '1234.50'],
    ['1234.50', 2, '1234.50'],
    ['-0.05', 2, '-0.05'],
    ['.5', 2, '0.50'],
    ['12', 2, '12.00'],
    ['123456789012345678.99', 2, '123456789012345678.99'],
    ['7.25', 0, '7'],
    ['1.5E+2', 2, '150.00'],
  ])('decodes %s at scale %i as %s', (raw, scale, expected) => {
    expect(decodeDecimal(raw, scale)).toBe(expected);
  });

  it('formats numbers from a driver without precision preservation', () => {
    expect(decodeDecimal(1234.5, 2)).toBe('1234.50');
  });

  it('rejects text that is no number', () => {
    expect(() => decodeDecimal('abc', 2)).toThrow(
      "Cannot decode DECIMAL value 'abc'",
    );
  });
});

describe('decodeBigint', () => {
  it('keeps precision beyond 2^53', () => {
    expect(decodeBigint(9007199254740993n)).toBe(9007199254740993n);
    expect(decodeBigint('9007199254740993')).toBe(9007199254740993n);
    expect(decodeBigint(42)).toBe(42n);
  });
});

describe('decodeDate', () => {
  it('reads Arrow dates at UTC midnight and text', () => {
    expect(decodeDate(new Date(Date.UTC(2024, 2, 14)))).toBe('2024-03-14');
    expect(decodeDate('2024-03-14')).toBe('2024-03-14');
  });
});

describe('decodeTimestamp', () => {
  it('reads Dates, epoch millis and text in UTC', () => {
    const iso = '2024-03-14T09:30:00.123Z';
    expect(decodeTimestamp(new Date(iso))).toBe(iso);
    expect(decodeTimestamp(Date.parse(iso))).toBe(iso);
    expect(decodeTimestamp('2024-03-14 09:30:00.123')).toBe(iso);
    expect(decodeTimestamp('2024-03-14T11:30:00.123+02:00')).toBe(iso);
  });

  it('rejects text that is no timestamp', () => {
    expect(() => decodeTimestamp('yesterday')).toThrow(
      "Cannot decode TIMESTAMP value 'yesterday'",
    );
  });
});

describe('decodeNested', () => {
  it('renders maps as JSON objects', () => {
    expect(decodeNested({ Status: 'Active', Owner: null })).toBe(
      '{"Status":"Active","Owner":null}',
    );
    expect(decodeNested(new Map([['a', '1']]))).toBe('{"a":"1"}');
    expect(decodeNested('{ "a": "1" }')).toBe('{"a":"1"}');
    expect(decodeNested([{ n: 1n, at: new Date(0) }])).toBe(
      '[{"n":"1","at":"1970-01-01T00:00:00.000Z"}]',
    );
  });
});

describe('decodeUntyped', () => {
  it('decodes values by their JS shape', () => {
    expect(decodeUntyped(undefined)).toBeNull();
    expect(decodeUntyped('x')).toBe('x');
    expect(decodeUntyped(new Date(0))).toBe('1970-01-01T00:00:00.000Z');
    expect(decodeUntyped(Buffer.from('hi'))).toBe('aGk=');
    expect(decodeUntyped({ a: 1 })).toBe('{"a":1}');
  });
});

describe('decodeValue', () => {
  it('decodes small numbers and booleans', () => {
    expect(decodeValue({ name: 'n', typeId: THRIFT_TYPE_IDS.INT }, 7)).toBe(7);
    expect(
      decodeValue({ name: 'b', typeId: THRIFT_TYPE_IDS.BOOLEAN }, 'true'),
    ).toBe(true);
    expect(
      decodeValue({ name: 'x', typeId: THRIFT_TYPE_IDS.STRING }, null),
    ).toBe(null);
  });
});

describe('decodeRow', () => {
  it('decodes each column by its declared type', () => {
    const columns = describeResultColumns(
      resultSchema([
        ['project_id', THRIFT_TYPE_IDS.STRING],
        ['budget_total', THRIFT_TYPE_IDS.DECIMAL, 2],
        ['row_count', THRIFT_TYPE_IDS.BIGINT],
        ['start_date', THRIFT_TYPE_IDS.DATE],
        ['synced_at', THRIFT_TYPE_IDS.TIMESTAMP],
        ['properties', THRIFT_TYPE_IDS.MAP],
        ['ratio', THRIFT_TYPE_IDS.DOUBLE],
        ['is_archived', THRIFT_TYPE_IDS.BOOLEAN],
      ]),
    );
    expect(
      decodeRow(columns, {
        project_id: 'p-1',
        budget_total: '1234.5',
        row_count: 12n,
        start_date: new Date(Date.UTC(2024, 0, 31)),
        synced_at: new Date('2024-02-01T08:00:00Z'),
        properties: { Status: 'Active' },
        ratio: 0.25,
        is_archived: false,
        extra: 'not in schema',
      }),
    ).toEqual({
      project_id: 'p-1',
      budget_total: '1234.50',
      row_count: 12n,
      start_date: '2024-01-31',
      synced_at: '2024-02-01T08:00:00.000Z',
      properties: '{"Status":"Active"}',
      ratio: 0.25,
      is_archived: false,
      extra: 'not in schema',
    });
  });

  it('describes no columns without a schema', () => {
    expect(describeResultColumns(null)).toEqual([]);
  });
});
