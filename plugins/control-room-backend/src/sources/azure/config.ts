import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { ProjectLinking } from './transforms';

export type AdvisorSource = 'resource-graph' | 'advisor-api';

const ADVISOR_SOURCES: AdvisorSource[] = ['resource-graph', 'advisor-api'];

/** `controlRoom.azure` with defaults applied; see the wiring notes. */
export interface AzureSourceSettings extends ProjectLinking {
  tenantId?: string;
  clientId?: string;
  /** Never logged or echoed in errors. */
  clientSecret?: string;
  subscriptions: string[];
  advisorSource: AdvisorSource;
  /** Subscriptions per Resource Graph request. */
  subscriptionBatchSize: number;
  /** Rows per Resource Graph page (the service caps it at 1,000). */
  pageSize: number;
  /** `controlRoom.azure.costManagement`, defaults applied. */
  costManagement?: CostManagementSettings;
}

/** How the Cost Management pull reads spend. */
export interface CostManagementSettings {
  /** Queried besides `subscriptions/<id>` for every subscription. */
  billingScopes: string[];
  backfillMonths: number;
  refreshDays: number;
  maxThrottleRetries: number;
}

export const DEFAULT_COST_MANAGEMENT: CostManagementSettings = {
  billingScopes: [],
  backfillMonths: 13,
  refreshDays: 5,
  maxThrottleRetries: 5,
};

export const DEFAULT_PROJECT_TAG = 'ppm-project';
export const DEFAULT_SUBSCRIPTION_BATCH_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 1000;

/** Reads `controlRoom.azure`; absent block means nothing configured. */
export function readAzureConfig(config: Config): AzureSourceSettings {
  const azure = config.getOptionalConfig('controlRoom.azure');
  const advisorSource =
    azure?.getOptionalString('advisorSource') ?? 'resource-graph';
  if (!ADVISOR_SOURCES.includes(advisorSource as AdvisorSource)) {
    throw new InputError(
      `controlRoom.azure.advisorSource must be one of ${ADVISOR_SOURCES.join(
        ', ',
      )}; got '${advisorSource}'`,
    );
  }
  const groups = azure?.getOptionalConfig('resourceGroupProjects');
  const resourceGroupProjects: Record<string, string> = {};
  for (const group of groups?.keys() ?? []) {
    resourceGroupProjects[group] = groups!.getString(group);
  }
  const positive = (key: string, fallback: number, max?: number) => {
    const value = azure?.getOptionalNumber(key) ?? fallback;
    if (!Number.isInteger(value) || value < 1 || (max && value > max)) {
      throw new InputError(
        `controlRoom.azure.${key} must be an integer from 1${
          max ? ` to ${max}` : ''
        }; got ${value}`,
      );
    }
    return value;
  };
  return {
    tenantId: azure?.getOptionalString('tenantId'),
    clientId: azure?.getOptionalString('clientId'),
    clientSecret: azure?.getOptionalString('clientSecret'),
    subscriptions: azure?.getOptionalStringArray('subscriptions') ?? [],
    projectTag: azure?.getOptionalString('projectTag') ?? DEFAULT_PROJECT_TAG,
    resourceGroupProjects,
    advisorSource: advisorSource as AdvisorSource,
    subscriptionBatchSize: positive(
      'subscriptionBatchSize',
      DEFAULT_SUBSCRIPTION_BATCH_SIZE,
      1000,
    ),
    pageSize: positive('pageSize', DEFAULT_PAGE_SIZE, 1000),
    costManagement: {
      billingScopes:
        azure?.getOptionalStringArray('costManagement.billingScopes') ?? [],
      backfillMonths: positive(
        'costManagement.backfillMonths',
        DEFAULT_COST_MANAGEMENT.backfillMonths,
        120,
      ),
      refreshDays: positive(
        'costManagement.refreshDays',
        DEFAULT_COST_MANAGEMENT.refreshDays,
        31,
      ),
      maxThrottleRetries: positive(
        'costManagement.maxThrottleRetries',
        DEFAULT_COST_MANAGEMENT.maxThrottleRetries,
        50,
      ),
    },
  };
}

/**
 * True when Azure can be reached for real: subscriptions are listed. Without
 * them the backend should use the sandbox.
 */
export function hasAzureSubscriptions(settings: AzureSourceSettings): boolean {
  return settings.subscriptions.length > 0;
}
