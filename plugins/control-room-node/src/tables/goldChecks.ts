import {
  azureAdvisorRecs,
  goldTables,
  ppmBudgetVsActual,
  ppmProjectHealth,
} from './gold';
import { DataQualityCheck } from './quality';

/** Checks run after every gold build, declared next to the gold tables. */
export const goldChecks: DataQualityCheck[] = [
  {
    id: 'gold.ppm_budget_vs_actual.metric_accepted',
    table: ppmBudgetVsActual,
    kind: 'accepted_values',
    column: 'metric_name',
    values: [
      'budget',
      'committed',
      'actual',
      'variance',
      'variance_pct',
      'unconverted_lines',
      'cloud_actual',
      'cloud_unallocated',
    ],
    severity: 'error',
    description: 'Only the documented metrics are written.',
  },
  {
    id: 'gold.ppm_project_health.health_accepted',
    table: ppmProjectHealth,
    kind: 'accepted_values',
    column: 'health',
    values: ['red', 'amber', 'green'],
    severity: 'error',
    description: 'Health is red, amber or green.',
  },
  {
    id: 'gold.azure_advisor_recs.savings_converted',
    table: azureAdvisorRecs,
    kind: 'not_null',
    column: 'unit',
    severity: 'warn',
    description: 'Every recommendation carries the reporting currency.',
  },
  // Keys of tables rebuilt in full are not enforced by the engine.
  ...goldTables
    .filter(table => table.enforceKey === false)
    .map(
      (table): DataQualityCheck => ({
        id: `${table.schema}.${table.name}.key_unique`,
        table,
        kind: 'unique',
        columns: table.primaryKey,
        severity: 'error',
        description: `One row per ${table.primaryKey.join(' and ')}.`,
      }),
    ),
];
