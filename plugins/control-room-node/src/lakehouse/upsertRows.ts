import { InputError } from '@backstage/errors';
import { ColumnDeclaration, SqlRow, TableDeclaration } from './types';

/** Rules both engines apply to an upsert batch, so a batch valid on one is valid on the other. */

/**
 * Checks a batch before anything is written: every column declared, every
 * key column set. Throws naming the table, the row and the column.
 */
export function validateUpsertRows(
  table: TableDeclaration,
  rows: SqlRow[],
): void {
  const declared = new Set(table.columns.map(column => column.name));
  const tableName = `${table.schema}.${table.name}`;
  rows.forEach((row, index) => {
    const undeclared = Object.keys(row).filter(name => !declared.has(name));
    if (undeclared.length > 0) {
      throw new InputError(
        `Upsert into ${tableName}: row ${index} has undeclared column(s) ${undeclared.join(
          ', ',
        )}`,
      );
    }
    const missingKeys = table.primaryKey.filter(
      key => row[key] === null || row[key] === undefined,
    );
    if (missingKeys.length > 0) {
      throw new InputError(
        `Upsert into ${tableName}: row ${index} has no value for key column(s) ${missingKeys.join(
          ', ',
        )}`,
      );
    }
  });
}

/**
 * Declared columns at least one row sets, plus the keys, in declaration
 * order. Columns no row sets are left out, so inserts take their DEFAULT and
 * updates leave them as they are.
 */
export function columnsSetByBatch(
  table: TableDeclaration,
  rows: SqlRow[],
): ColumnDeclaration[] {
  return table.columns.filter(
    column =>
      table.primaryKey.includes(column.name) ||
      rows.some(row => row[column.name] !== undefined),
  );
}

/** True for JSON text of an object: what a map column accepts. */
export function isJsonObjectText(text: string): boolean {
  try {
    const parsed: unknown = JSON.parse(text);
    return (
      typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
    );
  } catch {
    return false;
  }
}
