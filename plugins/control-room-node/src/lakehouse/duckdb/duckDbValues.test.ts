import {
  BIGINT,
  BOOLEAN,
  DOUBLE,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBIntervalValue,
  DuckDBListValue,
  DuckDBMapValue,
  DuckDBStructValue,
  DuckDBTimestampMillisecondsValue,
  DuckDBTimestampNanosecondsValue,
  DuckDBTimestampSecondsValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  HUGEINT,
  INTEGER,
  SQLNULL,
  TIMESTAMP,
  VARCHAR,
} from '@duckdb/node-api';
import {
  decodeDuckDbRow,
  decodeDuckDbValue,
  encodeDuckDbParameter,
  formatDateDays,
  formatDecimal,
  formatTimestampMicros,
} from './duckDbValues';

describe('formatDecimal', () => {
  it.each([
    [123450n, 2, '1234.50'],
    [5n, 2, '0.05'],
    [-5n, 2, '-0.05'],
    [0n, 2, '0.00'],
    [999999999999999999n, 2, '9999999999999999.99'],
    [-123n, 0, '-123'],
    [1n, 10, '0.0000000001'],
  ])('formats %p at scale %p as %p', (scaled, scale, text) => {
    expect(formatDecimal(scaled, scale)).toBe(text);
  });
});

describe('formatTimestampMicros', () => {
  it('gives ISO 8601 UTC with milliseconds', () => {
    expect(formatTimestampMicros(1704103200123456n)).toBe(
      '2024-01-01T10:00:00.123Z',
    );
  });

  it('floors sub-millisecond digits before the epoch too', () => {
    expect(formatTimestampMicros(-1n)).toBe('1969-12-31T23:59:59.999Z');
  });
});

describe('formatDateDays', () => {
  it('gives YYYY-MM-DD', () => {
    expect(formatDateDays(0)).toBe('1970-01-01');
    expect(formatDateDays(19753)).toBe('2024-01-31');
    expect(formatDateDays(-1)).toBe('1969-12-31');
  });

  it('agrees with Date.toISOString on every date it computes itself, and beyond', () => {
    const viaDate = (days: number) =>
      new Date(days * 86_400_000).toISOString().slice(0, 10);
    const firstDayOfYear0 = -719_528;
    const lastDayOfYear9999 = 2_932_896;
    const days: number[] = [];
    // Every day 1896-2104 (the leap-year rules of 1900, 2000 and 2100) ...
    for (let day = -27_028; day <= 49_676; day += 1) days.push(day);
    // ... a spread over years 0 to 9999, and both sides of each bound.
    for (let day = firstDayOfYear0; day <= lastDayOfYear9999; day += 13) {
      days.push(day);
    }
    days.push(firstDayOfYear0 - 1, firstDayOfYear0, lastDayOfYear9999);
    days.push(lastDayOfYear9999 + 1, -1_000_000, 5_000_000);
    const differing = days.filter(day => formatDateDays(day) !== viaDate(day));
    expect(differing).toEqual([]);
    expect(formatDateDays(firstDayOfYear0)).toBe('0000-01-01');
    expect(formatDateDays(lastDayOfYear9999)).toBe('9999-12-31');
    expect(formatDateDays(11_016)).toBe('2000-02-29');
  });
});

describe('decodeDuckDbValue', () => {
  it('passes JS scalars through', () => {
    expect(decodeDuckDbValue(null)).toBeNull();
    expect(decodeDuckDbValue(true)).toBe(true);
    expect(decodeDuckDbValue(1.5)).toBe(1.5);
    expect(decodeDuckDbValue('x')).toBe('x');
    expect(decodeDuckDbValue(9007199254740993n)).toBe(9007199254740993n);
  });

  it('decodes DECIMAL as exact text at its scale', () => {
    expect(decodeDuckDbValue(new DuckDBDecimalValue(123450n, 18, 2))).toBe(
      '1234.50',
    );
  });

  it('decodes DATE, and infinite dates as text', () => {
    expect(decodeDuckDbValue(new DuckDBDateValue(19753))).toBe('2024-01-31');
    expect(decodeDuckDbValue(DuckDBDateValue.PosInf)).toBe('infinity');
    expect(decodeDuckDbValue(DuckDBDateValue.NegInf)).toBe('-infinity');
  });

  it('decodes every timestamp flavour as ISO 8601 UTC', () => {
    const iso = '2024-01-01T10:00:00.123Z';
    expect(decodeDuckDbValue(new DuckDBTimestampValue(1704103200123000n))).toBe(
      iso,
    );
    expect(
      decodeDuckDbValue(new DuckDBTimestampTZValue(1704103200123000n)),
    ).toBe(iso);
    expect(
      decodeDuckDbValue(new DuckDBTimestampMillisecondsValue(1704103200123n)),
    ).toBe(iso);
    expect(
      decodeDuckDbValue(
        new DuckDBTimestampNanosecondsValue(1704103200123456789n),
      ),
    ).toBe(iso);
    expect(
      decodeDuckDbValue(new DuckDBTimestampSecondsValue(1704103200n)),
    ).toBe('2024-01-01T10:00:00.000Z');
    expect(decodeDuckDbValue(DuckDBTimestampValue.PosInf)).toBe('infinity');
  });

  it('decodes a MAP as the JSON text of an object', () => {
    const map = new DuckDBMapValue([
      { key: 'cost_center', value: 'CC-1' },
      { key: 'owner', value: null },
    ]);
    expect(decodeDuckDbValue(map)).toBe('{"cost_center":"CC-1","owner":null}');
  });

  it('decodes lists and structs as JSON, keeping nested values exact', () => {
    const list = new DuckDBListValue([
      new DuckDBDecimalValue(150n, 18, 2),
      12345678901234567890n,
    ]);
    expect(decodeDuckDbValue(list)).toBe('["1.50","12345678901234567890"]');
    const struct = new DuckDBStructValue({ a: 1, b: new DuckDBDateValue(0) });
    expect(decodeDuckDbValue(struct)).toBe('{"a":1,"b":"1970-01-01"}');
  });

  it("falls back to DuckDB's text for other types", () => {
    expect(decodeDuckDbValue(new DuckDBIntervalValue(0, 1, 0n))).toBe('1 day');
  });
});

describe('decodeDuckDbRow', () => {
  it('decodes each column', () => {
    expect(
      decodeDuckDbRow({
        id: 'p1',
        amount: new DuckDBDecimalValue(100n, 18, 2),
        missing: null,
      }),
    ).toEqual({ id: 'p1', amount: '1.00', missing: null });
  });
});

describe('encodeDuckDbParameter', () => {
  it('binds null, booleans and strings by their JS type', () => {
    expect(encodeDuckDbParameter('p', null)).toEqual({
      value: null,
      type: SQLNULL,
    });
    expect(encodeDuckDbParameter('p', undefined as any)).toEqual({
      value: null,
      type: SQLNULL,
    });
    expect(encodeDuckDbParameter('p', true)).toEqual({
      value: true,
      type: BOOLEAN,
    });
    expect(encodeDuckDbParameter('p', '1.50')).toEqual({
      value: '1.50',
      type: VARCHAR,
    });
  });

  it('binds integers as INTEGER or BIGINT and fractions as DOUBLE', () => {
    expect(encodeDuckDbParameter('p', 7)).toEqual({ value: 7, type: INTEGER });
    expect(encodeDuckDbParameter('p', 2 ** 40)).toEqual({
      value: 2n ** 40n,
      type: BIGINT,
    });
    expect(encodeDuckDbParameter('p', 0.5)).toEqual({
      value: 0.5,
      type: DOUBLE,
    });
    expect(encodeDuckDbParameter('p', 1e300)).toEqual({
      value: 1e300,
      type: DOUBLE,
    });
  });

  it('binds bigints as BIGINT, or HUGEINT past 64 bits', () => {
    expect(encodeDuckDbParameter('p', 9007199254740993n)).toEqual({
      value: 9007199254740993n,
      type: BIGINT,
    });
    expect(encodeDuckDbParameter('p', 2n ** 70n)).toEqual({
      value: 2n ** 70n,
      type: HUGEINT,
    });
    expect(() => encodeDuckDbParameter('p', 2n ** 130n)).toThrow(/:p/);
  });

  it('binds a Date as a UTC TIMESTAMP', () => {
    const binding = encodeDuckDbParameter(
      'at',
      new Date('2024-01-01T10:00:00.123Z'),
    );
    expect(binding.type).toBe(TIMESTAMP);
    expect(binding.value).toEqual(new DuckDBTimestampValue(1704103200123000n));
  });

  it('rejects an invalid Date, naming the parameter', () => {
    expect(() => encodeDuckDbParameter('at', new Date('nope'))).toThrow(
      /:at is an invalid Date/,
    );
  });
});
