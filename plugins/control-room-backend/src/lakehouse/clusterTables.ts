import {
  Lakehouse,
  qualifiedTableName,
  silverTables,
  TableDeclaration,
} from '@finance-ppm/plugin-control-room-node';

/**
 * Restores the declared physical order (`clusterBy`) of the given tables
 * on engines that do not keep it themselves (DuckDB; Databricks' liquid
 * clustering needs nothing). Returns the tables rewritten.
 */
export async function clusterTables(
  lakehouse: Pick<Lakehouse, 'cluster'>,
  tables: readonly TableDeclaration[],
): Promise<string[]> {
  const rewritten: string[] = [];
  if (!lakehouse.cluster) {
    return rewritten;
  }
  for (const table of tables) {
    if (table.clusterBy?.length && (await lakehouse.cluster(table))) {
      rewritten.push(qualifiedTableName(table));
    }
  }
  return rewritten;
}

/** The Notion silver tables, which the full silver rebuild rewrites. */
export const notionSilverTables: readonly TableDeclaration[] =
  silverTables.filter(table => table.name.startsWith('notion_'));

/**
 * After a full rebuild of the Notion silver tables: upserts append new
 * pages at the end, out of their project's order, which incremental gold's
 * per-project reads then scan; this puts them back in order when they
 * have spread.
 */
export function clusterNotionSilver(
  lakehouse: Pick<Lakehouse, 'cluster'>,
): Promise<string[]> {
  return clusterTables(lakehouse, notionSilverTables);
}
