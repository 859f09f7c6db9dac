import { azureCosts } from './azureCost';
import { DataQualityCheck } from './quality';
import { fxRates } from './reference';

/** Checks of the cost tables, run with the other silver checks. */
export const azureCostChecks: DataQualityCheck[] = [
  {
    id: 'silver.azure_costs.project_claimed',
    table: azureCosts,
    kind: 'not_null',
    column: 'project_id',
    severity: 'warn',
    description:
      'Cloud spend no project claims: the resource has no project tag and its group is not in controlRoom.azure.resourceGroupProjects. It shows as unallocated.',
  },
  {
    id: 'silver.azure_costs.currency_has_rate',
    table: azureCosts,
    kind: 'relationship',
    column: 'billing_currency',
    references: fxRates,
    referencedColumn: 'currency',
    severity: 'error',
    description:
      'The billing currency has a configured rate; otherwise the spend is left out of cloud_actual.',
  },
];
