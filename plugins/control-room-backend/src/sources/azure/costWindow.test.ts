import { backfillStart, costPullWindow, splitByMonth } from './costWindow';

describe('costPullWindow', () => {
  const base = { today: '2026-11-25', backfillMonths: 13, refreshDays: 5 };

  it('backfills thirteen calendar months, the current one included, on a first run', () => {
    expect(costPullWindow({ ...base, pulledThrough: [undefined] })).toEqual({
      from: '2025-11-01',
      to: '2026-11-25',
    });
    expect(backfillStart('2026-01-31', 2)).toBe('2025-12-01');
  });

  it('re-reads the last five pulled days after that', () => {
    expect(costPullWindow({ ...base, pulledThrough: ['2026-11-24'] })).toEqual({
      from: '2026-11-20',
      to: '2026-11-25',
    });
  });

  it('covers a gap since the last run and never starts after today', () => {
    expect(
      costPullWindow({ ...base, pulledThrough: ['2026-11-01'] }).from,
    ).toBe('2026-10-28');
    expect(
      costPullWindow({ ...base, pulledThrough: ['2026-12-30'] }).from,
    ).toBe('2026-11-21');
  });

  it('takes the earliest start over all scopes, so a new scope is backfilled', () => {
    expect(
      costPullWindow({ ...base, pulledThrough: ['2026-11-24', undefined] }),
    ).toEqual({ from: '2025-11-01', to: '2026-11-25' });
  });
});

describe('splitByMonth', () => {
  it('cuts a range at month ends', () => {
    expect(splitByMonth({ from: '2026-01-30', to: '2026-03-02' })).toEqual([
      { from: '2026-01-30', to: '2026-01-31' },
      { from: '2026-02-01', to: '2026-02-28' },
      { from: '2026-03-01', to: '2026-03-02' },
    ]);
    expect(splitByMonth({ from: '2026-11-20', to: '2026-11-25' })).toEqual([
      { from: '2026-11-20', to: '2026-11-25' },
    ]);
  });
});
