import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  chooseFilter,
  emptyApi,
  pending,
  renderTab,
} from '../../__testUtils__/testing';
import { formatMoney } from '../../lib/money';
import { AdvisorTab, savingsChartData } from './AdvisorTab';

const recommendations = [
  {
    recommendation_id: 'rec1',
    project_id: 'p1',
    project_name: 'Ledger Migration',
    category: 'Cost',
    impact: 'High',
    problem: 'Underused VM',
    solution: 'Right-size vm-ledger',
    monthly_savings: '42.00',
    unit: 'USD',
    has_action: false,
  },
  {
    recommendation_id: 'rec2',
    project_id: 'p1',
    category: 'Security',
    impact: 'Low',
    problem: 'Open port',
    solution: 'Close port 22',
    unit: 'USD',
    has_action: true,
    action_id: 'act-9',
    action_title: 'Close the port',
    action_url: 'https://www.notion.so/act9',
  },
];

const ledgerEntity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'ledger-migration',
    annotations: { 'notion.so/project-id': 'p1' },
  },
  spec: { type: 'project' },
};

function dataApi() {
  return emptyApi({
    listAdvisorRecommendations: async () => ({ data: recommendations }),
    getAdvisorSummary: async () => ({
      data: [
        {
          category: 'Cost',
          impact: 'High',
          count: 1,
          with_action: 0,
          monthly_savings: '42.00',
          annual_savings: '504.00',
          unit: 'USD',
        },
      ],
    }),
  });
}

describe('AdvisorTab', () => {
  it('shows progress while loading', async () => {
    await renderTab(
      <AdvisorTab />,
      emptyApi({
        listAdvisorRecommendations: pending,
        getAdvisorSummary: pending,
      }),
    );
    expect(screen.getAllByTestId('progress').length).toBe(2);
  });

  it('shows an error panel', async () => {
    await renderTab(
      <AdvisorTab />,
      emptyApi({
        listAdvisorRecommendations: async () => {
          throw new Error('denied');
        },
      }),
    );
    expect(
      await screen.findByText(/Could not load the recommendations/),
    ).toBeInTheDocument();
  });

  it('names the Azure config when there are no recommendations', async () => {
    await renderTab(<AdvisorTab />, emptyApi());
    expect(
      (await screen.findAllByText('No Advisor recommendations yet')).length,
    ).toBeGreaterThan(0);
    expect(
      screen.getAllByText(/controlRoom\.azure\.subscriptions/).length,
    ).toBeGreaterThan(0);
  });

  it('shows savings and recommendations, an existing action, and filters on the server', async () => {
    const api = dataApi();
    await renderTab(<AdvisorTab />, api, { entities: [ledgerEntity] });
    expect(
      await screen.findByTestId('advisor-summary-total'),
    ).toHaveTextContent(
      `${formatMoney('42.00', 'USD')} a month, ${formatMoney(
        '504.00',
        'USD',
      )} a year`,
    );
    const row = (await screen.findByText('Right-size vm-ledger')).closest(
      'tr',
    )!;
    expect(
      within(row).getByText(formatMoney('42.00', 'USD')),
    ).toBeInTheDocument();
    // The project by name, linked to its catalog entity; no raw id.
    expect(
      within(row).getByRole('link', { name: 'Ledger Migration' }),
    ).toHaveAttribute('href', '/catalog/default/component/ledger-migration');
    expect(within(row).queryByText('p1')).not.toBeInTheDocument();
    expect(
      within(row).getByRole('button', { name: 'Push to Notion' }),
    ).toBeInTheDocument();
    // An existing action by its title, linked to its Notion page.
    expect(
      within(screen.getByText('Close port 22').closest('tr')!).getByRole(
        'link',
        { name: /Close the port/ },
      ),
    ).toHaveAttribute('href', 'https://www.notion.so/act9');
    expect(screen.queryByText(/act-9/)).not.toBeInTheDocument();

    await chooseFilter('Category', 'Cost');
    await waitFor(() =>
      expect(api.listAdvisorRecommendations).toHaveBeenLastCalledWith({
        category: 'Cost',
        impact: undefined,
        has_action: undefined,
        limit: 500,
      }),
    );
  });

  it('validates the push dialog, creates the action and shows its Notion link', async () => {
    const api = dataApi();
    await renderTab(<AdvisorTab />, api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Push to Notion' }),
    );
    const dialog = await screen.findByRole('dialog');
    const title = within(dialog).getByLabelText(/Title/);
    expect(title).toHaveValue('Right-size vm-ledger');

    fireEvent.change(title, { target: { value: '' } });
    fireEvent.change(within(dialog).getByLabelText(/Assignee email/), {
      target: { value: 'not-an-email' },
    });
    fireEvent.change(within(dialog).getByLabelText(/Due date/), {
      target: { value: '2000-01-01' },
    });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Create in Notion' }),
    );
    expect(within(dialog).getByText('A title is required')).toBeInTheDocument();
    expect(
      within(dialog).getByText('Enter an email address'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText('The due date must not be in the past'),
    ).toBeInTheDocument();
    expect(api.createNotionAction).not.toHaveBeenCalled();

    fireEvent.change(title, { target: { value: 'Resize the VM' } });
    fireEvent.change(within(dialog).getByLabelText(/Assignee email/), {
      target: { value: 'ana@example.com' },
    });
    fireEvent.change(within(dialog).getByLabelText(/Due date/), {
      target: { value: '2999-12-31' },
    });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Create in Notion' }),
    );

    await waitFor(() =>
      expect(api.createNotionAction).toHaveBeenCalledWith({
        project_id: 'p1',
        title: 'Resize the VM',
        assignee: 'ana@example.com',
        due_date: '2999-12-31',
        source: 'advisor',
        source_id: 'rec1',
      }),
    );
    expect(
      (await within(dialog).findByText('Open in Notion')).closest('a'),
    ).toHaveAttribute('href', 'https://www.notion.so/a1');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Close' }),
    );
    expect(
      (await screen.findByText('Notion action')).closest('a'),
    ).toHaveAttribute('href', 'https://www.notion.so/a1');
  });

  it('shows the server error in the dialog', async () => {
    await renderTab(
      <AdvisorTab />,
      emptyApi({
        listAdvisorRecommendations: async () => ({ data: recommendations }),
        createNotionAction: async () => {
          throw new Error('Notion is not configured');
        },
      }),
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Push to Notion' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Create in Notion' }),
    );
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Notion is not configured',
    );
  });

  it('stacks savings per category and impact', () => {
    expect(
      savingsChartData([
        {
          category: 'Cost',
          impact: 'High',
          count: 1,
          with_action: 0,
          monthly_savings: '10.00',
          annual_savings: '120.00',
          unit: 'USD',
        },
        {
          category: 'Cost',
          impact: 'Low',
          count: 1,
          with_action: 0,
          monthly_savings: '2.50',
          annual_savings: '30.00',
          unit: 'USD',
        },
      ]),
    ).toEqual([{ category: 'Cost', High: 10, Low: 2.5 }]);
  });

  it('takes its filters from the URL and checks them', async () => {
    const api = dataApi();
    await renderTab(<AdvisorTab />, api, {
      route: '/?category=Cost&impact=Huge&action=no',
    });
    await screen.findByText('Right-size vm-ledger');
    expect(api.listAdvisorRecommendations).toHaveBeenLastCalledWith({
      category: 'Cost',
      impact: undefined,
      has_action: false,
      limit: 500,
    });
  });
});
