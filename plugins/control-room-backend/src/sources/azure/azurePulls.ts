import { throwIfCancelled } from '../../pipeline/jobRuns';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  azureAdvisorRaw,
  azureAdvisorRecommendations,
  azureResources,
  azureRgRaw,
  Lakehouse,
  qualifiedTableName,
  SqlRow,
  TableDeclaration,
} from '@finance-ppm/plugin-control-room-node';
import { AzureClients } from './clients';
import { AzureSourceSettings } from './config';
import {
  ADVISOR_RESOURCES_QUERY,
  queryAllPages,
  RESOURCES_QUERY,
} from './resourceGraph';
import {
  advisorResourceRowToArm,
  ArmRecommendation,
  bronzeRecommendationToSilver,
  bronzeResourceToSilver,
  LinkCount,
  recommendationToBronze,
  resourceGraphRowsToBronze,
} from './transforms';

export interface AzurePullDeps {
  lakehouse: Lakehouse;
  logger: LoggerService;
  settings: AzureSourceSettings;
  clients: AzureClients;
  /** Defaults to a timer; tests pass a virtual clock. */
  sleep?: (ms: number) => Promise<void>;
  /** Defaults to the wall clock; stamps ingested_at. */
  now?: () => Date;
}

export type AzurePullJobId =
  | 'azure_rg_ingest_bronze'
  | 'azure_advisor_transform';

export type AzurePulls = Record<
  AzurePullJobId,
  (run?: { signal?: AbortSignal }) => Promise<{ rowsWritten: number }>
>;

const realSleep = (ms: number) =>
  new Promise<void>(resolve => setTimeout(resolve, ms));

async function fetchRecommendations(
  deps: AzurePullDeps,
  sleep: (ms: number) => Promise<void>,
): Promise<{
  recommendations: ArmRecommendation[];
  skipped: number;
  complete: boolean;
}> {
  const { settings, clients } = deps;
  const recommendations: ArmRecommendation[] = [];
  let skipped = 0;
  const keep = (recommendation: ArmRecommendation | null) => {
    if (recommendation) recommendations.push(recommendation);
    else skipped += 1;
  };
  if (settings.advisorSource === 'advisor-api') {
    // A subscription that fails throws, so the pull is complete or nothing.
    for (const subscriptionId of settings.subscriptions) {
      for await (const item of clients.listRecommendations(subscriptionId)) {
        keep(advisorResourceRowToArm(item));
      }
    }
    return { recommendations, skipped, complete: true };
  }
  const { rows, complete } = await queryAllPages(
    clients.resourceGraph,
    ADVISOR_RESOURCES_QUERY,
    { ...settings, sleep },
  );
  rows.forEach(row => keep(advisorResourceRowToArm(row)));
  return { recommendations, skipped, complete };
}

/**
 * After a complete pull wrote its rows (all stamped `ingested_at =
 * pulledAt`), every active row it did not write is one Azure no longer
 * returns: it gets `removed_at`. A row that comes back is written with
 * `removed_at` null again by the pull's upsert.
 */
export async function markRemovedAzureRows(
  lakehouse: Lakehouse,
  table: TableDeclaration,
  pulledAt: Date,
): Promise<number> {
  const name = qualifiedTableName(table);
  const notInPull = `removed_at IS NULL AND (ingested_at IS NULL OR ingested_at <> :pulled_at)`;
  const params = { pulled_at: pulledAt };
  const [row] = await lakehouse.query<SqlRow>(
    `SELECT count(*) AS gone FROM ${name} WHERE ${notInPull}`,
    params,
  );
  const gone = Number(row?.gone ?? 0);
  if (gone > 0) {
    await lakehouse.execute(
      `UPDATE ${name} SET removed_at = :pulled_at WHERE ${notInPull}`,
      params,
    );
  }
  return gone;
}

/**
 * The two Azure pull jobs for `schedulePipeline`'s `pulls`. Each fetches
 * everything before writing, so a failed fetch leaves bronze and silver as
 * they were; writes are MERGEs, so a re-run changes nothing.
 */
export function createAzurePulls(deps: AzurePullDeps): AzurePulls {
  const { lakehouse, logger, settings } = deps;
  const sleep = deps.sleep ?? realSleep;
  const now = deps.now ?? (() => new Date());

  /** Marks what a complete pull no longer returned; a partial one marks nothing. */
  const markRemoved = async (
    table: TableDeclaration,
    complete: boolean,
    pulledAt: Date,
    what: string,
  ): Promise<string> => {
    if (!complete) {
      logger.warn(
        `${what}: the result was truncated or paging stopped early; nothing marked removed this run`,
      );
      return 'none marked removed (partial result)';
    }
    const removed = await markRemovedAzureRows(lakehouse, table, pulledAt);
    return `${removed} no longer returned and marked removed`;
  };

  const azure_rg_ingest_bronze: AzurePulls['azure_rg_ingest_bronze'] =
    async run => {
      const { rows, pages, complete } = await queryAllPages(
        deps.clients.resourceGraph,
        RESOURCES_QUERY,
        { ...settings, sleep },
      );
      throwIfCancelled(run?.signal);
      const pulledAt = now();
      const bronze = resourceGraphRowsToBronze(rows, pulledAt.toISOString());
      await lakehouse.upsert(azureRgRaw, bronze.rows);
      const silver = bronze.rows.map(row =>
        bronzeResourceToSilver(row, settings),
      );
      await lakehouse.upsert(azureResources, silver);
      const removed = await markRemoved(
        azureResources,
        complete,
        pulledAt,
        'Azure Resource Graph',
      );
      logger.info(
        `Azure Resource Graph: ${bronze.rows.length} resources from ${pages} page(s), ${bronze.skipped} row(s) without an id skipped, ${removed}`,
      );
      return { rowsWritten: bronze.rows.length + silver.length };
    };

  const azure_advisor_transform: AzurePulls['azure_advisor_transform'] =
    async run => {
      const { recommendations, skipped, complete } = await fetchRecommendations(
        deps,
        sleep,
      );
      throwIfCancelled(run?.signal);
      const pulledAt = now();
      const bronze = recommendations.map(r =>
        recommendationToBronze(r, pulledAt.toISOString()),
      );
      await lakehouse.upsert(azureAdvisorRaw, bronze);
      const tags = await readResourceTags(lakehouse);
      const silver = bronze.map(row =>
        bronzeRecommendationToSilver(row, tags, settings),
      );
      await lakehouse.upsert(azureAdvisorRecommendations, silver);
      const removed = await markRemoved(
        azureAdvisorRecommendations,
        complete,
        pulledAt,
        'Azure Advisor',
      );
      logger.info(
        `Azure Advisor (${settings.advisorSource}): ${bronze.length} recommendations, ${skipped} without an id skipped, ${removed}`,
      );
      return { rowsWritten: bronze.length + silver.length };
    };

  return { azure_rg_ingest_bronze, azure_advisor_transform };
}

/** Tags of every resource in bronze, keyed by lower-cased resource id. */
async function readResourceTags(
  lakehouse: Lakehouse,
): Promise<Map<string, unknown>> {
  const rows = await lakehouse.query<{
    resource_id: string;
    tags: string | null;
  }>('SELECT resource_id, tags FROM bronze.azure_rg_raw');
  const tags = new Map<string, unknown>();
  for (const row of rows) {
    if (row.tags) tags.set(row.resource_id.toLowerCase(), JSON.parse(row.tags));
  }
  return tags;
}

/** Silver resources and recommendations, and how many lack a project. */
export interface AzureLinkCounts {
  resources: LinkCount;
  recommendations: LinkCount;
}

/** For the data-quality metric: active rows no project claims, per silver table. */
export async function countUnlinkedAzureRows(
  lakehouse: Lakehouse,
): Promise<AzureLinkCounts> {
  const count = async (table: string): Promise<LinkCount> => {
    const [row] = await lakehouse.query<SqlRow>(
      `SELECT count(*) AS total, sum(CASE WHEN project_id IS NULL THEN 1 ELSE 0 END) AS unlinked FROM ${table} WHERE removed_at IS NULL`,
    );
    return {
      total: Number(row?.total ?? 0),
      unlinked: Number(row?.unlinked ?? 0),
    };
  };
  return {
    resources: await count('silver.azure_resources'),
    recommendations: await count('silver.azure_advisor_recommendations'),
  };
}
