import type { QueryColumn, QueryDefinition } from '@azure/arm-costmanagement';
import { SandboxAzureResource, SANDBOX_PROJECT_TAG } from './generate';

/** One day of one resource's spend, before it is grouped into a query row. */
export interface SandboxDailyCost {
  /** Empty for charges without a resource (marketplace, support). */
  resourceId: string;
  subscriptionId: string;
  /** `YYYY-MM-DD`. */
  date: string;
  cost: number;
  currency: string;
  /** The project tag's value, or '' when the resource carries none. */
  projectTag: string;
}

/** The spend model: what each resource costs per day. */
export interface SandboxCostModel {
  /** Spend of every resource (and untagged extras) on one day. */
  costsOn(date: string): SandboxDailyCost[];
  /** Replaces one resource-day's figure, as Azure revises recent usage; null removes it. */
  revise(resourceId: string, date: string, cost: number | null): void;
  /** No spend after this day (`YYYY-MM-DD`). */
  lastDay: string;
}

// Typical daily list prices by resource type, in the billing currency.
const DAILY_BASE: Record<string, number> = {
  'microsoft.compute/virtualmachines': 38,
  'microsoft.storage/storageaccounts': 2.4,
  'microsoft.sql/servers/databases': 21,
  'microsoft.web/sites': 6.5,
  'microsoft.compute/disks': 1.9,
};

/** A deterministic value in [0, 1) from a text (FNV-1a). */
function unitHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) / 0x100000000;
}

/**
 * Spend for the sandbox's resources: each resource costs its type's base
 * rate, varied per day, in its project's currency; untagged resources cost
 * the same way, and each subscription adds a daily charge with no resource
 * (a marketplace fee), so a share of spend is claimed by no project.
 */
export function createSandboxCostModel(options: {
  resources: SandboxAzureResource[];
  currencyOf: (resourceId: string) => string;
  subscriptions: string[];
  lastDay: string;
}): SandboxCostModel {
  const revisions = new Map<string, number | null>();
  const figure = (resourceId: string, date: string, base: number) => {
    const revised = revisions.get(`${resourceId.toLowerCase()}|${date}`);
    if (revised !== undefined) return revised;
    // Not rounded: Azure sends binary floats with many decimals.
    return base * (0.8 + 0.4 * unitHash(`${resourceId}|${date}`));
  };
  return {
    lastDay: options.lastDay,
    revise(resourceId, date, cost) {
      revisions.set(`${resourceId.toLowerCase()}|${date}`, cost);
    },
    costsOn(date) {
      if (date > options.lastDay) return [];
      const costs: SandboxDailyCost[] = [];
      for (const resource of options.resources) {
        const cost = figure(resource.id, date, DAILY_BASE[resource.type] ?? 3);
        if (cost === null) continue;
        costs.push({
          resourceId: resource.id,
          subscriptionId: resource.subscriptionId,
          date,
          cost,
          currency: options.currencyOf(resource.id),
          projectTag: resource.tags[SANDBOX_PROJECT_TAG] ?? '',
        });
      }
      for (const subscriptionId of options.subscriptions) {
        const key = `/subscriptions/${subscriptionId}/marketplace`;
        const cost = figure(key, date, 4.2);
        if (cost === null) continue;
        costs.push({
          resourceId: '',
          subscriptionId,
          date,
          cost,
          currency: 'USD',
          projectTag: '',
        });
      }
      return costs;
    },
  };
}

export const COST_COLUMNS: QueryColumn[] = [
  { name: 'PreTaxCost', type: 'Number' },
  { name: 'ResourceId', type: 'String' },
  { name: 'TagKey', type: 'String' },
  { name: 'TagValue', type: 'String' },
  { name: 'UsageDate', type: 'Number' },
  { name: 'Currency', type: 'String' },
];

/** Why a query definition is one the emulator (and Azure) refuses; null when fine. */
export function invalidCostQuery(body: unknown): string | null {
  const query = body as Partial<QueryDefinition> & {
    timePeriod?: { from?: string; to?: string };
  };
  if (!query || typeof query !== 'object') return 'The body is not a query.';
  if (query.timeframe !== 'Custom' || !query.timePeriod?.from) {
    return 'The emulator answers Custom time periods only.';
  }
  if (query.dataset?.granularity !== 'Daily') {
    return 'The emulator answers Daily granularity only.';
  }
  if ((query.dataset?.grouping ?? []).length > 2) {
    return 'Query can have up to 2 group by clauses.';
  }
  const from = Date.parse(query.timePeriod.from);
  const to = Date.parse(query.timePeriod.to ?? '');
  if (!Number.isFinite(from) || !Number.isFinite(to) || to < from) {
    return 'timePeriod.from and timePeriod.to must be dates, from first.';
  }
  if (to - from > 366 * 24 * 3600 * 1000) {
    return 'The time period cannot exceed one year.';
  }
  return null;
}

function days(from: string, to: string): string[] {
  const result: string[] = [];
  const day = new Date(`${from.slice(0, 10)}T00:00:00Z`);
  const end = to.slice(0, 10);
  while (day.toISOString().slice(0, 10) <= end) {
    result.push(day.toISOString().slice(0, 10));
    day.setUTCDate(day.getUTCDate() + 1);
  }
  return result;
}

/**
 * The rows Azure would return for a daily query on a scope, grouped by
 * ResourceId and the project tag, in day then resource order. A billing
 * account scope covers every subscription.
 */
export function costQueryRows(
  model: SandboxCostModel,
  scope: string,
  query: { timePeriod: { from: string; to: string }; tagKey: string },
): unknown[][] {
  const subscription = /^subscriptions\/([^/]+)/i.exec(scope)?.[1];
  const tagKey = query.tagKey.toLowerCase();
  const rows: unknown[][] = [];
  for (const date of days(query.timePeriod.from, query.timePeriod.to)) {
    for (const cost of model.costsOn(date)) {
      if (subscription && cost.subscriptionId !== subscription.toLowerCase()) {
        continue;
      }
      const tagged = cost.projectTag !== '' && tagKey === SANDBOX_PROJECT_TAG;
      rows.push([
        cost.cost,
        cost.resourceId.toLowerCase(),
        tagged ? SANDBOX_PROJECT_TAG : '',
        tagged ? cost.projectTag : '',
        Number(date.replace(/-/g, '')),
        cost.currency,
      ]);
    }
  }
  return rows;
}
