import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  emptyApi,
  pending,
  renderTab,
  ShowLocation,
  chooseFilter,
  exportCsv,
} from '../../__testUtils__/testing';
import { DataQualityTab } from './DataQualityTab';

const issues = [
  {
    check_id: 'projects_name_not_null',
    table_name: 'silver.projects',
    check_kind: 'not_null',
    severity: 'error',
    status: 'FAIL',
    failing_rows: 2,
    sample_keys: ['p7', 'p9'],
    measured_at: '2026-02-01T10:00:00Z',
  },
  {
    check_id: 'budget_lines_fresh',
    table_name: 'silver.budget_lines',
    check_kind: 'freshness',
    severity: 'warn',
    status: 'WARN',
    failing_rows: 0,
    measured_at: '2026-02-01T10:00:00Z',
  },
];

describe('DataQualityTab', () => {
  it('shows progress while loading', async () => {
    await renderTab(<DataQualityTab />, emptyApi({ listDqMetrics: pending }));
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('shows an error panel', async () => {
    await renderTab(
      <DataQualityTab />,
      emptyApi({
        listDqIssues: async () => {
          throw new Error('nope');
        },
      }),
    );
    expect(
      await screen.findByText(/Could not load the data-quality results/),
    ).toBeInTheDocument();
  });

  it('names the config when there are no results', async () => {
    await renderTab(<DataQualityTab />, emptyApi());
    expect(
      await screen.findByText('No data-quality results yet'),
    ).toBeInTheDocument();
  });

  it('groups issues by severity with sample keys, and lists metrics per table', async () => {
    await renderTab(
      <DataQualityTab />,
      emptyApi({
        listDqIssues: async () => ({ data: issues }),
        listDqMetrics: async () => ({
          data: [
            ...issues,
            {
              check_id: 'programs_unique',
              table_name: 'silver.programs',
              status: 'PASS',
              failing_rows: 0,
            },
          ],
        }),
      }),
    );
    expect(await screen.findByText('Errors (1)')).toBeInTheDocument();
    expect(screen.getByText('Warnings (1)')).toBeInTheDocument();
    // Row keys are raw ids: behind a disclosure, not in the card's text.
    const card = screen.getByTestId('dq-issue-projects_name_not_null');
    expect(within(card).getByText('Sample row keys (2)')).toBeInTheDocument();
    expect(
      within(card).getByText('p7, p9').closest('details'),
    ).not.toHaveAttribute('open');
    expect(screen.getByText('programs_unique')).toBeInTheDocument();
    expect(screen.getByText('PASS')).toBeInTheDocument();
  });

  const issuesApi = () =>
    emptyApi({
      listDqIssues: async () => ({ data: issues }),
      listDqMetrics: async () => ({ data: issues }),
    });

  it('reads its issue filters from the URL, so a filtered view can be shared', async () => {
    await renderTab(<DataQualityTab />, issuesApi(), {
      route: '/?severity=warn',
    });
    expect(await screen.findByText('Warnings (1)')).toBeInTheDocument();
    expect(screen.queryByText(/^Errors/)).not.toBeInTheDocument();
    expect(screen.getByLabelText('Severity')).toHaveTextContent('Warnings');
  });

  it('keeps the chosen filters in the URL', async () => {
    await renderTab(
      <>
        <DataQualityTab />
        <ShowLocation />
      </>,
      issuesApi(),
    );
    await screen.findByText('Errors (1)');
    await chooseFilter('Table', 'silver.budget_lines');
    expect(await screen.findByText('Errors (0)')).toBeInTheDocument();
    expect(screen.getByText('Warnings (1)')).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent(
      '?table=silver.budget_lines',
    );
  });

  it('exports the issues it shows as CSV, with their sample keys', async () => {
    await renderTab(<DataQualityTab />, issuesApi(), {
      route: '/?severity=error',
    });
    const file = await exportCsv('Export data-quality issues as CSV');
    expect(file.name).toBe('data-quality-issues.csv');
    expect(file.text.split('\r\n')).toEqual([
      'Severity,Table,Check,Kind,Status,Failing rows,Sample keys,Measured',
      'error,silver.projects,projects_name_not_null,not_null,FAIL,2,p7 p9,2026-02-01T10:00:00Z',
      '',
    ]);
  });

  it('creates a Notion action for an issue with source dq', async () => {
    const api = emptyApi({
      listDqIssues: async () => ({ data: issues }),
      listProjects: async () => ({
        data: [
          {
            project_id: 'p7',
            name: 'Payroll Revamp',
            budget: '0.00',
            actual: '0.00',
            unit: 'USD',
          },
          {
            project_id: 'p9',
            name: 'Ledger Migration',
            budget: '0.00',
            actual: '0.00',
            unit: 'USD',
          },
        ],
      }),
    });
    await renderTab(<DataQualityTab />, api);
    await userEvent.click(
      within(
        await screen.findByTestId('dq-issue-projects_name_not_null'),
      ).getByRole('button', { name: 'Create action' }),
    );
    const dialog = await screen.findByRole('dialog');
    // A project is required, and picked by searching its name.
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Create in Notion' }),
    );
    expect(
      within(dialog).getByText('A project is required'),
    ).toBeInTheDocument();
    await userEvent.type(within(dialog).getByLabelText(/Project/), 'payroll');
    await userEvent.click(
      await screen.findByRole('option', { name: 'Payroll Revamp' }),
    );
    expect(
      screen.queryByRole('option', { name: 'Ledger Migration' }),
    ).toBeNull();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Create in Notion' }),
    );
    await waitFor(() =>
      expect(api.createNotionAction).toHaveBeenCalledWith({
        project_id: 'p7',
        title: 'Fix projects_name_not_null on silver.projects',
        assignee: undefined,
        due_date: undefined,
        source: 'dq',
        source_id: 'projects_name_not_null',
      }),
    );
    expect(
      (await within(dialog).findByText('Open in Notion')).closest('a'),
    ).toHaveAttribute('href', 'https://www.notion.so/a1');
  });
});
