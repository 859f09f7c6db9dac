/**
 * What the Control Room backend plugin and its catalog and scaffolder modules
 * share: the lakehouse service and its engines, and the declared tables.
 *
 * @packageDocumentation
 */

export * from './lakehouse/types';
export * from './lakehouse/lakehouseService';
export * from './lakehouse/duckdb';
export * from './lakehouse/databricks';
export * from './tables';
export { renderDataDictionary } from './tables/dataDictionary';
export * from './notion';
export * from './sandbox';
