export interface TokenBucketOptions {
  /** Average requests allowed per second (the refill rate). */
  ratePerSecond: number;
  /** Requests that may arrive at once after a quiet spell. */
  burst: number;
}

export type TokenDecision =
  | { allowed: true }
  | { allowed: false; retryAfterSeconds: number };

export interface TokenBucket {
  /** Takes one token at time `nowMs`, or says how long to wait for one. */
  take(nowMs: number): TokenDecision;
}

/**
 * A token bucket driven by the caller's clock, so tests can move time
 * instead of waiting for it.
 */
export function createTokenBucket(options: TokenBucketOptions): TokenBucket {
  const { ratePerSecond, burst } = options;
  if (!(ratePerSecond > 0) || !(burst >= 1)) {
    throw new RangeError(
      `rate limit needs ratePerSecond > 0 and burst >= 1, got ${ratePerSecond} and ${burst}`,
    );
  }
  let tokens = burst;
  let last: number | undefined;
  return {
    take(nowMs) {
      const elapsed = last === undefined ? 0 : Math.max(0, nowMs - last) / 1000;
      tokens = Math.min(burst, tokens + elapsed * ratePerSecond);
      last = nowMs;
      if (tokens >= 1) {
        tokens -= 1;
        return { allowed: true };
      }
      // Notion's Retry-After is in whole seconds; round up so obeying it works.
      const retryAfterSeconds = Math.max(
        1,
        Math.ceil((1 - tokens) / ratePerSecond),
      );
      return { allowed: false, retryAfterSeconds };
    },
  };
}
