import { LogicalType, SqlValue } from '../types';
import { toColumnParameter, toNamedParameters } from './parameters';

describe('toNamedParameters', () => {
  it('binds each value with the type that keeps it exact', () => {
    expect(
      toNamedParameters({
        at: new Date('2024-01-01T00:00:00Z'),
        big: 12n,
        flag: true,
        amount: '10.50',
        n: 1.5,
        none: null,
      }),
    ).toEqual({
      at: { type: 'TIMESTAMP', value: new Date('2024-01-01T00:00:00Z') },
      big: { type: 'BIGINT', value: 12n },
      flag: { type: 'BOOLEAN', value: true },
      amount: { type: 'STRING', value: '10.50' },
      n: { value: 1.5 },
      none: { value: null },
    });
  });

  it('binds nothing without parameters', () => {
    expect(toNamedParameters()).toEqual({});
  });
});

describe('toColumnParameter', () => {
  const where = 'Upsert into silver.x, column c';

  it.each([
    ['boolean', true, 'BOOLEAN', true],
    ['int', 7, 'INTEGER', 7],
    ['bigint', 7, 'BIGINT', 7n],
    ['bigint', 7n, 'BIGINT', 7n],
    ['double', 0.5, 'DOUBLE', 0.5],
    ['decimal(18,2)', '12.50', 'STRING', '12.50'],
    ['decimal(18,2)', 12.5, 'STRING', '12.5'],
    ['date', '2024-01-31', 'STRING', '2024-01-31'],
    ['timestamp', '2024-01-31T10:00:00Z', 'STRING', '2024-01-31T10:00:00Z'],
    ['json', '[1,2]', 'STRING', '[1,2]'],
    ['map<string,string>', '{"a":"1"}', 'STRING', '{"a":"1"}'],
    ['string', 'x', 'STRING', 'x'],
  ] as Array<[LogicalType, SqlValue, string, unknown]>)(
    'binds a %s value %p as %s',
    (type, value, sparkType, bound) => {
      expect(toColumnParameter(type, value, where)).toEqual({
        type: sparkType,
        value: bound,
      });
    },
  );

  it('binds NULL for a missing value', () => {
    expect(toColumnParameter('int', undefined, where)).toEqual({
      value: null,
    });
  });

  it.each([
    ['boolean', 'true'],
    ['int', 1.5],
    ['int', 2 ** 31],
    ['bigint', 2 ** 60],
    ['bigint', 'x'],
    ['double', '1'],
    ['decimal(18,2)', true],
    ['decimal(18,2)', '12,50'],
    ['string', 1],
    ['timestamp', 0],
  ] as Array<[LogicalType, SqlValue]>)(
    'rejects a %s value %p',
    (type, value) => {
      expect(() => toColumnParameter(type, value, where)).toThrow(`${where}: `);
    },
  );

  it('wants maps as the JSON text of an object', () => {
    expect(() => toColumnParameter('map<string,string>', '[1]', where)).toThrow(
      `${where}: a map<string,string> value must be the JSON text of an object, got "[1]"`,
    );
    expect(() =>
      toColumnParameter('map<string,string>', 'not json', where),
    ).toThrow('must be the JSON text of an object');
  });
});
