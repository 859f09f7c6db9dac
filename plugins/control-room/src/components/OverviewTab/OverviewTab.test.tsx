import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  emptyApi,
  pending,
  renderTab,
  ShowLocation,
  chooseFilter,
  exportCsv,
} from '../../__testUtils__/testing';
import { formatMoney, monthLabel } from '../../lib/money';
import { OverviewTab } from './OverviewTab';

const kpi = (
  metric_name: string,
  period: string,
  value: string,
  dimension_value = 'All programs',
) => ({
  metric_name,
  dimension: 'portfolio',
  dimension_value,
  period,
  value,
  unit: 'EUR',
});

describe('OverviewTab', () => {
  it('shows the open alerts', async () => {
    await renderTab(
      <OverviewTab />,
      emptyApi({
        getAlerts: async () => ({
          data: [
            {
              kind: 'dataQuality',
              key: 'dq-failed:c1',
              title: 'Data-quality check failing on silver.notion_projects',
              severity: 'high',
              since: '2026-03-01T09:00:00.000Z',
              link: '/control-room/data-quality',
            },
          ],
        }),
      }),
    );
    expect(
      await screen.findByRole('link', {
        name: 'Data-quality check failing on silver.notion_projects',
      }),
    ).toHaveAttribute('href', '/control-room/data-quality');
  });

  it('shows progress while the KPIs load', async () => {
    await renderTab(<OverviewTab />, emptyApi({ getKpis: pending }));
    expect(screen.getAllByTestId('progress').length).toBeGreaterThan(0);
  });

  it('shows an error panel when the KPIs fail', async () => {
    await renderTab(
      <OverviewTab />,
      emptyApi({
        getKpis: async () => {
          throw new Error('lakehouse down');
        },
      }),
    );
    expect(
      await screen.findByText(/Could not load the KPIs/),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/lakehouse down/).length).toBeGreaterThan(0);
  });

  it('names the config to set when nothing has been loaded', async () => {
    await renderTab(<OverviewTab />, emptyApi());
    expect(
      await screen.findByText('No budget or actuals in this range'),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/controlRoom\.notion\.token/).length,
    ).toBeGreaterThan(0);
    expect(
      await screen.findByText('No Advisor recommendations yet'),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('No Azure cost data in this range'),
    ).toBeInTheDocument();
    // Advisor and the cloud spend both name the Azure setting.
    expect(
      screen.getAllByText(/controlRoom\.azure\.subscriptions/),
    ).toHaveLength(2);
  });

  it('shows KPIs, variances, forecast, savings and freshness from the API', async () => {
    const api = emptyApi({
      getKpis: async () => ({
        data: [
          kpi('budget', '2026-01-01', '1500.00'),
          kpi('actual', '2026-01-01', '900.00'),
          kpi('budget', '2026-02-01', '1500.00'),
          kpi('actual', '2026-02-01', '1800.00'),
        ],
        meta: { from: '2026-01-01', to: '2026-02-28', total_records: 4 },
        as_of: '2026-02-28T10:00:00.000Z',
      }),
      listProjects: async () => ({
        data: [
          {
            project_id: 'p1',
            name: 'Ledger Migration',
            budget: '1000.00',
            actual: '1300.00',
            unit: 'EUR',
          },
          {
            project_id: 'p2',
            name: 'Data Platform',
            budget: '2000.00',
            actual: '1000.00',
            unit: 'EUR',
          },
        ],
      }),
      getForecast: async () => ({
        data: [
          {
            project_id: 'p1',
            period: '2026-02-01',
            eac: '2600.00',
            budget_at_completion: '2000.00',
            budget_exhausted_on: '2026-04-30',
            unit: 'EUR',
          },
          {
            project_id: 'p2',
            period: '2026-02-01',
            eac: '1900.00',
            budget_at_completion: '2000.00',
            unit: 'EUR',
          },
        ],
      }),
      getAdvisorSummary: async () => ({
        data: [
          {
            category: 'Cost',
            impact: 'High',
            count: 2,
            with_action: 1,
            monthly_savings: '100.00',
            annual_savings: '1200.00',
            unit: 'EUR',
          },
          {
            category: 'Cost',
            impact: 'Low',
            count: 1,
            with_action: 0,
            monthly_savings: '10.50',
            annual_savings: '126.00',
            unit: 'EUR',
          },
        ],
      }),
    });
    await renderTab(<OverviewTab />, api);

    expect(await screen.findByTestId('kpi-budget')).toHaveTextContent(
      formatMoney('3000.00', 'EUR'),
    );
    // What the card compares is spelled out: the range, then two months.
    expect(screen.getByTestId('kpi-budget')).toHaveTextContent(
      `Total ${monthLabel('2026-01')} – ${monthLabel('2026-02')}`,
    );
    expect(screen.getByTestId('kpi-budget')).toHaveTextContent(
      `Last full month (${monthLabel(
        '2026-02',
      )}) vs the month before (${monthLabel('2026-01')}): 0%`,
    );
    expect(screen.getByTestId('kpi-actual')).toHaveTextContent(
      formatMoney('2700.00', 'EUR'),
    );
    expect(screen.getByTestId('kpi-actual')).toHaveTextContent(
      'vs the month before',
    );
    expect(screen.getByTestId('kpi-actual')).toHaveTextContent('+100%');
    expect(screen.getByTestId('kpi-variance')).toHaveTextContent(
      formatMoney('300.00', 'EUR'),
    );
    expect(screen.getByText(/Data as of/)).toBeInTheDocument();
    expect(api.getKpis).toHaveBeenCalledWith({
      from: undefined,
      to: undefined,
      dimension: 'portfolio',
    });

    const variances = await screen.findByTestId('top-variances');
    const names = within(variances)
      .getAllByText(/Ledger Migration|Data Platform/)
      .map(e => e.textContent);
    expect(names).toEqual(['Ledger Migration', 'Data Platform']);
    expect(
      within(variances).getByText(`Variance ${formatMoney('-300.00', 'EUR')}`),
    ).toBeInTheDocument();

    expect(screen.getByTestId('forecast-eac')).toHaveTextContent(
      `EAC ${formatMoney(
        '4500.00',
        'EUR',
      )} against a budget at completion of ${formatMoney('4000.00', 'EUR')}`,
    );
    expect(screen.getByTestId('forecast-exhaustion')).toHaveTextContent(
      'Budget runs out first on 2026-04-30 (Ledger Migration)',
    );
    expect(await screen.findByTestId('advisor-savings')).toHaveTextContent(
      `3 recommendations, potential savings ${formatMoney(
        '110.50',
        'EUR',
      )} a month (${formatMoney('1326.00', 'EUR')} a year)`,
    );
    expect(await screen.findByText('Healthy')).toBeInTheDocument();
  });

  const portfolioApi = () =>
    emptyApi({
      listPrograms: async () => ({
        data: [
          {
            program_id: 'prog1',
            name: 'Finance Core',
            project_count: 2,
            budget: '1500.00',
            actual: '1400.00',
            unit: 'EUR',
          },
          {
            program_id: 'prog2',
            name: 'Analytics',
            project_count: 1,
            budget: '2000.00',
            actual: '2100.00',
            unit: 'EUR',
          },
        ],
      }),
      listProjects: async () => ({
        data: [
          {
            project_id: 'p1',
            program_id: 'prog1',
            name: 'Ledger Migration',
            budget: '1000.00',
            actual: '1300.00',
            unit: 'EUR',
          },
          {
            project_id: 'p2',
            program_id: 'prog1',
            name: 'Payroll Revamp',
            budget: '500.00',
            actual: '100.00',
            unit: 'EUR',
          },
          {
            project_id: 'p3',
            program_id: 'prog2',
            name: 'Data Platform',
            budget: '2000.00',
            actual: '2100.00',
            unit: 'EUR',
          },
        ],
      }),
      getForecast: async () => ({
        data: [
          {
            project_id: 'p3',
            period: '2026-02-01',
            eac: '2400.00',
            budget_at_completion: '2000.00',
            budget_exhausted_on: '2026-04-30',
            unit: 'EUR',
          },
        ],
      }),
    });

  it('reads the top variances filters from the URL, so the list can be shared', async () => {
    await renderTab(<OverviewTab />, portfolioApi(), {
      route: '/?program=Finance%20Core&top=10',
    });
    const list = await screen.findByTestId('top-variances');
    expect(
      within(list)
        .getAllByText(/Ledger Migration|Payroll Revamp|Data Platform/)
        .map(e => e.textContent),
    ).toEqual(['Ledger Migration', 'Payroll Revamp']);
    expect(screen.getByLabelText('Program')).toHaveTextContent('Finance Core');
    expect(screen.getByLabelText('Show')).toHaveTextContent('Top 10');
  });

  it('keeps the chosen program in the URL', async () => {
    await renderTab(
      <>
        <OverviewTab />
        <ShowLocation />
      </>,
      portfolioApi(),
    );
    await screen.findByTestId('top-variances');
    await chooseFilter('Program', 'Analytics');
    await waitFor(() =>
      expect(
        within(screen.getByTestId('top-variances')).queryByText(
          'Ledger Migration',
        ),
      ).not.toBeInTheDocument(),
    );
    expect(screen.getByTestId('location')).toHaveTextContent(
      '?program=Analytics',
    );
  });

  it('exports the top variances and the forecast as CSV, amounts with their currency', async () => {
    await renderTab(<OverviewTab />, portfolioApi(), {
      route: '/?program=Analytics',
    });
    const variances = await exportCsv('Export top variances as CSV');
    expect(variances.name).toBe('top-variances.csv');
    expect(variances.text).toBe(
      'Project,Program,Budget,Actual,Variance,Currency\r\n' +
        'Data Platform,Analytics,2000.00,2100.00,-100.00,EUR\r\n',
    );
    const forecast = await exportCsv('Export forecast as CSV');
    expect(forecast.name).toBe('forecast.csv');
    expect(forecast.text).toBe(
      'Project,Month,Budget at completion,EAC,Currency,Budget runs out\r\n' +
        'Data Platform,2026-02,2000.00,2400.00,EUR,2026-04-30\r\n',
    );
  });

  it('sends the chosen date range to the KPI query', async () => {
    const api = emptyApi();
    await renderTab(<OverviewTab />, api, {
      route: '/?from=2026-01-01&to=2026-03-31',
    });
    await screen.findByText('No budget or actuals in this range');
    expect(api.getKpis).toHaveBeenCalledWith({
      from: '2026-01-01',
      to: '2026-03-31',
      dimension: 'portfolio',
    });
  });

  it('queries again when the user changes the range, and ignores an inverted one', async () => {
    const api = emptyApi();
    await renderTab(<OverviewTab />, api);
    await screen.findByText('No budget or actuals in this range');

    fireEvent.change(screen.getByLabelText('From'), {
      target: { value: '2026-02-01' },
    });
    await waitFor(() =>
      expect(api.getKpis).toHaveBeenLastCalledWith({
        from: '2026-02-01',
        to: undefined,
        dimension: 'portfolio',
      }),
    );
    expect(window.sessionStorage.getItem('control-room.date-range')).toBe(
      JSON.stringify({ from: '2026-02-01' }),
    );

    fireEvent.change(screen.getByLabelText('To'), {
      target: { value: '2026-01-01' },
    });
    expect(
      await screen.findByText('To must not precede From'),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(api.getKpis).toHaveBeenLastCalledWith({
        from: undefined,
        to: undefined,
        dimension: 'portfolio',
      }),
    );
  });
});
