import {
  Lakehouse,
  notionRejects,
  SqlRow,
} from '@finance-ppm/plugin-control-room-node';
import { NotionDatabaseSettings, NotionSourceSettings } from './config';
import {
  mapPageToSilverRow,
  NotionPageLike,
  NotionReject,
  SILVER_TARGETS,
} from './silverMapping';

interface LatestVersion extends Record<string, any> {
  page_id: string;
  raw_payload: string | null;
  in_trash: boolean;
  last_edited_time: string;
}

/** Rows per upsert, to bound statement size on either engine. */
const BATCH = 1000;

async function upsertInBatches(
  lakehouse: Lakehouse,
  table: Parameters<Lakehouse['upsert']>[0],
  rows: SqlRow[],
) {
  for (let start = 0; start < rows.length; start += BATCH) {
    await lakehouse.upsert(table, rows.slice(start, start + BATCH));
  }
}

/** Pages per read of bronze: bounds the payloads held in memory at once. */
export const SILVER_READ_BATCH = 1000;

/** Bronze pages of one database written at or after `:since`. */
const PAGES_INGESTED_SINCE = `SELECT page_id FROM bronze.notion_raw_pages
   WHERE database_name = :database_name AND _ingestion_timestamp >= :since`;

/**
 * The page ids that end each slice of a database's pages in id order, every
 * `sliceSize`-th one (the last slice ends after the last of them); with
 * `since`, of the pages bronze received a version of since then. One read
 * of the id column: each slice is then a range of ids, so no slice sorts
 * every page id again.
 */
async function sliceEnds(
  lakehouse: Lakehouse,
  databaseName: string,
  sliceSize: number,
  since?: Date,
): Promise<string[]> {
  const rows = await lakehouse.query<{ page_id: string }>(
    `SELECT page_id FROM (
       SELECT page_id, ROW_NUMBER() OVER (ORDER BY page_id) AS position
       FROM (
         SELECT DISTINCT page_id FROM bronze.notion_raw_pages
         WHERE database_name = :database_name${
           since
             ? `
           AND page_id IN (${PAGES_INGESTED_SINCE})`
             : ''
         }
       ) AS page
     ) AS numbered
     WHERE position % :slice_size = 0
     ORDER BY page_id`,
    {
      database_name: databaseName,
      slice_size: sliceSize,
      ...(since ? { since } : {}),
    },
  );
  return rows.map(row => row.page_id);
}

/**
 * The latest bronze version of the pages of one database whose id sorts
 * after `after` and up to `through` (either null: unbounded), in page id
 * order; with `since`, only pages bronze received a version of since then.
 * Only the slice's versions' payloads are read and ranked, which keeps
 * memory flat however many pages bronze holds.
 */
function latestVersions(
  lakehouse: Lakehouse,
  databaseName: string,
  after: string | null,
  through: string | null,
  since?: Date,
) {
  return lakehouse.query<LatestVersion>(
    `SELECT page_id, raw_payload, in_trash, last_edited_time FROM (
       SELECT page_id, raw_payload, in_trash, last_edited_time,
              ROW_NUMBER() OVER (
                PARTITION BY page_id
                ORDER BY last_edited_time DESC, _ingestion_timestamp DESC
              ) AS version_rank
       FROM bronze.notion_raw_pages
       WHERE database_name = :database_name
         AND (CAST(:after AS STRING) IS NULL OR page_id > :after)
         AND (CAST(:through AS STRING) IS NULL OR page_id <= :through)${
           since
             ? `
         AND page_id IN (${PAGES_INGESTED_SINCE})`
             : ''
         }
     ) versions WHERE version_rank = 1
     ORDER BY page_id`,
    {
      database_name: databaseName,
      after,
      through,
      ...(since ? { since } : {}),
    },
  );
}

/** Maps bronze versions to silver rows and rejects; pure. */
export function buildSilver(
  versions: LatestVersion[],
  database: NotionDatabaseSettings,
  syncedAt: string,
) {
  const rows: SqlRow[] = [];
  const rejects: NotionReject[] = [];
  for (const version of versions) {
    let page: NotionPageLike;
    try {
      page = JSON.parse(version.raw_payload ?? '');
    } catch {
      rejects.push({
        page_id: version.page_id,
        property: '(page)',
        database_name: database.name,
        silver_column: SILVER_TARGETS[database.name].idColumn,
        raw_value: null,
        reason: 'bronze raw_payload is not JSON',
        last_edited_time: version.last_edited_time,
      });
      continue;
    }
    // Trash found by reconciliation lives on the bronze row, not the payload.
    const mapped = mapPageToSilverRow(
      { ...page, in_trash: version.in_trash || page.in_trash },
      database,
      syncedAt,
    );
    if (mapped.row) rows.push(mapped.row);
    rejects.push(...mapped.rejects);
  }
  return { rows, rejects };
}

/**
 * Maps the latest bronze version of a database's pages to silver, in
 * slices, and replaces their rejects: every page, or with `since` only the
 * pages bronze received a version of since then.
 */
async function transformDatabase(
  lakehouse: Lakehouse,
  database: NotionDatabaseSettings,
  syncedAt: string,
  readBatch: number,
  since?: Date,
) {
  let rowsWritten = 0;
  let rejectCount = 0;
  await lakehouse.execute(
    `DELETE FROM silver.notion_rejects WHERE database_name = :database_name${
      since ? ` AND page_id IN (${PAGES_INGESTED_SINCE})` : ''
    }`,
    { database_name: database.name, ...(since ? { since } : {}) },
  );
  const ends = await sliceEnds(lakehouse, database.name, readBatch, since);
  // The slices (null, e1], (e1, e2], ..., (eN, null).
  const bounds = [null, ...ends, null];
  for (let slice = 0; slice + 1 < bounds.length; slice++) {
    const versions = await latestVersions(
      lakehouse,
      database.name,
      bounds[slice],
      bounds[slice + 1],
      since,
    );
    const { rows, rejects } = buildSilver(versions, database, syncedAt);
    await upsertInBatches(lakehouse, SILVER_TARGETS[database.name].table, rows);
    await upsertInBatches(
      lakehouse,
      notionRejects,
      rejects.map(reject => ({ ...reject, rejected_at: syncedAt })),
    );
    rowsWritten += rows.length + rejects.length;
    rejectCount += rejects.length;
  }
  return { rowsWritten, rejects: rejectCount };
}

async function transformDatabases(
  lakehouse: Lakehouse,
  settings: NotionSourceSettings,
  now: () => Date,
  readBatch: number,
  since?: Date,
) {
  let rowsWritten = 0;
  let rejects = 0;
  const syncedAt = now().toISOString();
  for (const database of settings.databases) {
    const done = await transformDatabase(
      lakehouse,
      database,
      syncedAt,
      readBatch,
      since,
    );
    rowsWritten += done.rowsWritten;
    rejects += done.rejects;
  }
  return { rowsWritten, rejects };
}

/**
 * Rebuilds the Notion silver tables from bronze, calling no API: the latest
 * version of each page wins. A database's rejects are replaced by the ones
 * this rebuild found, so a fixed value stops being reported.
 */
export async function rebuildNotionSilver(
  lakehouse: Lakehouse,
  settings: NotionSourceSettings,
  now: () => Date = () => new Date(),
  readBatch = SILVER_READ_BATCH,
): Promise<{ rowsWritten: number; rejects: number }> {
  return transformDatabases(lakehouse, settings, now, readBatch);
}

/**
 * When bronze last received a Notion page version, by the lakehouse's own
 * clock: pages a sync writes after this are the ones it wrote.
 */
export async function newestNotionIngestion(
  lakehouse: Pick<Lakehouse, 'query'>,
): Promise<Date | undefined> {
  const [row] = await lakehouse.query<{ newest: string | null }>(
    'SELECT max(_ingestion_timestamp) AS newest FROM bronze.notion_raw_pages',
  );
  // A Date keeps milliseconds, the lakehouse microseconds: round up, so
  // the rows of that last write stay before the mark.
  return row?.newest ? new Date(new Date(row.newest).getTime() + 1) : undefined;
}

/**
 * Brings silver up to date for the pages bronze received a version of at
 * or after `since` (what a webhook's sync just wrote), leaving every other
 * row as it is. Silver rows are keyed by page and only ever upserted, so
 * this gives the rows a full rebuild would give those pages.
 */
export async function refreshNotionSilverSince(
  lakehouse: Lakehouse,
  settings: NotionSourceSettings,
  since: Date,
  now: () => Date = () => new Date(),
  readBatch = SILVER_READ_BATCH,
): Promise<{ rowsWritten: number; rejects: number }> {
  return transformDatabases(lakehouse, settings, now, readBatch, since);
}
