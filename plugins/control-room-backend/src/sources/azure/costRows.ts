import { SqlRow } from '@finance-ppm/plugin-control-room-node';
import { linkProject, parseArmResourceId, ProjectLinking } from './transforms';

/** The `properties` of a Cost Management query result page. */
export interface CostQueryPage {
  columns?: Array<{ name?: string; type?: string }>;
  rows?: unknown[][];
  nextLink?: string | null;
}

/** One usage row, typed, as the query returned it. */
export interface CostUsageRow {
  /** `YYYY-MM-DD`. */
  usageDate: string;
  /** As Azure sends it: a binary float in the billing currency. */
  cost: number;
  currency: string;
  resourceId: string | null;
  resourceGroup: string | null;
  /** Value of the project tag, when the row is grouped by it and tagged. */
  projectTagValue: string | null;
  /** The row's values as sent, in the order of `columns`. */
  values: unknown[];
  /** The page's column names, shared by its rows. */
  columns: string[];
}

// Column names differ by offer: PreTaxCost (pay-as-you-go, EA usage), Cost (MCA).
const COST_COLUMNS = ['pretaxcost', 'cost', 'costusd'];
const RESOURCE_GROUP_COLUMNS = ['resourcegroup', 'resourcegroupname'];

/**
 * `UsageDate` as `YYYY-MM-DD`: Azure sends the number 20180417 for daily
 * granularity, some offers an ISO string. Null when it is neither.
 */
export function parseUsageDate(value: unknown): string | null {
  let text = '';
  if (typeof value === 'number' && Number.isInteger(value))
    text = String(value);
  if (typeof value === 'string') text = value.trim();
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:T[\d:.]+Z?)?$/.exec(text);
  const parts = compact ?? iso;
  if (!parts) return null;
  const [, year, month, day] = parts;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  // Rejects 20180231 and the like, which Date would roll over.
  if (date.getUTCDate() !== Number(day)) return null;
  return `${year}-${month}-${day}`;
}

function optionalText(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/**
 * A result page's rows, typed by its column names (case-insensitive, in any
 * order). A page without a date, cost or currency column is not a daily
 * cost query and fails with the missing column named; a row whose date or
 * cost cannot be read is counted in `rejected`.
 */
export function parseCostPage(
  page: CostQueryPage,
  projectTag: string,
): { rows: CostUsageRow[]; rejected: number } {
  const names = (page.columns ?? []).map(c => String(c.name ?? ''));
  const index = (candidates: string[]) =>
    names.findIndex(name => candidates.includes(name.toLowerCase()));
  const dateAt = index(['usagedate']);
  const costAt = index(COST_COLUMNS);
  const currencyAt = index(['currency', 'billingcurrency']);
  const missing = [
    dateAt < 0 && 'UsageDate (daily granularity)',
    costAt < 0 && 'a cost column (PreTaxCost or Cost)',
    currencyAt < 0 && 'Currency',
  ].filter(Boolean);
  if (missing.length > 0 && (page.rows ?? []).length > 0) {
    throw new Error(
      `Cost Management result lacks ${missing.join(', ')}; columns were ${
        names.join(', ') || 'none'
      }`,
    );
  }
  const resourceIdAt = index(['resourceid']);
  const groupAt = index(RESOURCE_GROUP_COLUMNS);
  const tagKeyAt = index(['tagkey']);
  const tagValueAt = index(['tagvalue']);
  const rows: CostUsageRow[] = [];
  let rejected = 0;
  for (const values of page.rows ?? []) {
    if (!Array.isArray(values)) {
      rejected += 1;
      continue;
    }
    const usageDate = parseUsageDate(values[dateAt]);
    const cost = values[costAt];
    const currency = optionalText(values[currencyAt]);
    if (
      !usageDate ||
      typeof cost !== 'number' ||
      !Number.isFinite(cost) ||
      !currency
    ) {
      rejected += 1;
      continue;
    }
    const tagKey = tagKeyAt >= 0 ? optionalText(values[tagKeyAt]) : null;
    const isProjectTag =
      tagKey !== null && tagKey.toLowerCase() === projectTag.toLowerCase();
    const resourceId =
      resourceIdAt >= 0 ? optionalText(values[resourceIdAt]) : null;
    rows.push({
      usageDate,
      cost,
      currency: currency.toUpperCase(),
      resourceId,
      resourceGroup:
        (groupAt >= 0 ? optionalText(values[groupAt]) : null) ??
        (resourceId ? parseArmResourceId(resourceId).resourceGroup : null),
      projectTagValue:
        isProjectTag && tagValueAt >= 0
          ? optionalText(values[tagValueAt])
          : null,
      values,
      columns: names,
    });
  }
  return { rows, rejected };
}

/** A fetched row with the scope and query it came from. */
export interface ScopedCostRow extends CostUsageRow {
  scope: string;
  /** The query body sent, as JSON text. */
  query: string;
}

/** Lower-cased scope without leading or trailing slashes. */
export function normaliseScope(scope: string): string {
  return scope.trim().replace(/^\/+|\/+$/g, '');
}

/**
 * The resource a row's cost belongs to, lower-cased: Azure's ResourceId, or
 * for charges without one (marketplace, support) the resource group or the
 * scope, so every row has a key.
 */
export function costResourceKey(row: ScopedCostRow): string {
  if (row.resourceId) return row.resourceId.toLowerCase();
  const scope = `/${normaliseScope(row.scope)}`.toLowerCase();
  return row.resourceGroup
    ? `${scope}/resourcegroups/${row.resourceGroup.toLowerCase()}`
    : scope;
}

/** The row keyed by its column names, as JSON. */
export function rawRowJson(row: Pick<CostUsageRow, 'values' | 'columns'>) {
  const raw: Record<string, unknown> = {};
  row.columns.forEach((name, i) => {
    raw[name] = row.values[i];
  });
  return JSON.stringify(raw);
}

/** A fetched row as its bronze.azure_cost_raw row. */
export function costRowToBronze(
  row: ScopedCostRow,
  pullId: string,
  ingestedAt: string,
): SqlRow {
  const scope = normaliseScope(row.scope).toLowerCase();
  const key = [
    scope,
    row.usageDate,
    costResourceKey(row),
    (row.resourceGroup ?? '').toLowerCase(),
    row.projectTagValue ?? '',
    row.currency,
  ].join('|');
  return {
    row_key: key,
    scope,
    usage_date: row.usageDate,
    resource_id: row.resourceId,
    resource_group: row.resourceGroup,
    project_tag_value: row.projectTagValue,
    cost: row.cost,
    currency: row.currency,
    raw_row: rawRowJson(row),
    query: row.query,
    pull_id: pullId,
    ingested_at: ingestedAt,
  };
}

function nextDay(date: string): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

function resourceName(resourceId: string | null): string | null {
  if (!resourceId) return null;
  const segments = resourceId.split('/').filter(Boolean);
  return segments.length >= 2 &&
    segments[segments.length - 2].toLowerCase() !== 'resourcegroups'
    ? segments[segments.length - 1]
    : null;
}

function subscriptionOf(row: ScopedCostRow): string | null {
  const match = /\/?subscriptions\/([^/]+)/i.exec(row.resourceId ?? row.scope);
  return match ? match[1].toLowerCase() : null;
}

function projectLink(tagged: string | null, projectId: string | null) {
  if (tagged) return 'tag';
  return projectId ? 'resource_group' : null;
}

/**
 * Silver rows, one per day, resource and currency. Rows of one scope for
 * the same key add up (a resource whose tag changed during the day); the
 * same key reported by a second scope (a billing account that also covers
 * a listed subscription) counts once, from the first scope in `rows`.
 */
export function costRowsToSilver(
  rows: ScopedCostRow[],
  linking: ProjectLinking,
  pullId: string,
  ingestedAt: string,
): SqlRow[] {
  const byKey = new Map<
    string,
    { scope: string; cost: number; tagged: string | null; row: ScopedCostRow }
  >();
  for (const row of rows) {
    const key = `${row.usageDate}|${costResourceKey(row)}|${row.currency}`;
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, {
        scope: row.scope,
        cost: row.cost,
        tagged: row.projectTagValue,
        row,
      });
    } else if (seen.scope === row.scope) {
      seen.cost += row.cost;
      seen.tagged = seen.tagged ?? row.projectTagValue;
    }
  }
  return [...byKey.values()].map(({ cost, tagged, row }) => {
    const projectId = linkProject(
      tagged ? { [linking.projectTag]: tagged } : {},
      row.resourceGroup,
      linking,
    );
    return {
      charge_period_start: row.usageDate,
      charge_period_end: nextDay(row.usageDate),
      resource_id: costResourceKey(row),
      resource_name: resourceName(row.resourceId),
      resource_group: row.resourceGroup?.toLowerCase() ?? null,
      sub_account_id: subscriptionOf(row),
      billed_cost: cost,
      billing_currency: row.currency,
      project_id: projectId,
      project_link: projectLink(tagged, projectId),
      pull_id: pullId,
      ingested_at: ingestedAt,
    };
  });
}
