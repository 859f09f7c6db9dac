import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  chooseFilter,
  emptyApi,
  pending,
  renderTab,
} from '../../__testUtils__/testing';
import { formatMoney } from '../../lib/money';
import { ProjectsTab } from './ProjectsTab';

const projects = [
  {
    project_id: 'p1',
    name: 'Ledger Migration',
    program_id: 'prog1',
    status: 'Active',
    health: 'red' as const,
    budget: '1000.00',
    actual: '1250.00',
    cloud_actual: '312.45',
    cloud_actual_unit: 'USD',
    unit: 'USD',
    start_date: '2026-01-01',
    end_date: '2026-12-31',
  },
  {
    project_id: 'p2',
    name: 'Data Platform',
    program_id: 'prog2',
    status: 'Planned',
    health: 'green' as const,
    budget: '5000.00',
    actual: '100.00',
    unit: 'USD',
    start_date: '2027-01-01',
    end_date: '2027-06-30',
  },
];

function dataApi() {
  return emptyApi({
    listProjects: async () => ({ data: projects }),
    listPrograms: async () => ({
      data: [
        {
          program_id: 'prog1',
          name: 'Finance Core',
          project_count: 1,
          budget: '1000.00',
          actual: '1250.00',
          unit: 'USD',
        },
        {
          program_id: 'prog2',
          name: 'Analytics',
          project_count: 1,
          budget: '5000.00',
          actual: '100.00',
          unit: 'USD',
        },
      ],
    }),
    getForecast: async () => ({
      data: [
        { project_id: 'p1', period: '2026-02-01', eac: '1900.00', unit: 'USD' },
      ],
    }),
  });
}

const ledgerEntity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'ledger-migration',
    annotations: { 'notion.so/project-id': 'p1' },
  },
  spec: { type: 'project' },
};

describe('ProjectsTab', () => {
  it('shows progress, then an error', async () => {
    await renderTab(<ProjectsTab />, emptyApi({ listProjects: pending }));
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('shows the error the API returns', async () => {
    await renderTab(
      <ProjectsTab />,
      emptyApi({
        listProjects: async () => {
          throw new Error('permission denied');
        },
      }),
    );
    expect(
      await screen.findByText(/Could not load the projects/),
    ).toBeInTheDocument();
  });

  it('names the Notion config when there are no projects', async () => {
    await renderTab(<ProjectsTab />, emptyApi());
    expect(await screen.findByText('No projects yet')).toBeInTheDocument();
    expect(
      screen.getByText(/controlRoom\.notion\.databases\.\*/),
    ).toBeInTheDocument();
  });

  it('lists projects with program, health, figures, EAC and catalog links', async () => {
    await renderTab(<ProjectsTab />, dataApi(), { entities: [ledgerEntity] });

    const link = await screen.findByRole('link', { name: 'Ledger Migration' });
    expect(link).toHaveAttribute(
      'href',
      '/catalog/default/component/ledger-migration',
    );
    const row = link.closest('tr')!;
    expect(within(row).getByText('Finance Core')).toBeInTheDocument();
    expect(within(row).getByText('red')).toBeInTheDocument();
    expect(
      within(row).getByText(formatMoney('1000.00', 'USD')),
    ).toBeInTheDocument();
    expect(
      within(row).getByText(formatMoney('1250.00', 'USD')),
    ).toBeInTheDocument();
    expect(
      within(row).getByText(formatMoney('-250.00', 'USD')),
    ).toBeInTheDocument();
    expect(
      within(row).getByText(formatMoney('1900.00', 'USD')),
    ).toBeInTheDocument();
    // Cloud actual in the currency the API gave for it, not the project's.
    expect(
      screen.getByRole('columnheader', { name: 'Cloud actual' }),
    ).toBeInTheDocument();
    expect(
      within(row).getByText(formatMoney('312.45', 'USD')),
    ).toBeInTheDocument();
    expect(formatMoney('312.45', 'USD')).toContain('$');
    const other = screen.getByText('Data Platform').closest('tr')!;
    expect(within(other).getAllByText('–').length).toBeGreaterThan(0);
    // No catalog entity: the name is shown without a link.
    expect(screen.getByText('Data Platform').closest('a')).toBeNull();
    expect(screen.getByText('Projects (2)')).toBeInTheDocument();
  });

  it('filters by text search and by health', async () => {
    await renderTab(<ProjectsTab />, dataApi());
    await screen.findByText('Projects (2)');

    await userEvent.type(screen.getByPlaceholderText('Filter'), 'Ledger');
    // The table's search is debounced.
    await waitFor(() =>
      expect(screen.queryByText('Data Platform')).not.toBeInTheDocument(),
    );
    expect(screen.getByText('Ledger Migration')).toBeInTheDocument();

    // Programs are shown under the names, and the search finds them.
    await userEvent.clear(screen.getByPlaceholderText('Filter'));
    await userEvent.type(screen.getByPlaceholderText('Filter'), 'Analytics');
    await waitFor(() =>
      expect(screen.queryByText('Ledger Migration')).not.toBeInTheDocument(),
    );
    expect(screen.getByText('Data Platform')).toBeInTheDocument();

    await userEvent.clear(screen.getByPlaceholderText('Filter'));
    await chooseFilter('Health', 'green');
    expect(await screen.findByText('Projects (1)')).toBeInTheDocument();
    expect(screen.getByText('Data Platform')).toBeInTheDocument();
  });

  it('keeps only the projects running in the date range', async () => {
    await renderTab(<ProjectsTab />, dataApi(), {
      route: '/?from=2027-02-01&to=2027-03-01',
    });
    expect(await screen.findByText('Projects (1)')).toBeInTheDocument();
    expect(screen.getByText('Data Platform')).toBeInTheDocument();
    expect(screen.queryByText('Ledger Migration')).not.toBeInTheDocument();
  });

  it('reads its filters from the URL, so a filtered view can be shared', async () => {
    await renderTab(<ProjectsTab />, dataApi(), {
      route: '/?health=green&program=Analytics',
    });
    expect(await screen.findByText('Projects (1)')).toBeInTheDocument();
    expect(screen.getByText('Data Platform')).toBeInTheDocument();
    expect(screen.getByLabelText('Health')).toHaveTextContent('green');
    expect(screen.getByLabelText('Program')).toHaveTextContent('Analytics');
  });

  it('offers the table as CSV', async () => {
    await renderTab(<ProjectsTab />, dataApi());
    await screen.findByText('Projects (2)');
    await userEvent.click(screen.getByRole('button', { name: /export/i }));
    expect(
      await screen.findByRole('menuitem', { name: 'Export as CSV' }),
    ).toBeInTheDocument();
  });
});
