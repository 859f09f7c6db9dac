export { createAzurePulls, countUnlinkedAzureRows } from './azurePulls';
export type {
  AzureLinkCounts,
  AzurePullDeps,
  AzurePullJobId,
  AzurePulls,
} from './azurePulls';
export { createAzureClients } from './clients';
export type { AzureClientOptions, AzureClients } from './clients';
export {
  DEFAULT_PROJECT_TAG,
  hasAzureSubscriptions,
  readAzureConfig,
} from './config';
export type { AdvisorSource, AzureSourceSettings } from './config';
export { createAzureCredential } from './credentials';
export type { LinkCount, ProjectLinking } from './transforms';
export { createAzureSource } from './azureSource';
export type { AzureSandboxConnection, AzureSourceOptions } from './azureSource';
export { createCostPulls, costScopes } from './costPulls';
export type { CostPullDeps, CostPulls } from './costPulls';
export { createCostManagementClient } from './costManagement';
