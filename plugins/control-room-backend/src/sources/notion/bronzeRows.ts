import { SqlRow } from '@finance-ppm/plugin-control-room-node';
import { NotionDatabaseName } from './config';
import { NotionPageLike } from './silverMapping';

/** True for a page object complete enough to store (malformed rows are not). */
export function isCompletePage(value: unknown): value is NotionPageLike {
  const page = value as Partial<NotionPageLike> | null;
  return (
    !!page &&
    typeof page === 'object' &&
    typeof page.id === 'string' &&
    typeof page.last_edited_time === 'string' &&
    !Number.isNaN(Date.parse(page.last_edited_time)) &&
    !!page.properties &&
    typeof page.properties === 'object'
  );
}

/**
 * True when Notion returns the page live (not trashed) with the data source
 * as its parent. Such a page is not removed, whatever a listing missed.
 */
export function isLiveIn(page: NotionPageLike, dataSourceId: string): boolean {
  const parent = (page as { parent?: { data_source_id?: unknown } }).parent;
  return (
    !page.in_trash && !page.archived && parent?.data_source_id === dataSourceId
  );
}

/** One page version as a `bronze.notion_raw_pages` row. */
export function pageToBronzeRow(
  page: NotionPageLike,
  database: { id: string; name: NotionDatabaseName },
  syncedAt: string,
): SqlRow {
  const properties = Object.fromEntries(
    Object.entries(page.properties).map(([name, value]) => [
      name,
      JSON.stringify(value),
    ]),
  );
  return {
    page_id: page.id,
    database_id: database.id,
    database_name: database.name,
    last_edited_time: new Date(page.last_edited_time).toISOString(),
    properties: JSON.stringify(properties),
    raw_payload: JSON.stringify(page),
    in_trash: page.in_trash === true || page.archived === true,
    synced_at: syncedAt,
  };
}

/** Keeps one row per page id and edit time (the last one seen). */
export function dedupeByVersion(rows: SqlRow[]): SqlRow[] {
  const byKey = new Map<string, SqlRow>();
  for (const row of rows) {
    byKey.set(`${row.page_id}|${row.last_edited_time}`, row);
  }
  return [...byKey.values()];
}
