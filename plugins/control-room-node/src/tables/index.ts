import { TableDeclaration } from '../lakehouse/types';
import { bronzeTables } from './bronze';
import { goldTables } from './gold';
import { silverTables } from './silver';

export * from './bronze';
export * from './silver';
export * from './gold';

/** Every declared table, in layer order. */
export const lakehouseTables: TableDeclaration[] = [
  ...bronzeTables,
  ...silverTables,
  ...goldTables,
];

/** `schema.name` of a declared table. */
export function qualifiedTableName(table: TableDeclaration): string {
  return `${table.schema}.${table.name}`;
}
