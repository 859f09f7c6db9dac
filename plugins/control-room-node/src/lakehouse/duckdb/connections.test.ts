import { DuckDBPreparedStatement } from '@duckdb/node-api';
import { PreparedStatementCache } from './connections';

function statement() {
  const destroySync = jest.fn();
  return {
    prepared: { destroySync } as unknown as DuckDBPreparedStatement,
    names: [],
    destroySync,
  };
}

describe('PreparedStatementCache', () => {
  it('drops the least recently used statement past its size, destroying it', () => {
    const cache = new PreparedStatementCache(2);
    const a = statement();
    const b = statement();
    const c = statement();
    cache.set('a', a);
    cache.set('b', b);
    expect(cache.get('a')).toBe(a); // a is now the most recent
    cache.set('c', c);
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(b.destroySync).toHaveBeenCalledTimes(1);
    expect(a.destroySync).not.toHaveBeenCalled();
    expect(cache.get('c')).toBe(c);
  });

  it('destroys a replaced, forgotten or cleared statement exactly once', () => {
    const cache = new PreparedStatementCache(4);
    const first = statement();
    const second = statement();
    cache.set('q', first);
    cache.set('q', second);
    expect(first.destroySync).toHaveBeenCalledTimes(1);
    cache.forget('q');
    cache.forget('q');
    expect(second.destroySync).toHaveBeenCalledTimes(1);
    const third = statement();
    cache.set('r', third);
    cache.clear();
    expect(third.destroySync).toHaveBeenCalledTimes(1);
    expect(cache.size).toBe(0);
  });
});
