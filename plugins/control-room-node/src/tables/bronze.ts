import { TableDeclaration } from '../lakehouse/types';
import { autoOptimizeProperties, column } from './column';

export const notionRawPages: TableDeclaration = {
  schema: 'bronze',
  name: 'notion_raw_pages',
  description:
    'Every Notion page version as fetched, one row per page and edit time. Silver is rebuilt from here without calling Notion.',
  columns: [
    column('page_id', 'string', 'Notion page id.', { nullable: false }),
    column('database_id', 'string', 'Notion database the page belongs to.', {
      nullable: false,
    }),
    column(
      'database_name',
      'string',
      'Configured name: programs, projects, budget_lines, risks or actions.',
    ),
    column(
      'last_edited_time',
      'timestamp',
      'Notion last_edited_time of this version.',
      { nullable: false },
    ),
    column(
      'properties',
      'map<string,string>',
      'Property name to JSON of the raw property value.',
    ),
    column('raw_payload', 'json', 'The page object as Notion returned it.'),
    column(
      'in_trash',
      'boolean',
      'True when Notion reports the page as moved to trash.',
      { defaultSql: 'false' },
    ),
    column('synced_at', 'timestamp', 'When the sync fetched this version.', {
      defaultSql: 'current_timestamp()',
    }),
    column(
      '_ingestion_timestamp',
      'timestamp',
      'When the row was written to bronze.',
      { defaultSql: 'current_timestamp()' },
    ),
  ],
  primaryKey: ['page_id', 'last_edited_time'],
  // Its MERGE keeps one row per version. An enforced key is an in-memory
  // index on DuckDB that made every batch of a large sync slower and held
  // hundreds of MB outside memory_limit.
  enforceKey: false,
  partitionBy: ['database_name'],
  properties: autoOptimizeProperties,
};

export const azureRgRaw: TableDeclaration = {
  schema: 'bronze',
  name: 'azure_rg_raw',
  description:
    'Azure resources as Resource Graph returned them, one row per resource id.',
  columns: [
    column('resource_id', 'string', 'Azure resource id.', { nullable: false }),
    column('resource_name', 'string', 'Resource name.'),
    column(
      'resource_type',
      'string',
      'Resource type, e.g. microsoft.compute/virtualmachines.',
    ),
    column('resource_group', 'string', 'Resource group.'),
    column('subscription_id', 'string', 'Subscription id.'),
    column('location', 'string', 'Azure region.'),
    column('tags', 'json', 'Resource tags as a JSON object.'),
    column('sku', 'json', 'SKU object as JSON.'),
    column('kind', 'string', 'Resource kind.'),
    column('properties', 'json', 'The resource row as JSON.'),
    column(
      'advisor_recommendations',
      'json',
      'Advisor recommendations for the resource as a JSON array.',
    ),
    column('ingested_at', 'timestamp', 'When the row was written.', {
      defaultSql: 'current_timestamp()',
    }),
  ],
  primaryKey: ['resource_id'],
};

export const azureAdvisorRaw: TableDeclaration = {
  schema: 'bronze',
  name: 'azure_advisor_raw',
  description:
    'Azure Advisor recommendations as fetched, one row per recommendation id.',
  columns: [
    column(
      'recommendation_id',
      'string',
      'Advisor recommendation resource id.',
      { nullable: false },
    ),
    column('resource_id', 'string', 'Impacted resource id.'),
    column(
      'category',
      'string',
      'Cost, Security, HighAvailability, Performance or OperationalExcellence.',
    ),
    column('last_updated', 'timestamp', 'lastUpdated reported by Advisor.'),
    column('raw_payload', 'json', 'The recommendation object as returned.'),
    column('ingested_at', 'timestamp', 'When the row was written.', {
      defaultSql: 'current_timestamp()',
    }),
  ],
  primaryKey: ['recommendation_id'],
};

export const syncWatermarks: TableDeclaration = {
  schema: 'bronze',
  name: 'sync_watermarks',
  description:
    'Per source, the edit time up to which everything is in bronze. Advanced only after the bronze write commits.',
  columns: [
    column('source', 'string', 'notion or azure.', { nullable: false }),
    column(
      'source_id',
      'string',
      'Notion data source id or Azure query name.',
      { nullable: false },
    ),
    column('watermark', 'timestamp', 'Highest edit time written to bronze.'),
    column(
      'last_full_sync_at',
      'timestamp',
      'When the last full reconciliation finished.',
    ),
    column('updated_at', 'timestamp', 'When the watermark last moved.'),
  ],
  primaryKey: ['source', 'source_id'],
};

export const jobRuns: TableDeclaration = {
  schema: 'bronze',
  name: 'job_runs',
  description:
    'One row per pipeline job run, whether the Backstage scheduler or a Databricks bundle job ran it.',
  columns: [
    column('run_id', 'string', 'Unique run id.', { nullable: false }),
    column('job_id', 'string', 'Job id, e.g. ppm_marts_gold.', {
      nullable: false,
    }),
    column(
      'job_name',
      'string',
      'Display name, e.g. [PPM] Compute Gold Marts.',
    ),
    column('status', 'string', 'SUCCESS, FAILED, RUNNING or PENDING.', {
      nullable: false,
    }),
    column(
      'trigger',
      'string',
      'schedule, manual, startup, webhook or databricks.',
    ),
    column('started_at', 'timestamp', 'Start of the run.'),
    column('ended_at', 'timestamp', 'End of the run; null while running.'),
    column('duration_seconds', 'int', 'Wall-clock duration.'),
    column('rows_written', 'bigint', 'Rows the run wrote.'),
    column(
      'error_message',
      'string',
      'Why the run failed; never contains credentials.',
    ),
  ],
  primaryKey: ['run_id'],
  partitionBy: ['job_id'],
};

export const lakehouseMigrations: TableDeclaration = {
  schema: 'bronze',
  name: 'lakehouse_migrations',
  description:
    'Every DDL step the backend applied to bring the lakehouse to the declared schema.',
  columns: [
    column(
      'migration_id',
      'string',
      'Step id, e.g. add-column:silver.notion_projects.priority.',
      {
        nullable: false,
      },
    ),
    column('statement', 'string', 'The DDL that was run.'),
    column(
      'schema_version',
      'string',
      'Hash of the table declarations the step came from.',
    ),
    column('applied_at', 'timestamp', 'When the step ran.'),
  ],
  primaryKey: ['migration_id'],
};

export const bronzeTables = [
  lakehouseMigrations,
  notionRawPages,
  azureRgRaw,
  azureAdvisorRaw,
  syncWatermarks,
  jobRuns,
];
