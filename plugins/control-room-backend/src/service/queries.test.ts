import { likeContains, parseStringArray, toJsonRow } from './queries';

describe('query helpers', () => {
  it('drops nulls, turns bigint into numbers and keeps decimal strings', () => {
    expect(toJsonRow({ a: null, n: 12n, money: '1.10', ok: true })).toEqual({
      n: 12,
      money: '1.10',
      ok: true,
    });
  });

  it('escapes LIKE wildcards', () => {
    expect(likeContains('50%_off!')).toBe('%50!%!_off!!%');
  });

  it('reads JSON string arrays and nothing else', () => {
    expect(parseStringArray('["a",1]')).toEqual(['a', '1']);
    expect(parseStringArray('{"a":1}')).toEqual([]);
    expect(parseStringArray('not json')).toEqual([]);
    expect(parseStringArray(null)).toEqual([]);
  });
});
