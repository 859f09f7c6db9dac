import { generatePortfolio, SandboxProject } from '../portfolio/portfolio';
import { createSeededRandom } from '../portfolio/random';

/** A Resources row as Resource Graph returns it in objectArray format. */
export interface SandboxAzureResource {
  id: string;
  name: string;
  type: string;
  resourceGroup: string;
  subscriptionId: string;
  location: string;
  tags: Record<string, string>;
  sku: { name: string; tier?: string } | null;
  kind: string;
  properties: Record<string, unknown>;
}

/** An Advisor recommendation in the ARM wire shape. */
export interface SandboxRecommendation {
  id: string;
  name: string;
  type: 'Microsoft.Advisor/recommendations';
  properties: {
    category: AdvisorCategory;
    impact: 'High' | 'Medium' | 'Low';
    impactedField: string;
    impactedValue: string;
    lastUpdated: string;
    shortDescription: { problem: string; solution: string };
    resourceMetadata: { resourceId: string };
    extendedProperties: Record<string, string>;
    learnMoreLink: string;
  };
}

export const ADVISOR_CATEGORIES = [
  'Cost',
  'Security',
  'HighAvailability',
  'Performance',
  'OperationalExcellence',
] as const;
export type AdvisorCategory = (typeof ADVISOR_CATEGORIES)[number];

export const SANDBOX_PROJECT_TAG = 'ppm-project';

export interface AzureInventoryOptions {
  seed?: number;
  /** Projects to tag resources to; default the default sandbox portfolio. */
  projects?: Array<Pick<SandboxProject, 'id' | 'name' | 'currency'>>;
  subscriptions?: number;
  resourcesPerProject?: number;
  /** Resources in a shared group that no project claims. */
  unlinkedResources?: number;
}

export interface AzureInventory {
  subscriptions: string[];
  resources: SandboxAzureResource[];
  recommendations: SandboxRecommendation[];
  /** Groups whose resources carry no tag and are linked by this map only. */
  resourceGroupProjects: Record<string, string>;
}

const RESOURCE_KINDS = [
  {
    type: 'microsoft.compute/virtualmachines',
    provider: 'Microsoft.Compute/virtualMachines',
    kind: '',
    sku: null,
    properties: { hardwareProfile: { vmSize: 'Standard_D4s_v5' } },
  },
  {
    type: 'microsoft.storage/storageaccounts',
    provider: 'Microsoft.Storage/storageAccounts',
    kind: 'StorageV2',
    sku: { name: 'Standard_LRS', tier: 'Standard' },
    properties: { accessTier: 'Hot' },
  },
  {
    type: 'microsoft.sql/servers/databases',
    provider: 'Microsoft.Sql/servers/sqlsrv/databases',
    kind: 'v12.0,user',
    sku: { name: 'GP_Gen5_2', tier: 'GeneralPurpose' },
    properties: { status: 'Online' },
  },
  {
    type: 'microsoft.web/sites',
    provider: 'Microsoft.Web/sites',
    kind: 'app,linux',
    sku: null,
    properties: { state: 'Running' },
  },
  {
    type: 'microsoft.compute/disks',
    provider: 'Microsoft.Compute/disks',
    kind: '',
    sku: { name: 'Premium_LRS', tier: 'Premium' },
    properties: { diskSizeGB: 128, diskState: 'Unattached' },
  },
] as const;

const LOCATIONS = ['westeurope', 'northeurope', 'eastus', 'uksouth'];

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function subscriptionId(n: number): string {
  return `00000000-5a4d-4b0c-8000-${n.toString(16).padStart(12, '0')}`;
}

/** Savings with four decimals, as Advisor sends them: a string. */
function savingsText(random: ReturnType<typeof createSeededRandom>): string {
  const tenThousandths = random.int(5_0000, 2_500_0000);
  const text = String(tenThousandths).padStart(5, '0');
  return `${text.slice(0, -4)}.${text.slice(-4)}`;
}

function annualText(monthly: string): string {
  const [whole, fraction] = monthly.split('.');
  const total = BigInt(`${whole}${fraction}`) * 12n;
  const text = total.toString().padStart(5, '0');
  return `${text.slice(0, -4)}.${text.slice(-4)}`;
}

/**
 * Resources for the portfolio's projects and Advisor recommendations in
 * every category, with savings on the Cost ones only. Every fourth project's group is linked only
 * through the resource-group map (no tag); a shared group is unlinked.
 */
export function generateAzureInventory(
  options: AzureInventoryOptions = {},
): AzureInventory {
  const {
    seed = 42,
    projects = generatePortfolio({ seed }).projects,
    subscriptions: subscriptionCount = 2,
    resourcesPerProject = 3,
    unlinkedResources = 4,
  } = options;
  const random = createSeededRandom(seed + 7);
  const subscriptions = Array.from({ length: subscriptionCount }, (_, i) =>
    subscriptionId(i + 1),
  );
  const resources: SandboxAzureResource[] = [];
  const currencyByResource = new Map<string, string>();
  const resourceGroupProjects: Record<string, string> = {};

  const addResource = (
    group: string,
    subscription: string,
    index: number,
    tags: Record<string, string>,
    currency: string,
  ) => {
    const shape = RESOURCE_KINDS[index % RESOURCE_KINDS.length];
    const name = `${group.replace(/^rg-/, '')}-${index}`;
    const id = `/subscriptions/${subscription}/resourceGroups/${group}/providers/${shape.provider}/${name}`;
    resources.push({
      id,
      name,
      type: shape.type,
      resourceGroup: group,
      subscriptionId: subscription,
      location: random.pick(LOCATIONS),
      tags,
      sku: shape.sku ? { ...shape.sku } : null,
      kind: shape.kind,
      properties: { ...shape.properties },
    });
    currencyByResource.set(id, currency);
  };

  projects.forEach((project, p) => {
    const group = `rg-${slug(project.name)}-${p}`;
    const subscription = subscriptions[p % subscriptions.length];
    const linkedByGroup = p % 4 === 3;
    if (linkedByGroup) resourceGroupProjects[group] = project.id;
    for (let r = 0; r < resourcesPerProject; r++) {
      const tags: Record<string, string> = linkedByGroup
        ? { environment: 'prod' }
        : { [SANDBOX_PROJECT_TAG]: project.id, environment: 'prod' };
      addResource(
        group,
        subscription,
        p * resourcesPerProject + r,
        tags,
        project.currency,
      );
    }
  });
  for (let u = 0; u < unlinkedResources; u++) {
    addResource('rg-shared-platform', subscriptions[0], 10_000 + u, {}, 'USD');
  }

  const recommendations = resources.map((resource, i) => {
    const category = ADVISOR_CATEGORIES[i % ADVISOR_CATEGORIES.length];
    // Advisor prices only Cost recommendations; the others carry no savings.
    const monthly = category === 'Cost' ? savingsText(random) : undefined;
    const guid = `5a4db0c0-ad00-4000-8000-${i.toString(16).padStart(12, '0')}`;
    const recommendation: SandboxRecommendation = {
      id: `${resource.id}/providers/Microsoft.Advisor/recommendations/${guid}`,
      name: guid,
      type: 'Microsoft.Advisor/recommendations',
      properties: {
        category,
        impact: random.pick(['High', 'Medium', 'Low'] as const),
        impactedField: resource.type,
        impactedValue: resource.name,
        lastUpdated: new Date(
          Date.UTC(2026, 10, 1 + (i % 20), 6, 0, 0),
        ).toISOString(),
        shortDescription: {
          problem: `${category} issue on ${resource.name}`,
          solution: `Apply the ${category} recommendation to ${resource.name}`,
        },
        resourceMetadata: { resourceId: resource.id },
        extendedProperties: monthly
          ? {
              savingsAmount: monthly,
              annualSavingsAmount: annualText(monthly),
              savingsCurrency: currencyByResource.get(resource.id) ?? 'USD',
            }
          : {},
        learnMoreLink: `https://aka.ms/advisor/${category.toLowerCase()}`,
      },
    };
    return recommendation;
  });

  return { subscriptions, resources, recommendations, resourceGroupProjects };
}
