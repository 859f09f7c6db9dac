import {
  decodeCursor,
  encodeCursor,
  parseDateRange,
  parseIsoDate,
  parseLimit,
  parseText,
  toPage,
} from './validation';

describe('validation', () => {
  const today = new Date('2026-11-25T12:00:00Z');

  it('defaults the range to the twelve months before today', () => {
    expect(parseDateRange({}, today)).toEqual({
      from: '2025-11-01',
      to: '2026-11-25',
    });
  });

  it('rejects a range over more months than allowed', () => {
    expect(
      parseDateRange({ from: '2021-12-01', to: '2026-11-30' }, today, 60),
    ).toEqual({ from: '2021-12-01', to: '2026-11-30' });
    expect(() =>
      parseDateRange({ from: '2021-11-30', to: '2026-11-01' }, today, 60),
    ).toThrow(/more than 60 months/);
  });

  it('rejects a range whose from follows to', () => {
    expect(() =>
      parseDateRange({ from: '2026-02-01', to: '2026-01-31' }, today),
    ).toThrow(/from/);
    expect(
      parseDateRange({ from: '2026-01-31', to: '2026-01-31' }, today),
    ).toEqual({ from: '2026-01-31', to: '2026-01-31' });
  });

  it.each(['2026-1-01', '2026-02-29', 'x', ''])(
    'rejects the date %p',
    value => {
      expect(() => parseIsoDate('due', value)).toThrow(/due/);
    },
  );

  it('accepts a leap day', () => {
    expect(parseIsoDate('due', '2028-02-29')).toBe('2028-02-29');
  });

  it.each([
    [undefined, 50],
    ['1', 1],
    ['500', 500],
  ])('reads limit %p as %p', (value, expected) => {
    expect(parseLimit(value)).toBe(expected);
  });

  it.each(['0', '501', '1.5', 'abc'])('rejects limit %p', value => {
    expect(() => parseLimit(value)).toThrow(/limit/);
  });

  it('round-trips cursors and rejects forged ones', () => {
    expect(decodeCursor(encodeCursor(150))).toBe(150);
    expect(decodeCursor(undefined)).toBe(0);
    expect(() =>
      decodeCursor(Buffer.from('{"o":-1}').toString('base64url')),
    ).toThrow(/cursor/);
    expect(() => decodeCursor('%%%')).toThrow(/cursor/);
    expect(() => decodeCursor('eyJvIjoxZTIxfQ')).toThrow(/cursor/);
    expect(decodeCursor(encodeCursor(999_999))).toBe(999_999);
    expect(() => decodeCursor(encodeCursor(1_000_000))).toThrow(/cursor/);
  });

  it('pages with one extra row as the sign of more', () => {
    expect(toPage([1, 2, 3], 0, 2)).toEqual({
      data: [1, 2],
      next_cursor: encodeCursor(2),
    });
    expect(toPage([1, 2], 0, 2)).toEqual({ data: [1, 2] });
  });

  it('bounds text filters', () => {
    expect(parseText('text', undefined)).toBeUndefined();
    expect(() => parseText('text', '')).toThrow(/text/);
    expect(() => parseText('text', ['a', 'b'])).toThrow(/text/);
  });
});
