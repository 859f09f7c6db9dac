import { TableDeclaration } from '../lakehouse/types';
import { column } from './column';

export const dataQualityIssues: TableDeclaration = {
  schema: 'gold',
  name: 'data_quality_issues',
  description:
    'Rows that fail a data-quality check, as of the latest run of that check (up to the runner limit per check).',
  columns: [
    column('issue_id', 'string', 'Check id and row key.', { nullable: false }),
    column('check_id', 'string', 'The failing check.', { nullable: false }),
    column('table_name', 'string', 'Checked table.', { nullable: false }),
    column('check_kind', 'string', 'Kind of the check.'),
    column('severity', 'string', 'error or warn.'),
    column('row_key', 'string', 'Key of the failing row, parts joined by |.'),
    column(
      'project_id',
      'string',
      'Project the failing row belongs to, when the table has one.',
    ),
    column('message', 'string', 'What is wrong, for people.'),
    column('detected_at', 'timestamp', 'When the check ran.'),
  ],
  primaryKey: ['issue_id'],
};

/** How bad a failing check is. */
export type DataQualitySeverity = 'error' | 'warn';

interface CheckBase {
  /** Unique across all checks, e.g. `silver.notion_projects.name_not_null`. */
  id: string;
  table: TableDeclaration;
  severity: DataQualitySeverity;
  description: string;
}

/**
 * A data-quality check declared next to the table it guards. Columns are
 * names of `table` (the runner rejects any other); values are bound as
 * parameters.
 *
 * @public
 */
export type DataQualityCheck = CheckBase &
  (
    | { kind: 'not_null'; column: string }
    | { kind: 'unique'; columns: string[] }
    | {
        kind: 'relationship';
        column: string;
        references: TableDeclaration;
        referencedColumn: string;
        /**
         * Where the value comes from when the row's own is null: `column`
         * of the `table` row whose `key` equals this row's `through`. With
         * a fallback, a row that has neither value fails too.
         */
        fallback?: {
          through: string;
          table: TableDeclaration;
          key: string;
          column: string;
        };
      }
    | { kind: 'accepted_values'; column: string; values: string[] }
    | {
        kind: 'range';
        column: string;
        /** Inclusive bounds; at least one. */
        min?: number;
        max?: number;
      }
    | {
        /** `column` must not come before `notBefore` (e.g. end before start). */
        kind: 'column_order';
        column: string;
        notBefore: string;
      }
    | {
        /** Every row is an issue, e.g. a rejects table that should be empty. */
        kind: 'no_rows';
      }
    | {
        /** The newest `column` value must be younger than `maxAgeHours`. */
        kind: 'freshness';
        column: string;
        maxAgeHours: number;
      }
  );

/** Every kind of check, for validation and docs. */
export const dataQualityCheckKinds: ReadonlyArray<DataQualityCheck['kind']> = [
  'not_null',
  'unique',
  'relationship',
  'accepted_values',
  'range',
  'column_order',
  'no_rows',
  'freshness',
];

export const qualityTables = [dataQualityIssues];
