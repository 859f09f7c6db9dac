import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** The five Notion databases, by the name bronze and silver use. */
export const NOTION_DATABASES = [
  'programs',
  'projects',
  'budget_lines',
  'risks',
  'actions',
] as const;

export type NotionDatabaseName = (typeof NOTION_DATABASES)[number];

/** The config key of each database under `controlRoom.notion.databases`. */
export const DATABASE_CONFIG_KEYS: Record<NotionDatabaseName, string> = {
  programs: 'programs',
  projects: 'projects',
  budget_lines: 'budgetLines',
  risks: 'risks',
  actions: 'actions',
};

/**
 * Silver column to Notion property name, per database. These are the
 * sandbox's property names; config overrides them one column at a time.
 */
export const DEFAULT_PROPERTY_NAMES: Record<
  NotionDatabaseName,
  Record<string, string>
> = {
  programs: { name: 'Name', status: 'Status', owner: 'Owner' },
  projects: {
    name: 'Name',
    program_id: 'Program',
    budget_total: 'Budget',
    currency: 'Currency',
    start_date: 'Start',
    end_date: 'End',
    percent_complete: 'Progress',
    status: 'Status',
    priority: 'Priority',
    owner: 'Owner',
  },
  budget_lines: {
    project_id: 'Project',
    category: 'Category',
    vendor: 'Vendor',
    period: 'Month',
    currency: 'Currency',
    amount: 'Amount',
    committed_amount: 'Committed',
    committed_date: 'Committed date',
    invoice_date: 'Invoice date',
    paid_date: 'Paid date',
    actual_amount: 'Actual',
    notes: 'Notes',
  },
  risks: {
    project_id: 'Project',
    title: 'Name',
    impact: 'Impact',
    probability: 'Probability',
    status: 'Status',
    owner: 'Owner',
    due_date: 'Due',
  },
  actions: {
    project_id: 'Project',
    title: 'Name',
    status: 'Status',
    assignee: 'Assignee',
    due_date: 'Due',
    source: 'Source',
    source_id: 'Source ID',
  },
};

export interface NotionDatabaseSettings {
  name: NotionDatabaseName;
  /** Notion database id; the database is not synced when unset. */
  id?: string;
  /** Least time between two incremental syncs of this database. */
  syncIntervalMinutes: number;
  /** Silver column to Notion property name. */
  properties: Record<string, string>;
}

export interface NotionSourceSettings {
  databases: NotionDatabaseSettings[];
  /** How far before the watermark each incremental query starts. */
  overlapMinutes: number;
  /** Least time between two full reconciliations of a data source. */
  fullSyncIntervalHours: number;
}

export const DEFAULT_SYNC_INTERVAL_MINUTES = 5;
export const DEFAULT_OVERLAP_MINUTES = 2;
export const DEFAULT_FULL_SYNC_INTERVAL_HOURS = 24;

/** Reads `controlRoom.notion` (databases, overlap, full sync interval). */
export function readNotionSourceConfig(config: Config): NotionSourceSettings {
  const notion = config.getOptionalConfig('controlRoom.notion');
  const databases = NOTION_DATABASES.map(name => {
    const block = notion?.getOptionalConfig(
      `databases.${DATABASE_CONFIG_KEYS[name]}`,
    );
    const overrides = block?.getOptionalConfig('properties');
    const properties = { ...DEFAULT_PROPERTY_NAMES[name] };
    for (const key of overrides?.keys() ?? []) {
      if (!(key in properties)) {
        throw new InputError(
          `controlRoom.notion.databases.${
            DATABASE_CONFIG_KEYS[name]
          }.properties.${key} is not a column of silver.notion_${name}; known: ${Object.keys(
            properties,
          ).join(', ')}`,
        );
      }
      properties[key] = overrides!.getString(key);
    }
    return {
      name,
      id: block?.getOptionalString('id'),
      syncIntervalMinutes:
        block?.getOptionalNumber('syncIntervalMinutes') ??
        DEFAULT_SYNC_INTERVAL_MINUTES,
      properties,
    };
  });
  return {
    databases,
    overlapMinutes:
      notion?.getOptionalNumber('overlapMinutes') ?? DEFAULT_OVERLAP_MINUTES,
    fullSyncIntervalHours:
      notion?.getOptionalNumber('fullSyncIntervalHours') ??
      DEFAULT_FULL_SYNC_INTERVAL_HOURS,
  };
}
