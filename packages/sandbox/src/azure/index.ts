export { createAzureSandbox } from './sandbox';
export type {
  AzureSandbox,
  AzureSandboxFaults,
  AzureSandboxOptions,
  AzureSandboxRequest,
} from './sandbox';
export {
  ADVISOR_CATEGORIES,
  generateAzureInventory,
  SANDBOX_PROJECT_TAG,
} from './generate';
export type {
  AdvisorCategory,
  AzureInventory,
  AzureInventoryOptions,
  SandboxAzureResource,
  SandboxRecommendation,
} from './generate';
export {
  createMswHttpClient,
  createSandboxAzureHttpClient,
  sandboxAzureCredential,
} from './httpClient';
export {
  COST_COLUMNS,
  costQueryRows,
  createSandboxCostModel,
  invalidCostQuery,
} from './costManagement';
export type { SandboxCostModel, SandboxDailyCost } from './costManagement';
