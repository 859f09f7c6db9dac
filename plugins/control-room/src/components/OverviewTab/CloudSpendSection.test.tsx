import { screen, within } from '@testing-library/react';
import { emptyApi, renderTab } from '../../__testUtils__/testing';
import { OverviewTab } from './OverviewTab';
import { formatMoney } from '../../lib/money';
import { CloudSpendSection } from './CloudSpendSection';

const kpi = (
  metric_name: string,
  dimension_value: string,
  period: string,
  value: string,
) => ({
  metric_name,
  dimension: 'portfolio',
  dimension_value,
  period,
  value,
  unit: 'GBP',
});

describe('CloudSpendSection', () => {
  it('shows cloud actual beside Notion actual per month and the unallocated spend, in the currency the API gave', async () => {
    await renderTab(
      <OverviewTab />,
      emptyApi({
        getKpis: async () => ({
          data: [
            kpi('actual', 'All programs', '2026-10-01', '90.00'),
            kpi('cloud_actual', 'All programs', '2026-10-01', '169.58'),
            kpi('cloud_unallocated', 'All programs', '2026-10-01', '13.18'),
            kpi('cloud_actual', 'All programs', '2026-11-01', '30.80'),
            kpi('cloud_unallocated', 'All programs', '2026-11-01', '1.02'),
          ],
          meta: { from: '2026-01-01', to: '2026-11-30', total_records: 5 },
        }),
      }),
    );
    expect(
      await screen.findByText('Cloud actual vs Notion actual'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('cloud-unallocated')).toHaveTextContent(
      `Unallocated cloud spend in this range: ${formatMoney('14.20', 'GBP')}`,
    );
    expect(formatMoney('14.20', 'GBP')).toContain('£');
    const october = screen.getByText('2026-10').closest('tr')!;
    expect(
      within(october).getByText(formatMoney('90.00', 'GBP')),
    ).toBeInTheDocument();
    expect(
      within(october).getByText(formatMoney('169.58', 'GBP')),
    ).toBeInTheDocument();
    expect(
      within(october).getByText(formatMoney('13.18', 'GBP')),
    ).toBeInTheDocument();
    const november = screen.getByText('2026-11').closest('tr')!;
    expect(
      within(november).getByText(formatMoney('30.80', 'GBP')),
    ).toBeInTheDocument();
    for (const header of [
      'Month',
      'Notion actual',
      'Cloud actual',
      'Unallocated cloud',
    ]) {
      expect(
        screen.getByRole('columnheader', { name: header }),
      ).toBeInTheDocument();
    }
  });

  it('names the Azure setting when there is no cost data', async () => {
    await renderTab(<CloudSpendSection kpis={[]} />, emptyApi());
    expect(
      await screen.findByText('No Azure cost data in this range'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/controlRoom\.azure\.subscriptions/),
    ).toBeInTheDocument();
  });
});
