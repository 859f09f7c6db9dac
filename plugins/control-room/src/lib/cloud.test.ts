import type { Kpi } from '@finance-ppm/plugin-control-room-common';
import { cloudMonthlyTotals } from './cloud';

const kpi = (
  metric_name: string,
  dimension_value: string,
  period: string,
  value: string,
  dimension = 'portfolio',
): Kpi => ({
  metric_name,
  dimension,
  dimension_value,
  period,
  value,
  unit: 'EUR',
});

describe('cloudMonthlyTotals', () => {
  it('reads the portfolio rows per month into Notion actual, cloud actual and unallocated, to the cent', () => {
    expect(
      cloudMonthlyTotals([
        kpi('actual', 'All programs', '2026-10-01', '100.05'),
        kpi('cloud_actual', 'All programs', '2026-10-01', '169.58'),
        kpi('cloud_unallocated', 'All programs', '2026-10-01', '13.18'),
        kpi('budget', 'All programs', '2026-10-01', '400.00'),
        // Other dimensions restate the same spend: never added again.
        kpi('cloud_actual', 'G1', '2026-10-01', '118.15', 'program'),
        kpi('cloud_actual', 'PA', '2026-10-01', '118.15', 'project'),
        kpi('cloud_actual', 'All programs', '2026-11-01', '30.80'),
        kpi('actual', 'All programs', '2026-09-01', '70.00'),
      ]),
    ).toEqual([
      {
        period: '2026-10',
        notionActual: '100.05',
        cloudActual: '169.58',
        unallocated: '13.18',
        unit: 'EUR',
      },
      {
        period: '2026-11',
        notionActual: '0.00',
        cloudActual: '30.80',
        unallocated: '0.00',
        unit: 'EUR',
      },
    ]);
  });

  it('is empty when no month has cloud spend', () => {
    expect(
      cloudMonthlyTotals([kpi('actual', 'All programs', '2026-10-01', '1.00')]),
    ).toEqual([]);
  });
});
