import { TableDeclaration } from '../lakehouse/types';
import { column, silverAuditColumns } from './column';

/**
 * Null while Azure returns the row; set by the first complete pull that no
 * longer does. Nullable without a default, so adding it to an existing
 * table on either engine leaves every old row active.
 */
function azureRemovedAtColumn(what: string) {
  return column(
    'removed_at',
    'timestamp',
    `When a complete, successful pull first no longer returned the ${what} (deleted, resolved or dismissed); null while Azure still returns it. Gold, the API, alerts and the catalog skip rows that have it; bronze keeps their history.`,
  );
}

export const notionPrograms: TableDeclaration = {
  schema: 'silver',
  name: 'notion_programs',
  description:
    'Programs from the Notion programs database, typed and de-duplicated.',
  columns: [
    column('program_id', 'string', 'Notion page id of the program.', {
      nullable: false,
    }),
    column('name', 'string', 'Program name (title property).', {
      nullable: false,
    }),
    column('status', 'string', 'Program status.'),
    column('owner', 'string', 'Owner email from the people property.'),
    ...silverAuditColumns,
  ],
  primaryKey: ['program_id'],
};

export const notionProjects: TableDeclaration = {
  schema: 'silver',
  name: 'notion_projects',
  description:
    'Projects from the Notion projects database, typed and de-duplicated.',
  columns: [
    column('project_id', 'string', 'Notion page id of the project.', {
      nullable: false,
    }),
    column(
      'program_id',
      'string',
      'Program the project belongs to (relation).',
    ),
    column('name', 'string', 'Project name (title property).', {
      nullable: false,
    }),
    column(
      'budget_total',
      'decimal(18,2)',
      'Budget at completion in the project currency.',
    ),
    column('currency', 'string', 'ISO 4217 currency of the budget.', {
      defaultSql: "'USD'",
    }),
    column('start_date', 'date', 'Planned start.'),
    column('end_date', 'date', 'Planned end.'),
    column(
      'percent_complete',
      'double',
      'Work done as a fraction 0..1 (Notion Progress number property); drives earned value.',
    ),
    column('status', 'string', 'Project status.'),
    column('priority', 'string', 'Project priority.'),
    column('owner', 'string', 'Owner email from the people property.'),
    column('notion_url', 'string', 'Link to the Notion page.'),
    ...silverAuditColumns,
  ],
  primaryKey: ['project_id'],
};

export const notionBudgetLines: TableDeclaration = {
  schema: 'silver',
  name: 'notion_budget_lines',
  description:
    'Monthly budget lines with committed, invoiced and paid amounts.',
  columns: [
    column('budget_line_id', 'string', 'Notion page id of the budget line.', {
      nullable: false,
    }),
    column('project_id', 'string', 'Project the line belongs to (relation).', {
      nullable: false,
    }),
    column('category', 'string', 'CapEx or OpEx.'),
    column('vendor', 'string', 'Supplier.'),
    column('period', 'date', 'First day of the month the line budgets.'),
    column('currency', 'string', 'ISO 4217 currency of the amounts.', {
      defaultSql: "'USD'",
    }),
    column('amount', 'decimal(18,2)', 'Budgeted amount.'),
    column(
      'committed_amount',
      'decimal(18,2)',
      'Amount committed by purchase order.',
    ),
    column('committed_date', 'date', 'When the amount was committed.'),
    column('invoice_date', 'date', 'When the supplier invoiced.'),
    column('paid_date', 'date', 'When the invoice was paid.'),
    column(
      'actual_amount',
      'decimal(18,2)',
      'Amount invoiced or paid (actual cost).',
    ),
    column('notes', 'string', 'Free text.'),
    ...silverAuditColumns,
  ],
  primaryKey: ['budget_line_id'],
  // Incremental gold reads one project's lines at a time.
  clusterBy: ['project_id'],
};

export const notionRisks: TableDeclaration = {
  schema: 'silver',
  name: 'notion_risks',
  description: 'Project risks from Notion.',
  columns: [
    column('risk_id', 'string', 'Notion page id of the risk.', {
      nullable: false,
    }),
    column('project_id', 'string', 'Project the risk belongs to (relation).'),
    column('title', 'string', 'Risk title.', { nullable: false }),
    column('impact', 'string', 'High, Medium or Low.'),
    column('probability', 'string', 'High, Medium or Low.'),
    column('status', 'string', 'Open, Mitigating or Closed.'),
    column('owner', 'string', 'Owner email.'),
    column('due_date', 'date', 'Mitigation due date.'),
    ...silverAuditColumns,
  ],
  primaryKey: ['risk_id'],
};

export const notionActions: TableDeclaration = {
  schema: 'silver',
  name: 'notion_actions',
  description:
    'Actions (tasks) from Notion, including those created from Advisor or data-quality findings.',
  columns: [
    column('action_id', 'string', 'Notion page id of the action.', {
      nullable: false,
    }),
    column('project_id', 'string', 'Project the action belongs to (relation).'),
    column('title', 'string', 'Action title.', { nullable: false }),
    column('status', 'string', 'Not started, In progress or Done.'),
    column('assignee', 'string', 'Assignee email.'),
    column('due_date', 'date', 'Due date.'),
    column('source', 'string', 'advisor, dq or manual.'),
    column('source_id', 'string', 'Id of the finding the action came from.'),
    column('notion_url', 'string', 'Link to the Notion page.'),
    ...silverAuditColumns,
  ],
  primaryKey: ['action_id'],
};

export const azureAdvisorRecommendations: TableDeclaration = {
  schema: 'silver',
  name: 'azure_advisor_recommendations',
  description:
    'Azure Advisor recommendations, typed, with parsed savings and the project they belong to.',
  columns: [
    column(
      'recommendation_id',
      'string',
      'Advisor recommendation resource id.',
      { nullable: false },
    ),
    column(
      'category',
      'string',
      'Cost, Security, HighAvailability, Performance or OperationalExcellence.',
    ),
    column('impact', 'string', 'High, Medium or Low.'),
    column('problem', 'string', 'shortDescription.problem.'),
    column('solution', 'string', 'shortDescription.solution.'),
    column('resource_id', 'string', 'Impacted resource id.'),
    column(
      'subscription_id',
      'string',
      'Subscription of the impacted resource.',
    ),
    column(
      'resource_group',
      'string',
      'Resource group of the impacted resource.',
    ),
    column('impacted_type', 'string', 'impactedField.'),
    column('impacted_value', 'string', 'impactedValue.'),
    column(
      'monthly_savings',
      'decimal(18,2)',
      'extendedProperties.savingsAmount, parsed.',
    ),
    column(
      'annual_savings',
      'decimal(18,2)',
      'extendedProperties.annualSavingsAmount, parsed.',
    ),
    column('savings_currency', 'string', 'extendedProperties.savingsCurrency.'),
    column('last_updated', 'timestamp', 'lastUpdated reported by Advisor.'),
    column('learn_more_url', 'string', 'learnMoreLink.'),
    column(
      'project_id',
      'string',
      'Project linked by tag or resource-group map; null when unlinked.',
    ),
    column('ingested_at', 'timestamp', 'When the row was written.'),
    azureRemovedAtColumn('recommendation'),
  ],
  primaryKey: ['recommendation_id'],
};

export const azureResources: TableDeclaration = {
  schema: 'silver',
  name: 'azure_resources',
  description: 'Azure resources, typed, with the project they belong to.',
  columns: [
    column('resource_id', 'string', 'Azure resource id.', { nullable: false }),
    column('name', 'string', 'Resource name.'),
    column('type', 'string', 'Resource type.'),
    column('resource_group', 'string', 'Resource group.'),
    column('subscription_id', 'string', 'Subscription id.'),
    column('location', 'string', 'Azure region.'),
    column('tags', 'json', 'Tags as a JSON object.'),
    column('sku', 'string', 'SKU name.'),
    column('kind', 'string', 'Resource kind.'),
    column(
      'project_id',
      'string',
      'Project linked by tag or resource-group map; null when unlinked.',
    ),
    column('ingested_at', 'timestamp', 'When the row was written.'),
    azureRemovedAtColumn('resource'),
  ],
  primaryKey: ['resource_id'],
};

export const silverTables = [
  notionPrograms,
  notionProjects,
  notionBudgetLines,
  notionRisks,
  notionActions,
  azureAdvisorRecommendations,
  azureResources,
];
