import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import {
  emptyApi,
  pending,
  renderTab,
  sampleProjectDetail,
} from '../../__testUtils__/testing';
import { formatMoney, formatRatio } from '../../lib/money';
import {
  EntityFinanceCard,
  EntityFinanceContent,
} from './EntityFinanceContent';

const projectEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'ledger-migration',
    annotations: { 'notion.so/project-id': 'p1' },
  },
  spec: { type: 'project' },
};

const render = (
  element: JSX.Element,
  api = emptyApi(),
  entity = projectEntity,
) => renderTab(<EntityProvider entity={entity}>{element}</EntityProvider>, api);

describe('EntityFinanceContent', () => {
  it('shows progress while loading', async () => {
    await render(<EntityFinanceContent />, emptyApi({ getProject: pending }));
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('shows an error panel', async () => {
    await render(<EntityFinanceContent />);
    expect(
      await screen.findByText(/Could not load the project's finance/),
    ).toBeInTheDocument();
  });

  it('explains a missing annotation', async () => {
    await render(<EntityFinanceContent />, emptyApi(), {
      ...projectEntity,
      metadata: { name: 'x' },
    });
    expect(
      screen.getByText('This entity is not linked to a Notion project'),
    ).toBeInTheDocument();
    expect(screen.getByText(/notion\.so\/project-id/)).toBeInTheDocument();
  });

  it('shows figures, health reasons, risks, actions, resources and recommendations', async () => {
    const api = emptyApi({ getProject: async () => sampleProjectDetail });
    await render(<EntityFinanceContent />, api);
    expect(
      await screen.findByText('Finance: Ledger Migration'),
    ).toBeInTheDocument();
    expect(api.getProject).toHaveBeenCalledWith('p1');
    expect(screen.getByText(formatMoney('1000.00', 'USD'))).toBeInTheDocument();
    expect(screen.getByText(formatMoney('-250.50', 'USD'))).toBeInTheDocument();
    expect(screen.getByText(formatMoney('2400.00', 'USD'))).toBeInTheDocument();
    expect(screen.getByText('2026-05-14')).toBeInTheDocument();
    expect(
      screen.getByText('Actual exceeds budget by 25%'),
    ).toBeInTheDocument();
    expect(screen.getByText('Vendor delay')).toBeInTheDocument();
    expect(
      screen.getByText('Renegotiate contract').closest('a'),
    ).toHaveAttribute('href', 'https://www.notion.so/a1');
    expect(
      screen.getByText('vm-ledger (virtualmachines, westeurope)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        `High Cost: Right-size vm-ledger (saves ${formatMoney(
          '42.00',
          'USD',
        )} a month)`,
      ),
    ).toBeInTheDocument();
    // Ratios to two decimals, never the raw float.
    expect(screen.getByTestId('finance-ratios')).toHaveTextContent(
      `CPI ${formatRatio(0.11767578153395375)}, SPI ${formatRatio(
        0.9,
      )}, EAC ${formatMoney('2400.00', 'USD')}`,
    );
    expect(screen.getByTestId('finance-ratios')).not.toHaveTextContent(
      '0.1176',
    );
  });

  it('creates an action for the project from its Finance tab, with the project picked by name', async () => {
    const api = emptyApi({
      getProject: async () => sampleProjectDetail,
      listProjects: async () => ({
        data: [
          {
            project_id: 'p1',
            name: 'Ledger Migration',
            budget: '0.00',
            actual: '0.00',
            unit: 'USD',
          },
        ],
      }),
    });
    await render(<EntityFinanceContent />, api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Create action' }),
    );
    const dialog = await screen.findByRole('dialog');
    await waitFor(() =>
      expect(within(dialog).getByLabelText(/Project/)).toHaveValue(
        'Ledger Migration',
      ),
    );
    expect(within(dialog).queryByText('p1')).not.toBeInTheDocument();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Create in Notion' }),
    );
    await waitFor(() =>
      expect(api.createNotionAction).toHaveBeenCalledWith({
        project_id: 'p1',
        title: 'Follow up on Ledger Migration',
        assignee: undefined,
        due_date: undefined,
        source: 'manual',
        source_id: undefined,
      }),
    );
  });

  it('shows empty states for a project without figures or resources', async () => {
    await render(
      <EntityFinanceContent />,
      emptyApi({
        getProject: async () => ({
          ...sampleProjectDetail,
          series: [],
          resources: [],
          risks: [],
          actions: [],
        }),
      }),
    );
    expect(
      await screen.findByText('No monthly figures yet'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('No Azure resources are tagged to this project'),
    ).toBeInTheDocument();
    expect(screen.getByText('No risks recorded.')).toBeInTheDocument();
  });
});

describe('EntityFinanceCard', () => {
  it('shows the headline figures', async () => {
    await render(
      <EntityFinanceCard />,
      emptyApi({ getProject: async () => sampleProjectDetail }),
    );
    const card = await screen.findByText(formatMoney('1250.50', 'USD'));
    expect(card).toBeInTheDocument();
    expect(within(card.closest('table')!).getByText('red')).toBeInTheDocument();
  });

  it('shows progress, error and a missing annotation', async () => {
    const { unmount } = await render(
      <EntityFinanceCard />,
      emptyApi({ getProject: pending }),
    );
    expect(screen.getByTestId('progress')).toBeInTheDocument();
    unmount();
    await render(<EntityFinanceCard />, emptyApi(), {
      ...projectEntity,
      metadata: { name: 'x' },
    });
    expect(
      screen.getByText('This entity is not linked to a Notion project'),
    ).toBeInTheDocument();
  });
});
