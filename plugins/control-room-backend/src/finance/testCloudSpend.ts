import {
  azureCosts,
  Lakehouse,
  SqlRow,
} from '@finance-ppm/plugin-control-room-node';

/** Rates of the hand-built spend: USD reports, JPY has no rate. */
export const cloudFxRates = { EUR: 1.08, GBP: 1.25 };

/** One silver.azure_costs row: one day, resource and currency. */
export function cost(
  day: string,
  resource: string,
  currency: string,
  billed: number,
  projectId: string | null,
): SqlRow {
  return {
    charge_period_start: day,
    charge_period_end: day,
    resource_id: `/subscriptions/s1/resourcegroups/rg/providers/x/y/${resource}`,
    resource_name: resource,
    resource_group: 'rg',
    billed_cost: billed,
    billing_currency: currency,
    project_id: projectId,
    project_link: projectId ? 'tag' : null,
    ingested_at: '2026-11-25T07:00:00Z',
  };
}

/*
 * Hand-built spend. USD reports; EUR converts at 1.08, GBP at 1.25, JPY has
 * no rate. Each row is converted and rounded to the cent before summing:
 *   PA Oct: 10.005 USD -> 10.01; 0.004 USD twice -> 0.00 each (0.01 if
 *           summed first); 100.125 EUR -> 108.135 -> 108.14; 1000 JPY left out
 *   PB Oct: 33.33 EUR -> 35.9964 -> 36.00; 12.34 GBP -> 15.425 -> 15.43
 *   PZ Oct: 2.50 USD, a tag naming no Notion project (program unassigned)
 *   unclaimed Oct: 7.777 USD -> 7.78; 5 EUR -> 5.40
 *   PA Nov: 20 USD; PC Nov: 10 EUR -> 10.80
 */
export const spend = [
  cost('2026-10-01', 'vm1', 'USD', 10.005, 'PA'),
  cost('2026-10-02', 'vm1', 'USD', 0.004, 'PA'),
  cost('2026-10-03', 'vm1', 'USD', 0.004, 'PA'),
  cost('2026-10-01', 'db1', 'EUR', 100.125, 'PA'),
  cost('2026-10-07', 'jp1', 'JPY', 1000, 'PA'),
  cost('2026-10-15', 'app1', 'EUR', 33.33, 'PB'),
  cost('2026-10-20', 'app1', 'GBP', 12.34, 'PB'),
  cost('2026-10-08', 'ghost1', 'USD', 2.5, 'PZ'),
  cost('2026-10-05', 'shared1', 'USD', 7.777, null),
  cost('2026-10-06', 'shared1', 'EUR', 5, null),
  cost('2026-11-01', 'vm1', 'USD', 20, 'PA'),
  cost('2026-11-02', 'app2', 'EUR', 10, 'PC'),
];

/**
 * Programs G1 and G2, projects PA (G1), PB (G2) and PC (G1), one Notion
 * budget line of PA in October 2026 (actual 90.00 USD), the spend above and
 * the resource record of vm1.
 */
export async function seedCloudSpend(lakehouse: Lakehouse) {
  await lakehouse.execute(
    `INSERT INTO silver.notion_programs (program_id, name) VALUES ('G1', 'Finance'), ('G2', 'People')`,
  );
  await lakehouse.execute(
    `INSERT INTO silver.notion_projects (project_id, program_id, name, budget_total, currency, is_archived)
     VALUES ('PA', 'G1', 'Ledger', 1000, 'USD', false),
            ('PB', 'G2', 'Payroll', 1000, 'EUR', false),
            ('PC', 'G1', 'Planning', 1000, 'USD', false)`,
  );
  await lakehouse.execute(
    `INSERT INTO silver.notion_budget_lines
       (budget_line_id, project_id, category, vendor, period, currency, amount, committed_amount, actual_amount, is_archived)
     VALUES ('L1', 'PA', 'Cloud', 'Microsoft', DATE '2026-10-01', 'USD', 400.00, 400.00, 90.00, false)`,
  );
  await lakehouse.execute(
    `INSERT INTO silver.azure_resources (resource_id, name, type, resource_group, project_id)
     VALUES ('/subscriptions/s1/resourceGroups/rg/providers/x/y/vm1', 'vm1', 'microsoft.compute/virtualmachines', 'rg', 'PA')`,
  );
  await lakehouse.upsert(azureCosts, spend);
}
