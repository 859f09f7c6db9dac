import { LoggerService } from '@backstage/backend-plugin-api';
import {
  azureAdvisorRaw,
  azureAdvisorRecommendations,
  azureResources,
  azureRgRaw,
  Lakehouse,
  SqlRow,
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
  () => Promise<{ rowsWritten: number }>
>;

const realSleep = (ms: number) =>
  new Promise<void>(resolve => setTimeout(resolve, ms));

async function fetchRecommendations(
  deps: AzurePullDeps,
  sleep: (ms: number) => Promise<void>,
): Promise<{ recommendations: ArmRecommendation[]; skipped: number }> {
  const { settings, clients } = deps;
  const recommendations: ArmRecommendation[] = [];
  let skipped = 0;
  const keep = (recommendation: ArmRecommendation | null) => {
    if (recommendation) recommendations.push(recommendation);
    else skipped += 1;
  };
  if (settings.advisorSource === 'advisor-api') {
    for (const subscriptionId of settings.subscriptions) {
      for await (const item of clients.listRecommendations(subscriptionId)) {
        keep(advisorResourceRowToArm(item));
      }
    }
  } else {
    const { rows } = await queryAllPages(
      clients.resourceGraph,
      ADVISOR_RESOURCES_QUERY,
      { ...settings, sleep },
    );
    rows.forEach(row => keep(advisorResourceRowToArm(row)));
  }
  return { recommendations, skipped };
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

  const azure_rg_ingest_bronze = async () => {
    const { rows, pages } = await queryAllPages(
      deps.clients.resourceGraph,
      RESOURCES_QUERY,
      { ...settings, sleep },
    );
    const bronze = resourceGraphRowsToBronze(rows, now().toISOString());
    await lakehouse.upsert(azureRgRaw, bronze.rows);
    const silver = bronze.rows.map(row =>
      bronzeResourceToSilver(row, settings),
    );
    await lakehouse.upsert(azureResources, silver);
    logger.info(
      `Azure Resource Graph: ${bronze.rows.length} resources from ${pages} page(s), ${bronze.skipped} row(s) without an id skipped`,
    );
    return { rowsWritten: bronze.rows.length + silver.length };
  };

  const azure_advisor_transform = async () => {
    const { recommendations, skipped } = await fetchRecommendations(
      deps,
      sleep,
    );
    const ingestedAt = now().toISOString();
    const bronze = recommendations.map(r =>
      recommendationToBronze(r, ingestedAt),
    );
    await lakehouse.upsert(azureAdvisorRaw, bronze);
    const tags = await readResourceTags(lakehouse);
    const silver = bronze.map(row =>
      bronzeRecommendationToSilver(row, tags, settings),
    );
    await lakehouse.upsert(azureAdvisorRecommendations, silver);
    logger.info(
      `Azure Advisor (${settings.advisorSource}): ${bronze.length} recommendations, ${skipped} without an id skipped`,
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

/** For the data-quality metric: rows no project claims, per silver table. */
export async function countUnlinkedAzureRows(
  lakehouse: Lakehouse,
): Promise<AzureLinkCounts> {
  const count = async (table: string): Promise<LinkCount> => {
    const [row] = await lakehouse.query<SqlRow>(
      `SELECT count(*) AS total, sum(CASE WHEN project_id IS NULL THEN 1 ELSE 0 END) AS unlinked FROM ${table}`,
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
