import { throwIfCancelled } from '../../pipeline/jobRuns';
import { randomUUID } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import type { CostManagementClient } from '@azure/arm-costmanagement';
import {
  azureCostRaw,
  azureCosts,
  Lakehouse,
  SqlParams,
  syncWatermarks,
} from '@finance-ppm/plugin-control-room-node';
import { CostManagementSettings, DEFAULT_COST_MANAGEMENT } from './config';
import {
  costQueryBody,
  costQueryDefinition,
  queryCostPages,
} from './costManagement';
import {
  costRowsToSilver,
  costRowToBronze,
  normaliseScope,
  parseCostPage,
  ScopedCostRow,
} from './costRows';
import { costPullWindow, DayRange, splitByMonth } from './costWindow';
import { ProjectLinking } from './transforms';

export const COST_WATERMARK_SOURCE = 'azure_cost';

// Rows per upsert. Every row is fetched before the first write, so a failed
// page still writes nothing; a failure between slices is repaired by the
// next run, which reads the same days again (the watermark has not moved).
const WRITE_BATCH_ROWS = 50_000;

export interface CostPullDeps {
  lakehouse: Lakehouse;
  logger: LoggerService;
  settings: ProjectLinking & {
    subscriptions: string[];
    costManagement?: CostManagementSettings;
  };
  client: CostManagementClient;
  sleep: (ms: number) => Promise<void>;
  /** Defaults to the wall clock; decides today and stamps ingested_at. */
  now?: () => Date;
}

export interface CostPulls {
  azure_cost_ingest: (run?: {
    signal?: AbortSignal;
  }) => Promise<{ rowsWritten: number }>;
}

/** Every scope queried: each subscription, then the billing scopes. */
export function costScopes(
  subscriptions: string[],
  billingScopes: string[],
): string[] {
  const scopes = [
    ...subscriptions.map(id => `subscriptions/${id}`),
    ...billingScopes,
  ].map(scope => normaliseScope(scope).toLowerCase());
  return [...new Set(scopes)];
}

async function readPulledThrough(
  lakehouse: Lakehouse,
): Promise<Map<string, string>> {
  const rows = await lakehouse.query<{
    source_id: string;
    watermark: string | null;
  }>(
    'SELECT source_id, watermark FROM bronze.sync_watermarks WHERE source = :source',
    { source: COST_WATERMARK_SOURCE },
  );
  return new Map(
    rows
      .filter(row => row.watermark)
      .map(row => [row.source_id, String(row.watermark).slice(0, 10)]),
  );
}

/**
 * Fetches every page of every month of the window for every scope, before
 * anything is written: a failed page or a 429 storm throws here.
 */
async function fetchWindow(
  deps: CostPullDeps,
  scopes: string[],
  window: DayRange,
  signal?: AbortSignal,
): Promise<{ rows: ScopedCostRow[]; pages: number; rejected: number }> {
  const rows: ScopedCostRow[] = [];
  let pages = 0;
  let rejected = 0;
  const { projectTag } = deps.settings;
  for (const scope of scopes) {
    for (const month of splitByMonth(window)) {
      const definition = costQueryDefinition(month, projectTag);
      const query = costQueryBody(definition);
      for await (const page of queryCostPages(deps.client, scope, definition, {
        sleep: deps.sleep,
      })) {
        throwIfCancelled(signal);
        pages += 1;
        const parsed = parseCostPage(page, projectTag);
        rejected += parsed.rejected;
        for (const row of parsed.rows) rows.push({ ...row, scope, query });
      }
    }
  }
  return { rows, pages, rejected };
}

function inList(prefix: string, values: string[]) {
  const params: SqlParams = {};
  const names = values.map((value, i) => {
    params[`${prefix}${i}`] = value;
    return `:${prefix}${i}`;
  });
  return { sql: names.join(', '), params };
}

/**
 * Applies the current resource-group map to every stored day that no tag
 * claims, so a group mapped (or unmapped) today moves its past spend too,
 * not only the days re-read.
 */
export async function relinkByResourceGroup(
  lakehouse: Lakehouse,
  linking: ProjectLinking,
): Promise<void> {
  const params: SqlParams = {};
  const cases = Object.entries(linking.resourceGroupProjects).map(
    ([group, project], i) => {
      params[`group${i}`] = group.toLowerCase();
      params[`project${i}`] = project;
      return `WHEN :group${i} THEN :project${i}`;
    },
  );
  const projectSql =
    cases.length > 0
      ? `CASE lower(resource_group) ${cases.join(' ')} END`
      : 'CAST(NULL AS STRING)';
  await lakehouse.execute(
    `UPDATE silver.azure_costs
        SET project_id = ${projectSql},
            project_link = CASE WHEN ${projectSql} IS NULL THEN NULL ELSE 'resource_group' END
      WHERE (project_link IS NULL OR project_link <> 'tag')
        AND coalesce(project_id, '') <> coalesce(${projectSql}, '')`,
    params,
  );
}

/**
 * The `azure_cost_ingest` job: reads daily spend per resource from Cost
 * Management (a backfill for a scope never read, later the trailing
 * `refreshDays`), then writes bronze and silver for the window. Rows of a
 * day that Azure no longer reports are removed, so a revised day replaces
 * the earlier figure; the watermark moves only after both writes.
 */
export function createCostPulls(deps: CostPullDeps): CostPulls {
  const { lakehouse, logger, settings } = deps;
  const costSettings = settings.costManagement ?? DEFAULT_COST_MANAGEMENT;
  const now = deps.now ?? (() => new Date());

  const azure_cost_ingest: CostPulls['azure_cost_ingest'] = async run => {
    const scopes = costScopes(
      settings.subscriptions,
      costSettings.billingScopes,
    );
    if (scopes.length === 0) return { rowsWritten: 0 };
    const startedAt = now();
    const today = startedAt.toISOString().slice(0, 10);
    const pulledThrough = await readPulledThrough(lakehouse);
    const window = costPullWindow({
      today,
      pulledThrough: scopes.map(scope => pulledThrough.get(scope)),
      backfillMonths: costSettings.backfillMonths,
      refreshDays: costSettings.refreshDays,
    });
    const fetched = await fetchWindow(deps, scopes, window, run?.signal);

    const pullId = randomUUID();
    const ingestedAt = startedAt.toISOString();
    // Written in slices so no second full copy of the rows is staged at once.
    for (let i = 0; i < fetched.rows.length; i += WRITE_BATCH_ROWS) {
      await lakehouse.upsert(
        azureCostRaw,
        fetched.rows
          .slice(i, i + WRITE_BATCH_ROWS)
          .map(row => costRowToBronze(row, pullId, ingestedAt)),
      );
    }
    const range = { from: window.from, to: window.to, pullId };
    const scopeList = inList('scope', scopes);
    await lakehouse.execute(
      `DELETE FROM bronze.azure_cost_raw
        WHERE usage_date BETWEEN CAST(:from AS DATE) AND CAST(:to AS DATE)
          AND scope IN (${scopeList.sql})
          AND (pull_id IS NULL OR pull_id <> :pullId)`,
      { ...range, ...scopeList.params },
    );
    const silver = costRowsToSilver(fetched.rows, settings, pullId, ingestedAt);
    for (let i = 0; i < silver.length; i += WRITE_BATCH_ROWS) {
      await lakehouse.upsert(azureCosts, silver.slice(i, i + WRITE_BATCH_ROWS));
    }
    await lakehouse.execute(
      `DELETE FROM silver.azure_costs
        WHERE charge_period_start BETWEEN CAST(:from AS DATE) AND CAST(:to AS DATE)
          AND (pull_id IS NULL OR pull_id <> :pullId)`,
      range,
    );
    await relinkByResourceGroup(lakehouse, settings);
    await lakehouse.upsert(
      syncWatermarks,
      scopes.map(scope => ({
        source: COST_WATERMARK_SOURCE,
        source_id: scope,
        watermark: `${today}T00:00:00.000Z`,
        last_full_sync_at: ingestedAt,
        updated_at: ingestedAt,
      })),
    );
    logger.info(
      `Azure Cost Management: ${window.from} to ${window.to} over ${scopes.length} scope(s), ${fetched.pages} page(s), ${fetched.rows.length} row(s), ${silver.length} resource-day(s); ${fetched.rejected} unreadable row(s) skipped`,
    );
    return { rowsWritten: fetched.rows.length + silver.length };
  };

  return { azure_cost_ingest };
}
