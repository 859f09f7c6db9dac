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

/**
 * Text per upsert statement. Casting wide text (a Notion page's
 * properties, JSON to MAP) takes several times its size in DuckDB's
 * memory (measured in docs/benchmarks.md), and a warehouse request carries
 * every bound value, under a size limit Databricks does not publish.
 */
export const MAX_TEXT_PER_UPSERT_STATEMENT = 4 * 1024 * 1024;

/**
 * Splits items, in order, into runs of at most `maxItems` holding at most
 * `maxText` of text each, as `textOf` measures it (string length). An item
 * larger than that is a run of its own.
 */
export function chunkByText<T>(
  items: readonly T[],
  textOf: (item: T) => number,
  maxText: number = MAX_TEXT_PER_UPSERT_STATEMENT,
  maxItems: number = Infinity,
): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let text = 0;
  for (const item of items) {
    const size = textOf(item);
    if (
      current.length > 0 &&
      (text + size > maxText || current.length >= maxItems)
    ) {
      chunks.push(current);
      current = [];
      text = 0;
    }
    current.push(item);
    text += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
