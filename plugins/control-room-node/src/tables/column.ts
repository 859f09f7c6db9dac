import { ColumnDeclaration, LogicalType } from '../lakehouse/types';

/** Shorthand for a column declaration, so table files read like a schema. */
export function column(
  name: string,
  type: LogicalType,
  description: string,
  options: Pick<ColumnDeclaration, 'nullable' | 'defaultSql'> = {},
): ColumnDeclaration {
  return { name, type, description, ...options };
}

/** Bookkeeping columns every silver table carries. */
export const silverAuditColumns: ColumnDeclaration[] = [
  column(
    'is_archived',
    'boolean',
    'True once the page is in Notion trash; rows are never deleted.',
    {
      defaultSql: 'false',
    },
  ),
  column('last_modified', 'timestamp', 'Notion last_edited_time of the page.'),
  column(
    'synced_at',
    'timestamp',
    'When the silver row was rebuilt from bronze.',
  ),
];

/** Delta properties the plan sets on append-heavy tables. */
export const autoOptimizeProperties = {
  'delta.autoOptimize.optimizeWrite': 'true',
  'delta.autoOptimize.autoCompact': 'true',
};
