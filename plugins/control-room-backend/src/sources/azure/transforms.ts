import { SqlRow } from '@finance-ppm/plugin-control-room-node';

/** How resources and recommendations are tied to a portfolio project. */
export interface ProjectLinking {
  /** Tag whose value is the project id; compared case-insensitively. */
  projectTag: string;
  /** Resource group name to project id; names compared case-insensitively. */
  resourceGroupProjects: Record<string, string>;
}

/** A recommendation in the ARM wire shape (`properties` nested). */
export interface ArmRecommendation {
  id: string;
  name?: string;
  type?: string;
  properties: Record<string, unknown>;
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalString(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function jsonOrNull(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

/** Subscription and resource group read from an ARM resource id. */
export function parseArmResourceId(id: string): {
  subscriptionId: string | null;
  resourceGroup: string | null;
} {
  const segments = id.split('/').filter(Boolean);
  const valueAfter = (name: string) => {
    const index = segments.findIndex(s => s.toLowerCase() === name);
    return index >= 0 && index + 1 < segments.length
      ? segments[index + 1]
      : null;
  };
  return {
    subscriptionId: valueAfter('subscriptions'),
    resourceGroup: valueAfter('resourcegroups'),
  };
}

/**
 * Resource Graph rows as bronze rows. Rows without an `id` (summaries,
 * projections without the id column) are not resources and are counted.
 */
export function resourceGraphRowsToBronze(
  rows: unknown[],
  ingestedAt: string,
): { rows: SqlRow[]; skipped: number } {
  const bronze: SqlRow[] = [];
  let skipped = 0;
  for (const row of rows) {
    if (!isObject(row) || typeof row.id !== 'string' || row.id === '') {
      skipped += 1;
      continue;
    }
    const fromId = parseArmResourceId(row.id);
    bronze.push({
      resource_id: row.id,
      resource_name: optionalString(row.name),
      resource_type: optionalString(row.type),
      resource_group: optionalString(row.resourceGroup) ?? fromId.resourceGroup,
      subscription_id:
        optionalString(row.subscriptionId) ?? fromId.subscriptionId,
      location: optionalString(row.location),
      tags: jsonOrNull(row.tags),
      sku: jsonOrNull(row.sku),
      kind: optionalString(row.kind),
      properties: JSON.stringify(row),
      ingested_at: ingestedAt,
    });
  }
  return { rows: bronze, skipped };
}

function parseJsonObject(text: unknown): JsonObject {
  if (typeof text !== 'string') return {};
  try {
    const parsed: unknown = JSON.parse(text);
    return isObject(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

/** Tag values as strings, keyed by lower-cased tag name. */
export function normaliseTags(tags: unknown): Map<string, string> {
  const result = new Map<string, string>();
  if (!isObject(tags)) return result;
  for (const [name, value] of Object.entries(tags)) {
    if (typeof value === 'string') result.set(name.toLowerCase(), value);
  }
  return result;
}

/**
 * The project a resource belongs to: its project tag first, then the
 * resource-group map. Null when neither names one.
 */
export function linkProject(
  tags: unknown,
  resourceGroup: string | null,
  linking: ProjectLinking,
): string | null {
  const tagged = normaliseTags(tags).get(linking.projectTag.toLowerCase());
  if (tagged && tagged.trim() !== '') return tagged.trim();
  if (!resourceGroup) return null;
  const wanted = resourceGroup.toLowerCase();
  const match = Object.entries(linking.resourceGroupProjects).find(
    ([group]) => group.toLowerCase() === wanted,
  );
  return match ? match[1] : null;
}

function skuName(skuJson: unknown): string | null {
  const sku = parseJsonObject(skuJson);
  return optionalString(sku.name);
}

/** A bronze resource row as its silver row. */
export function bronzeResourceToSilver(
  bronze: SqlRow,
  linking: ProjectLinking,
): SqlRow {
  const tags = parseJsonObject(bronze.tags);
  const resourceGroup = optionalString(bronze.resource_group);
  return {
    resource_id: bronze.resource_id,
    name: bronze.resource_name ?? null,
    type: bronze.resource_type ?? null,
    resource_group: resourceGroup,
    subscription_id: bronze.subscription_id ?? null,
    location: bronze.location ?? null,
    tags: JSON.stringify(tags),
    sku: skuName(bronze.sku),
    kind: bronze.kind ?? null,
    project_id: linkProject(tags, resourceGroup, linking),
    ingested_at: bronze.ingested_at ?? null,
    // Returned by this pull, so active (again).
    removed_at: null,
  };
}

const PLAIN_DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;

/**
 * Advisor's string-valued savings ("1234.5678", "1,234.5") as decimal text
 * with two places, rounded half away from zero on the digits themselves so
 * no binary float touches money. Null when absent or not a number.
 */
export function parseSavingsAmount(text: unknown): string | null {
  if (typeof text !== 'string' && typeof text !== 'number') return null;
  const cleaned = String(text).trim().replace(/,/g, '');
  const match = PLAIN_DECIMAL.exec(cleaned);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) return null;
  const [, sign, whole, fraction = ''] = match;
  const padded = `${fraction}000`;
  let cents = BigInt(`${whole || '0'}${padded.slice(0, 2)}`);
  if (Number(padded[2]) >= 5) cents += 1n;
  const negative = sign === '-' && cents !== 0n;
  const digits = cents.toString().padStart(3, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/**
 * A recommendation in the ARM wire shape from an `advisorresources` row or
 * an Advisor API page item; null without an id.
 */
export function advisorResourceRowToArm(
  row: unknown,
): ArmRecommendation | null {
  if (!isObject(row) || typeof row.id !== 'string' || row.id === '') {
    return null;
  }
  return {
    id: row.id,
    name: optionalString(row.name) ?? undefined,
    type: optionalString(row.type) ?? undefined,
    properties: isObject(row.properties) ? row.properties : {},
  };
}

function toIsoTimestamp(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? null : parsed.toISOString();
}

/** The resource a recommendation is about. */
export function recommendationResourceId(
  recommendation: ArmRecommendation,
): string | null {
  const metadata = recommendation.properties.resourceMetadata;
  if (isObject(metadata) && typeof metadata.resourceId === 'string') {
    return metadata.resourceId;
  }
  // Advisor ids are `<resource id>/providers/Microsoft.Advisor/recommendations/<guid>`.
  const marker = recommendation.id
    .toLowerCase()
    .lastIndexOf('/providers/microsoft.advisor/recommendations/');
  return marker > 0 ? recommendation.id.slice(0, marker) : null;
}

/** A recommendation as a bronze row. */
export function recommendationToBronze(
  recommendation: ArmRecommendation,
  ingestedAt: string,
): SqlRow {
  return {
    recommendation_id: recommendation.id,
    resource_id: recommendationResourceId(recommendation),
    category: optionalString(recommendation.properties.category),
    last_updated: toIsoTimestamp(recommendation.properties.lastUpdated),
    raw_payload: JSON.stringify(recommendation),
    ingested_at: ingestedAt,
  };
}

/**
 * A bronze recommendation as its silver row. `resourceTags` maps lower-cased
 * resource ids to their tags, so a recommendation follows its resource's
 * project tag.
 */
export function bronzeRecommendationToSilver(
  bronze: SqlRow,
  resourceTags: Map<string, unknown>,
  linking: ProjectLinking,
): SqlRow {
  const payload = parseJsonObject(bronze.raw_payload);
  const properties = isObject(payload.properties) ? payload.properties : {};
  const description = isObject(properties.shortDescription)
    ? properties.shortDescription
    : {};
  const extended = isObject(properties.extendedProperties)
    ? properties.extendedProperties
    : {};
  const resourceId = optionalString(bronze.resource_id);
  const fromId = resourceId
    ? parseArmResourceId(resourceId)
    : { subscriptionId: null, resourceGroup: null };
  const tags = resourceId ? resourceTags.get(resourceId.toLowerCase()) : null;
  return {
    recommendation_id: bronze.recommendation_id,
    category: optionalString(properties.category),
    impact: optionalString(properties.impact),
    problem: optionalString(description.problem),
    solution: optionalString(description.solution),
    resource_id: resourceId,
    subscription_id: fromId.subscriptionId,
    resource_group: fromId.resourceGroup,
    impacted_type: optionalString(properties.impactedField),
    impacted_value: optionalString(properties.impactedValue),
    monthly_savings: parseSavingsAmount(extended.savingsAmount),
    annual_savings: parseSavingsAmount(extended.annualSavingsAmount),
    savings_currency: optionalString(extended.savingsCurrency),
    last_updated: toIsoTimestamp(properties.lastUpdated),
    learn_more_url: optionalString(properties.learnMoreLink),
    project_id: linkProject(tags, fromId.resourceGroup, linking),
    ingested_at: bronze.ingested_at ?? null,
    removed_at: null,
  };
}

/** Rows and how many of them no project claims. */
export interface LinkCount {
  total: number;
  unlinked: number;
}

/** Counts silver rows whose project_id is null. */
export function countUnlinked(rows: SqlRow[]): LinkCount {
  return {
    total: rows.length,
    unlinked: rows.filter(
      row => row.project_id === null || row.project_id === undefined,
    ).length,
  };
}
