import type { LoggerService } from '@backstage/backend-plugin-api';
import { throwIfCancelled } from '../../pipeline/jobRuns';
import {
  APIErrorCode,
  APIResponseError,
  Client,
  QueryDataSourceParameters,
} from '@notionhq/client';
import {
  Lakehouse,
  notionMappingErrors,
  notionRawPages,
  ReadRetryOptions,
  retryNotionRead,
  syncWatermarks,
} from '@finance-ppm/plugin-control-room-node';
import {
  NotionDatabaseName,
  NotionDatabaseSettings,
  NotionSourceSettings,
} from './config';
import {
  dedupeByVersion,
  isCompletePage,
  isLiveIn,
  pageToBronzeRow,
} from './bronzeRows';
import { propertyValueFromItems } from './normalizers';
import { parsePropertyReference } from './propertyReferences';
import {
  checkMappingAgainstSchema,
  MappingProblem,
  mappingErrorRows,
  NotionMappingError,
} from './schemaCheck';
import { NotionPageLike } from './silverMapping';

export interface NotionBronzeSyncDeps {
  lakehouse: Lakehouse;
  client: Client;
  settings: NotionSourceSettings;
  logger: LoggerService;
  now?: () => Date;
  /** Rows per query page; Notion allows at most 100. */
  pageSize?: number;
  /** Pages per read of bronze in a full reconciliation; default 5000. */
  reconcileSliceSize?: number;
  readRetry?: ReadRetryOptions;
}

export interface DataSourceSyncResult {
  database: NotionDatabaseName;
  dataSourceId: string;
  mode: 'incremental' | 'full' | 'skipped';
  /** Page versions written to bronze (re-reads of known versions included). */
  rowsWritten: number;
  /** Pages found deleted or trashed by a full reconciliation. */
  pagesRemoved: number;
}

const SOURCE = 'notion';
/** Properties Notion cuts at 25 items on a page object. */
const PAGED_PROPERTY_TYPES = new Set(['relation', 'people']);

interface Watermark {
  watermark: string | null;
  last_full_sync_at: string | null;
  updated_at: string | null;
}

/**
 * The incremental Notion → bronze sync. One instance per backend; it caches
 * which data source each database resolves to, nothing else.
 */
export function createNotionBronzeSync(deps: NotionBronzeSyncDeps) {
  const { lakehouse, client, settings, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const pageSize = deps.pageSize ?? 100;
  const reconcileSliceSize = deps.reconcileSliceSize ?? 5000;
  const read = <T>(call: () => Promise<T>) =>
    retryNotionRead(call, deps.readRetry);
  const dataSourceIds = new Map<string, string>();

  async function resolveDataSource(databaseId: string): Promise<string> {
    const known = dataSourceIds.get(databaseId);
    if (known) return known;
    const database = await read(() =>
      client.databases.retrieve({ database_id: databaseId }),
    );
    const dataSources = 'data_sources' in database ? database.data_sources : [];
    if (dataSources.length === 0) {
      throw new Error(`Notion database ${databaseId} has no data source`);
    }
    dataSourceIds.set(databaseId, dataSources[0].id);
    return dataSources[0].id;
  }

  /** The problems of one database's mapping against its data source. */
  async function mappingProblems(
    database: NotionDatabaseSettings,
    dataSourceId: string,
  ): Promise<MappingProblem[]> {
    const source = await read(() =>
      client.dataSources.retrieve({ data_source_id: dataSourceId }),
    );
    const properties = 'properties' in source ? source.properties : {};
    return checkMappingAgainstSchema(database, properties);
  }

  /**
   * Records the database's mapping problems in silver.notion_mapping_errors
   * (which a data-quality check reports) and throws them as one error, so
   * the sync run fails with that message instead of writing silent nulls.
   */
  async function enforceMapping(
    database: NotionDatabaseSettings,
    dataSourceId: string,
    checkedAt: string,
  ) {
    const problems = await mappingProblems(database, dataSourceId);
    await lakehouse.execute(
      'DELETE FROM silver.notion_mapping_errors WHERE database_name = :database_name',
      { database_name: database.name },
    );
    if (problems.length === 0) return;
    await lakehouse.upsert(
      notionMappingErrors,
      mappingErrorRows(problems, checkedAt),
    );
    throw new NotionMappingError(problems);
  }

  async function readWatermark(dataSourceId: string): Promise<Watermark> {
    const rows = await lakehouse.query<Watermark & Record<string, any>>(
      `SELECT watermark, last_full_sync_at, updated_at FROM bronze.sync_watermarks
       WHERE source = :source AND source_id = :source_id`,
      { source: SOURCE, source_id: dataSourceId },
    );
    return (
      rows[0] ?? { watermark: null, last_full_sync_at: null, updated_at: null }
    );
  }

  /** Fetches every item of a relation or people property past the first 25. */
  async function completeProperty(
    pageId: string,
    property: { id: string; type: string },
  ) {
    const items: Array<Record<string, any>> = [];
    let cursor: string | undefined;
    do {
      const startCursor = cursor;
      const response = await read(() =>
        client.pages.properties.retrieve({
          page_id: pageId,
          property_id: property.id,
          start_cursor: startCursor,
        }),
      );
      if (response.object !== 'list') break;
      items.push(...(response.results as Array<Record<string, any>>));
      cursor = response.next_cursor ?? undefined;
    } while (cursor);
    return { id: property.id, ...propertyValueFromItems(property.type, items) };
  }

  /**
   * A page ready for bronze: re-read when the query returned it malformed,
   * relations and people completed when Notion cut them at 25.
   */
  async function completePage(
    result: unknown,
    mapped: Set<string>,
  ): Promise<NotionPageLike> {
    let page = result as NotionPageLike;
    if (!isCompletePage(page)) {
      const id = (result as { id?: unknown } | null)?.id;
      if (typeof id !== 'string') {
        throw new Error('Notion returned a query row without a page id');
      }
      const fetched = await read(() => client.pages.retrieve({ page_id: id }));
      if (!isCompletePage(fetched)) {
        throw new Error(`Notion page ${id} came back incomplete twice`);
      }
      page = fetched;
    }
    const properties = { ...page.properties };
    for (const [name, value] of Object.entries(properties)) {
      const property = value as {
        id: string;
        type: string;
        has_more?: boolean;
      };
      // Only properties silver reads are worth a request per 25 items.
      if (
        mapped.has(name) &&
        PAGED_PROPERTY_TYPES.has(property.type) &&
        property.has_more
      ) {
        properties[name] = await completeProperty(page.id, property);
      }
    }
    return { ...page, properties };
  }

  /**
   * Queries a data source from `since` on, sorted by edit time, and hands
   * each page of results on, in order. When a query hits Notion's
   * 10,000-row cap (`request_status.type: 'incomplete'`) the next query
   * starts at the last edit time seen, so no row is missed; repeats are
   * de-duplicated later.
   *
   * The next query is sent as soon as a response names its cursor, while
   * the caller handles that response: at Notion's 3 requests/s any local
   * work between requests would be lost time. At most one query is in
   * flight beside the batch being handled, so memory stays bounded.
   */
  async function queryFrom(
    dataSourceId: string,
    since: string | undefined,
    onBatch: (pages: unknown[]) => Promise<void>,
    signal?: AbortSignal,
  ) {
    const query = (windowStart: string | undefined, cursor?: string) => {
      throwIfCancelled(signal);
      const parameters: QueryDataSourceParameters = {
        data_source_id: dataSourceId,
        sorts: [{ timestamp: 'last_edited_time', direction: 'ascending' }],
        page_size: pageSize,
        start_cursor: cursor,
        ...(windowStart
          ? {
              filter: {
                timestamp: 'last_edited_time',
                last_edited_time: { on_or_after: windowStart },
              },
            }
          : {}),
      };
      const response = read(() => client.dataSources.query(parameters));
      // Left unawaited when the batch before it fails; its error is moot then.
      response.catch(() => {});
      return response;
    };
    let windowStart = since;
    let capped = false;
    let lastEdited: string | undefined;
    let next: ReturnType<typeof query> | undefined = query(windowStart);
    while (next) {
      const response = await next;
      next = undefined;
      for (const row of response.results) {
        const edited = (row as { last_edited_time?: unknown }).last_edited_time;
        if (typeof edited === 'string') lastEdited = edited;
      }
      capped ||= response.request_status?.type === 'incomplete';
      let cannotSplit: Error | undefined;
      if (response.has_more && response.next_cursor) {
        next = query(windowStart, response.next_cursor);
      } else if (capped) {
        if (!lastEdited || lastEdited === windowStart) {
          cannotSplit = new Error(
            `Notion data source ${dataSourceId}: more than one query's worth of rows share the edit time ${lastEdited}; cannot split further`,
          );
        } else {
          windowStart = lastEdited;
          capped = false;
          lastEdited = undefined;
          next = query(windowStart);
        }
      }
      throwIfCancelled(signal);
      await onBatch(response.results);
      if (cannotSplit) throw cannotSplit;
    }
  }

  async function writeBronze(
    database: NotionDatabaseSettings & { id: string },
    pages: NotionPageLike[],
    syncedAt: string,
  ) {
    const rows = dedupeByVersion(
      pages.map(page => pageToBronzeRow(page, database, syncedAt)),
    );
    if (rows.length === 0) return 0;
    return (await lakehouse.upsert(notionRawPages, rows)).rows;
  }

  const versionKey = (page: { id: string; last_edited_time: string }) =>
    `${page.id}|${new Date(page.last_edited_time).toISOString()}`;

  /** Which of these query rows bronze already holds, by page and edit time. */
  async function knownVersions(results: unknown[]): Promise<Set<string>> {
    const ids = results.flatMap(result => {
      const id = (result as { id?: unknown } | null)?.id;
      return typeof id === 'string' ? [id] : [];
    });
    if (ids.length === 0) return new Set();
    const rows = await lakehouse.query<{
      page_id: string;
      last_edited_time: string;
    }>(
      `SELECT page_id, last_edited_time FROM bronze.notion_raw_pages
       WHERE page_id IN (${ids.map((_, i) => `:id${i}`).join(', ')})`,
      Object.fromEntries(ids.map((id, i) => [`id${i}`, id])),
    );
    return new Set(
      rows.map(row =>
        versionKey({ id: row.page_id, last_edited_time: row.last_edited_time }),
      ),
    );
  }

  /**
   * The latest bronze version of a database's pages whose id sorts after
   * `after`, at most `limit` of them, in page id order. Reading in slices
   * keeps the reconciliation's memory flat however many pages bronze holds.
   */
  async function latestBronzeVersions(
    databaseId: string,
    after: string | null,
    limit: number,
  ) {
    return lakehouse.query<{
      page_id: string;
      last_edited_time: string;
      in_trash: boolean;
    }>(
      `SELECT page_id, last_edited_time, in_trash FROM (
         SELECT page_id, last_edited_time, in_trash,
                ROW_NUMBER() OVER (PARTITION BY page_id ORDER BY last_edited_time DESC) AS version_rank
         FROM bronze.notion_raw_pages
         WHERE database_id = :database_id
           AND (CAST(:after AS STRING) IS NULL OR page_id > :after)
       ) versions WHERE version_rank = 1
       ORDER BY page_id LIMIT :limit`,
      { database_id: databaseId, after, limit },
    );
  }

  /**
   * After a full query: pages bronze knows as live that Notion no longer
   * lists were trashed, deleted or moved out. A trashed or moved page is
   * stored as Notion now returns it; a deleted one (404) has its last
   * version flagged in_trash. A page Notion still shows live in this data
   * source was created or moved in after the listing (another sync wrote
   * it meanwhile), so it is left alone.
   */
  async function reconcileRemoved(
    database: NotionDatabaseSettings & { id: string },
    dataSourceId: string,
    listed: Set<string>,
    syncedAt: string,
  ) {
    let removed = 0;
    // Each slice starts after the last page id read, so the writes below,
    // to pages already passed, do not move the slices.
    let after: string | null = null;
    for (;;) {
      const slice = await latestBronzeVersions(
        database.id,
        after,
        reconcileSliceSize,
      );
      if (slice.length === 0) break;
      after = slice[slice.length - 1].page_id;
      const missing = slice.filter(
        version => !version.in_trash && !listed.has(version.page_id),
      );
      for (const version of missing) {
        try {
          const page = await read(() =>
            client.pages.retrieve({ page_id: version.page_id }),
          );
          if (isCompletePage(page)) {
            if (isLiveIn(page, dataSourceId)) continue;
            await writeBronze(
              database,
              [{ ...page, in_trash: true }],
              syncedAt,
            );
            removed += 1;
            continue;
          }
        } catch (error) {
          if (
            !APIResponseError.isAPIResponseError(error) ||
            error.code !== APIErrorCode.ObjectNotFound
          ) {
            throw error;
          }
        }
        await lakehouse.execute(
          `UPDATE bronze.notion_raw_pages SET in_trash = true
           WHERE page_id = :page_id AND last_edited_time = :last_edited_time`,
          {
            page_id: version.page_id,
            last_edited_time: new Date(version.last_edited_time),
          },
        );
        removed += 1;
      }
      if (slice.length < reconcileSliceSize) break;
    }
    return removed;
  }

  /**
   * Syncs one database into bronze, then moves its watermark. The watermark
   * is the newest edit time written, capped at the sync's start so an edit
   * made while the sync ran is read again next time.
   */
  async function syncDatabase(
    database: NotionDatabaseSettings & { id: string },
    options: { full?: boolean; force?: boolean; signal?: AbortSignal } = {},
  ): Promise<DataSourceSyncResult> {
    const startedAt = now();
    const dataSourceId = await resolveDataSource(database.id);
    const state = await readWatermark(dataSourceId);
    const due = (at: string | null, minutes: number) =>
      !at || startedAt.getTime() - Date.parse(at) >= minutes * 60_000;
    const full =
      options.full ||
      !state.watermark ||
      due(state.last_full_sync_at, settings.fullSyncIntervalHours * 60);
    if (
      !full &&
      !options.force &&
      // Half a minute of slack so a 5-minute cron is not skipped by jitter.
      !due(state.updated_at, database.syncIntervalMinutes - 0.5)
    ) {
      return {
        database: database.name,
        dataSourceId,
        mode: 'skipped',
        rowsWritten: 0,
        pagesRemoved: 0,
      };
    }
    const since =
      full || !state.watermark
        ? undefined
        : new Date(
            Date.parse(state.watermark) - settings.overlapMinutes * 60_000,
          ).toISOString();
    const syncedAt = startedAt.toISOString();
    if (full) await enforceMapping(database, dataSourceId, syncedAt);
    const listed = new Set<string>();
    let newest = state.watermark ? Date.parse(state.watermark) : 0;
    let rowsWritten = 0;
    // `Timeline.end` reads the property Timeline (or one named so).
    const mapped = new Set(
      Object.values(database.properties).flatMap(reference => [
        reference,
        parsePropertyReference(reference, () => false).property,
      ]),
    );
    await queryFrom(
      dataSourceId,
      since,
      async results => {
        const known = await knownVersions(results);
        const pages: NotionPageLike[] = [];
        for (const result of results) {
          const page = result as NotionPageLike;
          if (typeof page?.id === 'string') listed.add(page.id);
          if (isCompletePage(page) && known.has(versionKey(page))) {
            // Re-read through the overlap window: already in bronze as is.
            newest = Math.max(newest, Date.parse(page.last_edited_time));
            continue;
          }
          pages.push(await completePage(result, mapped));
        }
        for (const page of pages) {
          listed.add(page.id);
          newest = Math.max(newest, Date.parse(page.last_edited_time));
        }
        rowsWritten += await writeBronze(database, pages, syncedAt);
      },
      options.signal,
    );
    const pagesRemoved = full
      ? await reconcileRemoved(database, dataSourceId, listed, syncedAt)
      : 0;
    // Only now is everything up to `newest` committed in bronze.
    const watermark =
      newest > 0
        ? new Date(Math.min(newest, startedAt.getTime())).toISOString()
        : null;
    await lakehouse.upsert(syncWatermarks, [
      {
        source: SOURCE,
        source_id: dataSourceId,
        watermark,
        last_full_sync_at: full ? syncedAt : state.last_full_sync_at,
        updated_at: now().toISOString(),
      },
    ]);
    logger.info(
      `Notion ${database.name}: ${
        full ? 'full' : 'incremental'
      } sync wrote ${rowsWritten} page versions, ${pagesRemoved} removed`,
    );
    return {
      database: database.name,
      dataSourceId,
      mode: full ? 'full' : 'incremental',
      rowsWritten,
      pagesRemoved,
    };
  }

  function configured(name: NotionDatabaseName) {
    const database = settings.databases.find(d => d.name === name);
    if (!database?.id) {
      throw new Error(`Notion database '${name}' has no id configured`);
    }
    return database as NotionDatabaseSettings & { id: string };
  }

  return {
    /**
     * Checks every configured database's mapping against its data source
     * (for startup); reads Notion only, writes nothing. Throws when Notion
     * cannot be reached.
     */
    async checkMapping(): Promise<MappingProblem[]> {
      const problems: MappingProblem[] = [];
      for (const database of settings.databases) {
        if (!database.id) continue;
        const dataSourceId = await resolveDataSource(database.id);
        problems.push(...(await mappingProblems(database, dataSourceId)));
      }
      return problems;
    },
    /** Syncs one database now, whatever its interval (webhooks, manual runs). */
    syncDataSource(
      name: NotionDatabaseName,
      options: { full?: boolean; signal?: AbortSignal } = {},
    ) {
      return syncDatabase(configured(name), { ...options, force: true });
    },
    /**
     * Syncs every configured database that is due. They run side by side
     * so the shared limiter stays busy; one failing does not stop others.
     */
    async syncAll(
      options: { full?: boolean; force?: boolean; signal?: AbortSignal } = {},
    ) {
      const databases = settings.databases.filter(
        (d): d is NotionDatabaseSettings & { id: string } => !!d.id,
      );
      const outcomes = await Promise.allSettled(
        databases.map(database => syncDatabase(database, options)),
      );
      const failures = outcomes.flatMap((outcome, index) =>
        outcome.status === 'rejected'
          ? [
              `${databases[index].name}: ${String(
                outcome.reason?.message ?? outcome.reason,
              )}`,
            ]
          : [],
      );
      if (failures.length > 0) {
        throw new Error(`Notion sync failed for ${failures.join('; ')}`);
      }
      return outcomes.map(
        outcome =>
          (outcome as PromiseFulfilledResult<DataSourceSyncResult>).value,
      );
    },
  };
}

export type NotionBronzeSync = ReturnType<typeof createNotionBronzeSync>;
