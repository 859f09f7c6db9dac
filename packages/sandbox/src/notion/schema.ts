import type {
  DataSourceObjectResponse,
  PageObjectResponse,
  RichTextItemResponse,
} from '@notionhq/client';
import { sandboxId, SANDBOX_ID_KIND } from '../portfolio/portfolio';
import type { SandboxPerson } from '../portfolio/portfolio';

export type NotionDatabaseKey =
  | 'programs'
  | 'projects'
  | 'budget_lines'
  | 'risks'
  | 'actions';

export const NOTION_DATABASE_KEYS: readonly NotionDatabaseKey[] = [
  'programs',
  'projects',
  'budget_lines',
  'risks',
  'actions',
];

export type SandboxPropertyType =
  | 'title'
  | 'rich_text'
  | 'number'
  | 'select'
  | 'status'
  | 'date'
  | 'people'
  | 'relation';

export interface PropertySpec {
  /** Notion's short property id, as used in property-item URLs. */
  id: string;
  name: string;
  type: SandboxPropertyType;
  options?: readonly string[];
  /** For relations: the database the related pages live in. */
  target?: NotionDatabaseKey;
  /**
   * For the read-only side of a dual relation: the name of the property on
   * `target` whose values point back here. Its value is derived, not stored.
   */
  reverseOf?: string;
  /** For the stored side of a dual relation: the derived property's name. */
  syncedWith?: string;
}

export interface DatabaseSpec {
  key: NotionDatabaseKey;
  title: string;
  properties: readonly PropertySpec[];
}

type Prop = Omit<PropertySpec, 'id'>;

function withIds(props: Prop[]): PropertySpec[] {
  // Notion gives the title property the id "title" and others short codes.
  return props.map((p, i) =>
    p.type === 'title' ? { ...p, id: 'title' } : { ...p, id: `p${i}` },
  );
}

const LEVELS = ['High', 'Medium', 'Low'];
const CURRENCIES = ['USD', 'EUR', 'GBP'];

/** The sandbox workspace's five databases with the default property names. */
export const SANDBOX_SCHEMA: Record<NotionDatabaseKey, DatabaseSpec> = {
  programs: {
    key: 'programs',
    title: 'Programs',
    properties: withIds([
      { name: 'Name', type: 'title' },
      {
        name: 'Status',
        type: 'status',
        options: ['Planned', 'Active', 'Closed'],
      },
      { name: 'Owner', type: 'people' },
      {
        name: 'Projects',
        type: 'relation',
        target: 'projects',
        reverseOf: 'Program',
      },
    ]),
  },
  projects: {
    key: 'projects',
    title: 'Projects',
    properties: withIds([
      { name: 'Name', type: 'title' },
      {
        name: 'Program',
        type: 'relation',
        target: 'programs',
        syncedWith: 'Projects',
      },
      { name: 'Budget', type: 'number' },
      { name: 'Currency', type: 'select', options: CURRENCIES },
      { name: 'Start', type: 'date' },
      { name: 'End', type: 'date' },
      {
        name: 'Status',
        type: 'status',
        options: ['Planned', 'Active', 'On hold', 'Done'],
      },
      { name: 'Priority', type: 'select', options: LEVELS },
      { name: 'Owner', type: 'people' },
      { name: 'Progress', type: 'number' },
      {
        name: 'Budget lines',
        type: 'relation',
        target: 'budget_lines',
        reverseOf: 'Project',
      },
    ]),
  },
  budget_lines: {
    key: 'budget_lines',
    title: 'Budget lines',
    properties: withIds([
      { name: 'Name', type: 'title' },
      {
        name: 'Project',
        type: 'relation',
        target: 'projects',
        syncedWith: 'Budget lines',
      },
      { name: 'Category', type: 'select', options: ['CapEx', 'OpEx'] },
      { name: 'Vendor', type: 'rich_text' },
      { name: 'Month', type: 'date' },
      { name: 'Currency', type: 'select', options: CURRENCIES },
      { name: 'Amount', type: 'number' },
      { name: 'Committed', type: 'number' },
      { name: 'Committed date', type: 'date' },
      { name: 'Invoice date', type: 'date' },
      { name: 'Paid date', type: 'date' },
      { name: 'Actual', type: 'number' },
      { name: 'Notes', type: 'rich_text' },
    ]),
  },
  risks: {
    key: 'risks',
    title: 'Risks',
    properties: withIds([
      { name: 'Name', type: 'title' },
      { name: 'Project', type: 'relation', target: 'projects' },
      { name: 'Impact', type: 'select', options: LEVELS },
      { name: 'Probability', type: 'select', options: LEVELS },
      {
        name: 'Status',
        type: 'status',
        options: ['Open', 'Mitigating', 'Closed'],
      },
      { name: 'Owner', type: 'people' },
      { name: 'Due', type: 'date' },
    ]),
  },
  actions: {
    key: 'actions',
    title: 'Actions',
    properties: withIds([
      { name: 'Name', type: 'title' },
      { name: 'Project', type: 'relation', target: 'projects' },
      {
        name: 'Status',
        type: 'status',
        options: ['Not started', 'In progress', 'Done'],
      },
      { name: 'Assignee', type: 'people' },
      { name: 'Due', type: 'date' },
      { name: 'Source', type: 'select', options: ['advisor', 'dq', 'manual'] },
      { name: 'Source ID', type: 'rich_text' },
    ]),
  },
};

export function databaseId(key: NotionDatabaseKey): string {
  return sandboxId(
    SANDBOX_ID_KIND.database,
    NOTION_DATABASE_KEYS.indexOf(key) + 1,
  );
}

export function dataSourceId(key: NotionDatabaseKey): string {
  return sandboxId(
    SANDBOX_ID_KIND.dataSource,
    NOTION_DATABASE_KEYS.indexOf(key) + 1,
  );
}

/** Finds a property by name or by id (Notion accepts either in filters). */
export function findProperty(
  spec: DatabaseSpec,
  nameOrId: string,
): PropertySpec | undefined {
  return spec.properties.find(p => p.name === nameOrId || p.id === nameOrId);
}

export type PagePropertyValue = PageObjectResponse['properties'][string];
type SelectColor = 'default' | 'gray' | 'blue' | 'green' | 'orange' | 'red';
const COLORS: SelectColor[] = ['blue', 'green', 'orange', 'red', 'gray'];

export function optionOf(spec: PropertySpec, name: string) {
  const index = spec.options?.indexOf(name) ?? -1;
  return {
    id:
      index >= 0
        ? `${spec.id}-${index}`
        : `${spec.id}-${encodeURIComponent(name)}`,
    name,
    color: index >= 0 ? COLORS[index % COLORS.length] : ('default' as const),
  };
}

export function richText(content: string): RichTextItemResponse[] {
  if (content === '') return [];
  return [
    {
      type: 'text',
      text: { content, link: null },
      annotations: {
        bold: false,
        italic: false,
        strikethrough: false,
        underline: false,
        code: false,
        color: 'default',
      },
      plain_text: content,
      href: null,
    },
  ];
}

export function personValue(person: SandboxPerson) {
  return {
    object: 'user' as const,
    id: person.id,
    name: person.name,
    avatar_url: null,
    type: 'person' as const,
    person: { email: person.email },
  };
}

/** The database's schema as Notion's data source object shows it. */
export function dataSourceProperties(
  spec: DatabaseSpec,
): DataSourceObjectResponse['properties'] {
  const result: Record<string, unknown> = {};
  for (const p of spec.properties) {
    const common = { id: p.id, name: p.name, description: null, type: p.type };
    const options = (p.options ?? []).map(name => ({
      ...optionOf(p, name),
      description: null,
    }));
    switch (p.type) {
      case 'select':
        result[p.name] = { ...common, select: { options } };
        break;
      case 'status':
        result[p.name] = { ...common, status: { options, groups: [] } };
        break;
      case 'number':
        result[p.name] = {
          ...common,
          number: { format: p.name === 'Progress' ? 'percent' : 'number' },
        };
        break;
      case 'relation': {
        const target = SANDBOX_SCHEMA[p.target!];
        const synced = p.reverseOf ?? p.syncedWith;
        const syncedSpec = synced ? findProperty(target, synced) : undefined;
        result[p.name] = {
          ...common,
          relation: {
            database_id: databaseId(target.key),
            data_source_id: dataSourceId(target.key),
            ...(syncedSpec
              ? {
                  type: 'dual_property',
                  dual_property: {
                    synced_property_id: syncedSpec.id,
                    synced_property_name: syncedSpec.name,
                  },
                }
              : { type: 'single_property', single_property: {} }),
          },
        };
        break;
      }
      default:
        result[p.name] = { ...common, [p.type]: {} };
    }
  }
  return result as DataSourceObjectResponse['properties'];
}
