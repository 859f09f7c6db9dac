import { TableDeclaration } from '../lakehouse/types';
import { autoOptimizeProperties, column } from './column';

/*
 * Azure Cost Management spend. Column names of silver follow the FinOps
 * FOCUS specification in snake_case where one fits (ChargePeriodStart,
 * BilledCost, BillingCurrency, ResourceId, SubAccountId, ...).
 */

export const azureCostRaw: TableDeclaration = {
  schema: 'bronze',
  name: 'azure_cost_raw',
  description:
    'Cost Management query rows as returned (daily usage grouped by resource and project tag; the group comes from the resource id), each with the query that produced it. A re-pulled day replaces its rows.',
  columns: [
    column(
      'row_key',
      'string',
      'Scope, day, resource, resource group, project tag value and currency, lower-cased and joined by |.',
      { nullable: false },
    ),
    column(
      'scope',
      'string',
      'Queried scope, e.g. subscriptions/<id> or a billing account path.',
      { nullable: false },
    ),
    column('usage_date', 'date', 'UsageDate of the row.', { nullable: false }),
    column(
      'resource_id',
      'string',
      'ResourceId as Azure sent it; null for charges without a resource.',
    ),
    column('resource_group', 'string', 'ResourceGroup as Azure sent it.'),
    column(
      'project_tag_value',
      'string',
      'Value of the project tag (controlRoom.azure.projectTag) on the row, if any.',
    ),
    column(
      'cost',
      'double',
      'Summed PreTaxCost (or Cost) in the billing currency, as Azure sent it.',
    ),
    column('currency', 'string', 'Billing currency, ISO 4217.'),
    column('raw_row', 'json', 'The row keyed by its column names.'),
    column('query', 'json', 'The query definition that returned the row.'),
    column('pull_id', 'string', 'The pull that last wrote the row.'),
    column('ingested_at', 'timestamp', 'When the row was written.', {
      defaultSql: 'current_timestamp()',
    }),
  ],
  primaryKey: ['row_key'],
  partitionBy: ['usage_date'],
  properties: autoOptimizeProperties,
};

export const azureCosts: TableDeclaration = {
  schema: 'silver',
  name: 'azure_costs',
  description:
    'Billed Azure cost per day, resource and currency, with the project it belongs to. Rewritten for every day a pull reads, from the rows bronze.azure_cost_raw keeps, so a revised day replaces the earlier figure; untagged spend follows the current resource-group map.',
  columns: [
    column('charge_period_start', 'date', 'FOCUS ChargePeriodStart: the day.', {
      nullable: false,
    }),
    column(
      'charge_period_end',
      'date',
      'FOCUS ChargePeriodEnd: the next day (exclusive end).',
    ),
    column(
      'resource_id',
      'string',
      'FOCUS ResourceId, lower-cased; for charges without a resource, the resource group or scope path.',
      { nullable: false },
    ),
    column(
      'resource_name',
      'string',
      'FOCUS ResourceName: last segment of the resource id.',
    ),
    column('resource_group', 'string', 'Resource group, lower-cased.'),
    column(
      'sub_account_id',
      'string',
      'FOCUS SubAccountId: the subscription id.',
    ),
    column(
      'billed_cost',
      'double',
      'FOCUS BilledCost in the billing currency, unrounded as Azure sent it; gold converts and rounds per row.',
    ),
    column('billing_currency', 'string', 'FOCUS BillingCurrency, ISO 4217.', {
      nullable: false,
    }),
    column(
      'project_id',
      'string',
      'Project from the project tag, else the resource-group map; null when no project claims the spend.',
    ),
    column(
      'project_link',
      'string',
      'How project_id was found: tag or resource_group; null when unlinked.',
    ),
    column('pull_id', 'string', 'The pull that last rebuilt the row.'),
    column('ingested_at', 'timestamp', 'When the row was written.'),
  ],
  primaryKey: ['charge_period_start', 'resource_id', 'billing_currency'],
  partitionBy: ['charge_period_start'],
};
