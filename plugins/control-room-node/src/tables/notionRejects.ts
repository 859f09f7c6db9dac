import { TableDeclaration } from '../lakehouse/types';
import { column } from './column';

export const notionRejects: TableDeclaration = {
  schema: 'silver',
  name: 'notion_rejects',
  description:
    'Notion property values the silver rebuild could not read (text where a number belongs, an unknown status). The silver column stays null; the value is kept here, never dropped or zeroed.',
  columns: [
    column('page_id', 'string', 'Notion page id.', { nullable: false }),
    column('property', 'string', 'Notion property name, or the page field.', {
      nullable: false,
    }),
    column(
      'database_name',
      'string',
      'programs, projects, budget_lines, risks or actions.',
    ),
    column('silver_column', 'string', 'Silver column the value was meant for.'),
    column('raw_value', 'json', 'The property value as Notion sent it.'),
    column('reason', 'string', 'Why the value was rejected.'),
    column(
      'last_edited_time',
      'timestamp',
      'Notion last_edited_time of the page version.',
    ),
    column('rejected_at', 'timestamp', 'When the silver rebuild found it.'),
  ],
  primaryKey: ['page_id', 'property'],
};

export const notionMappingErrors: TableDeclaration = {
  schema: 'silver',
  name: 'notion_mapping_errors',
  description:
    'Configured Notion properties that their data source does not have, or whose type cannot fill their silver column, as of the last schema check (at startup and each full sync). Empty when the mapping fits.',
  columns: [
    column(
      'database_name',
      'string',
      'programs, projects, budget_lines, risks or actions.',
      { nullable: false },
    ),
    column('silver_column', 'string', 'Silver column the property fills.', {
      nullable: false,
    }),
    column('property', 'string', 'The configured property reference.'),
    column(
      'message',
      'string',
      'What is wrong, with the properties the data source does have.',
    ),
    column('checked_at', 'timestamp', 'When the schema was checked.'),
  ],
  primaryKey: ['database_name', 'silver_column'],
};
