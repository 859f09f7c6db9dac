import {
  batchSubscriptions,
  parseQuotaResetsAfter,
  quotaWaitMs,
} from './resourceGraph';

describe('Resource Graph quota helpers', () => {
  it.each([
    ['00:00:04', 4000],
    ['00:01:00', 60000],
    ['00:00:00.250', 250],
    ['1.00:00:01', 86_401_000],
    ['soon', null],
    [undefined, null],
  ])('reads resets-after %j as %j ms', (value, ms) => {
    expect(parseQuotaResetsAfter(value)).toBe(ms);
  });

  it('waits for the reset only once no query is left', () => {
    expect(quotaWaitMs('1', '00:00:03')).toBe(0);
    expect(quotaWaitMs('0', '00:00:03')).toBe(3000);
    expect(quotaWaitMs('0', undefined)).toBe(5000);
    expect(quotaWaitMs(undefined, '00:00:03')).toBe(0);
  });

  it('splits subscriptions into batches', () => {
    expect(batchSubscriptions(['a', 'b', 'c'], 2)).toEqual([['a', 'b'], ['c']]);
    expect(batchSubscriptions([], 2)).toEqual([]);
  });
});
