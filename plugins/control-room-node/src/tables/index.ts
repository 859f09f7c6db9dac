import { TableDeclaration } from '../lakehouse/types';
import { bronzeTables } from './bronze';
import { goldTables } from './gold';
import { silverTables } from './silver';
import { notionMappingErrors, notionRejects } from './notionRejects';
import { referenceTables } from './reference';
import { qualityTables } from './quality';
import { azureCostRaw, azureCosts } from './azureCost';

export * from './bronze';
export * from './silver';
export * from './notionRejects';
export * from './gold';
export * from './reference';
export * from './quality';
export * from './silverChecks';
export * from './goldChecks';
export * from './azureCost';

/** Every declared table, in layer order. */
export const lakehouseTables: TableDeclaration[] = [
  ...bronzeTables,
  azureCostRaw,
  ...referenceTables,
  ...silverTables,
  azureCosts,
  notionRejects,
  notionMappingErrors,
  ...goldTables,
  ...qualityTables,
];

/** `schema.name` of a declared table. */
export function qualifiedTableName(table: TableDeclaration): string {
  return `${table.schema}.${table.name}`;
}
