import { LastGoodCache } from './lastGoodCache';

describe('LastGoodCache', () => {
  const at = (iso: string) => () => new Date(iso);

  it('answers a failed read from the last good one with its time', async () => {
    const cache = new LastGoodCache();
    await cache.read('k', async () => ({ n: 1 }), at('2026-01-01T00:00:00Z'));
    const stale = await cache.read(
      'k',
      () => Promise.reject(new Error('down')),
      at('2026-01-01T01:00:00Z'),
    );
    expect(stale).toEqual({ n: 1, as_of: '2026-01-01T00:00:00.000Z' });
  });

  it('rethrows when the query never succeeded', async () => {
    const cache = new LastGoodCache();
    await expect(
      cache.read(
        'k',
        () => Promise.reject(new Error('down')),
        at('2026-01-01T00:00:00Z'),
      ),
    ).rejects.toThrow('down');
  });

  it('reuses a fresh answer without reading again', async () => {
    const cache = new LastGoodCache(1000);
    const read = jest.fn().mockResolvedValue({ n: 1 });
    await cache.read('k', read, at('2026-01-01T00:00:00.000Z'));
    await cache.read('k', read, at('2026-01-01T00:00:00.500Z'));
    expect(read).toHaveBeenCalledTimes(1);
    await cache.read('k', read, at('2026-01-01T00:00:01.000Z'));
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('reads again after the data changed, and keeps the old answer as last good', async () => {
    const cache = new LastGoodCache(60_000);
    const read = jest
      .fn()
      .mockResolvedValueOnce({ n: 1 })
      .mockRejectedValueOnce(new Error('down'));
    await cache.read('k', read, at('2026-01-01T00:00:00.000Z'));
    cache.markStale(new Date('2026-01-01T00:00:01.000Z'));
    const answer = await cache.read('k', read, at('2026-01-01T00:00:02.000Z'));
    expect(read).toHaveBeenCalledTimes(2);
    expect(answer).toEqual({ n: 1, as_of: '2026-01-01T00:00:00.000Z' });
  });

  it('forgets the oldest query beyond its bound', async () => {
    const cache = new LastGoodCache(0, 2);
    const now = at('2026-01-01T00:00:00Z');
    await cache.read('a', async () => ({ n: 1 }), now);
    await cache.read('b', async () => ({ n: 2 }), now);
    await cache.read('c', async () => ({ n: 3 }), now);
    await expect(
      cache.read('a', () => Promise.reject(new Error('down')), now),
    ).rejects.toThrow('down');
    await expect(
      cache.read('c', () => Promise.reject(new Error('down')), now),
    ).resolves.toMatchObject({ n: 3 });
  });
});

describe('LastGoodCache single flight', () => {
  it('shares one read among concurrent callers of a key', async () => {
    const cache = new LastGoodCache(1000);
    let release: (value: { n: number }) => void = () => {};
    const read = jest.fn(
      () => new Promise<{ n: number }>(resolve => (release = resolve)),
    );
    const now = () => new Date('2026-01-01T00:00:00Z');
    const first = cache.read('k', read, now);
    const second = cache.read('k', read, now);
    release({ n: 7 });
    await expect(Promise.all([first, second])).resolves.toEqual([
      { n: 7 },
      { n: 7 },
    ]);
    expect(read).toHaveBeenCalledTimes(1);
  });
});
