import { createTokenBucket } from './rateLimiter';

describe('createTokenBucket', () => {
  it('allows a burst, then one request per refill interval', () => {
    const bucket = createTokenBucket({ ratePerSecond: 3, burst: 2 });
    expect(bucket.take(0)).toEqual({ allowed: true });
    expect(bucket.take(0)).toEqual({ allowed: true });
    expect(bucket.take(0)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    // A third of a second refills one token at 3/s.
    expect(bucket.take(334)).toEqual({ allowed: true });
    expect(bucket.take(334).allowed).toBe(false);
  });

  it('holds the average at the configured rate over a long run', () => {
    const bucket = createTokenBucket({ ratePerSecond: 3, burst: 5 });
    let allowed = 0;
    for (let ms = 0; ms < 60_000; ms += 10) {
      if (bucket.take(ms).allowed) allowed++;
    }
    // 60 s at 3/s plus the initial burst.
    expect(allowed).toBeGreaterThanOrEqual(180);
    expect(allowed).toBeLessThanOrEqual(185);
  });

  it('asks for a longer wait when the rate is below one a second', () => {
    const bucket = createTokenBucket({ ratePerSecond: 0.25, burst: 1 });
    expect(bucket.take(0).allowed).toBe(true);
    expect(bucket.take(0)).toEqual({ allowed: false, retryAfterSeconds: 4 });
  });

  it('never fills past the burst and ignores a clock that goes back', () => {
    const bucket = createTokenBucket({ ratePerSecond: 1, burst: 1 });
    expect(bucket.take(1_000_000).allowed).toBe(true);
    expect(bucket.take(0).allowed).toBe(false);
  });

  it('rejects settings that cannot work', () => {
    expect(() => createTokenBucket({ ratePerSecond: 0, burst: 1 })).toThrow(
      RangeError,
    );
    expect(() => createTokenBucket({ ratePerSecond: 1, burst: 0 })).toThrow(
      RangeError,
    );
  });
});
