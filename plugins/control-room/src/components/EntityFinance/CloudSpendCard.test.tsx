import { screen, within } from '@testing-library/react';
import type { Entity } from '@backstage/catalog-model';
import { emptyApi, pending, renderTab } from '../../__testUtils__/testing';
import { formatMoney } from '../../lib/money';
import { CloudSpendCard } from './CloudSpendCard';

const vmId =
  '/subscriptions/s1/resourceGroups/RG/providers/Microsoft.Compute/virtualMachines/vm1';

const vmEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'vm1-abc',
    title: 'vm1',
    annotations: { 'management.azure.com/resource-id': vmId },
  },
  spec: { type: 'azure-virtualmachines' },
};

const costs = {
  project_id: 'PA',
  total: '138.15',
  unit: 'EUR',
  months: [
    {
      period: '2026-10-01',
      cloud_actual: '118.15',
      actual: '90.00',
      unit: 'EUR',
    },
    { period: '2026-11-01', cloud_actual: '20.00', unit: 'EUR' },
  ],
  resources: [
    {
      resource_id: '/subscriptions/s1/resourcegroups/rg/providers/x/y/db1',
      name: 'db1',
      cloud_actual: '108.14',
      unit: 'EUR',
    },
    {
      resource_id: vmId.toLowerCase(),
      name: 'vm1',
      type: 'microsoft.compute/virtualmachines',
      cloud_actual: '30.01',
      unit: 'EUR',
    },
  ],
  unconverted_rows: 1,
};

describe('CloudSpendCard', () => {
  it('shows spend by month beside the Notion actual and top resources linked to the catalog', async () => {
    const api = emptyApi({ getProjectCloudCosts: async () => costs });
    await renderTab(<CloudSpendCard projectId="PA" />, api, {
      entities: [vmEntity],
    });

    expect(await screen.findByTestId('cloud-total')).toHaveTextContent(
      `Cloud actual ${formatMoney(
        '138.15',
        'EUR',
      )}; 1 cost row(s) in a currency without a configured rate are left out`,
    );
    expect(api.getProjectCloudCosts).toHaveBeenCalledWith('PA');
    const october = screen.getByText('2026-10').closest('tr')!;
    expect(
      within(october).getByText(formatMoney('118.15', 'EUR')),
    ).toBeInTheDocument();
    expect(
      within(october).getByText(formatMoney('90.00', 'EUR')),
    ).toBeInTheDocument();
    const november = screen.getByText('2026-11').closest('tr')!;
    expect(within(november).getByText('–')).toBeInTheDocument();

    const link = screen.getByRole('link', { name: 'vm1' });
    expect(link).toHaveAttribute('href', '/catalog/default/resource/vm1-abc');
    expect(
      within(link.closest('tr')!).getByText(formatMoney('30.01', 'EUR')),
    ).toBeInTheDocument();
    // No catalog entity: the name is shown without a link.
    expect(screen.getByText('db1').closest('a')).toBeNull();
    expect(
      screen.getByRole('columnheader', { name: 'Notion actual' }),
    ).toBeInTheDocument();
  });

  it('names the Azure setting when the project has no spend', async () => {
    await renderTab(<CloudSpendCard projectId="PA" />, emptyApi());
    expect(
      await screen.findByText('No Azure cost data for this project'),
    ).toBeInTheDocument();
  });

  it('shows progress, then the error when the API fails', async () => {
    await renderTab(
      <CloudSpendCard projectId="PA" />,
      emptyApi({ getProjectCloudCosts: pending }),
    );
    expect(screen.getByTestId('progress')).toBeInTheDocument();
    await renderTab(
      <CloudSpendCard projectId="PB" />,
      emptyApi({
        getProjectCloudCosts: async () => {
          throw new Error('lakehouse down');
        },
      }),
    );
    expect(
      await screen.findByText(/Could not load the project's cloud spend/),
    ).toBeInTheDocument();
  });
});
