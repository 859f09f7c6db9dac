import { screen, within } from '@testing-library/react';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import {
  emptyApi,
  pending,
  renderTab,
  sampleProjectDetail,
} from '../../__testUtils__/testing';
import { formatMoney } from '../../lib/money';
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
    expect(screen.getByText(formatMoney('1000.00', 'EUR'))).toBeInTheDocument();
    expect(screen.getByText(formatMoney('-250.50', 'EUR'))).toBeInTheDocument();
    expect(screen.getByText(formatMoney('2400.00', 'EUR'))).toBeInTheDocument();
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
      screen.getByText(/Right-size vm-ledger \(saves/),
    ).toBeInTheDocument();
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
    const card = await screen.findByText(formatMoney('1250.50', 'EUR'));
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
