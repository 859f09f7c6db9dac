/**
 * The Notion, Azure and Databricks emulators and the deterministic portfolio
 * generator.
 * Used by tests, benchmarks and the local backend, never by plugin runtime
 * code.
 *
 * @packageDocumentation
 */

export {
  generatePortfolio,
  sandboxId,
  SANDBOX_ID_KIND,
} from './portfolio/portfolio';
export type {
  Currency,
  PlantedDefect,
  PlantedDefectKind,
  Portfolio,
  PortfolioOptions,
  SandboxAction,
  SandboxBudgetLine,
  SandboxPerson,
  SandboxProgram,
  SandboxProject,
  SandboxRisk,
} from './portfolio/portfolio';
export { createSeededRandom } from './portfolio/random';
export type { SeededRandom } from './portfolio/random';
export { createNotionSandbox, NOTION_API_VERSION } from './notion/sandbox';
export type {
  NotionDatabaseIds,
  NotionFault,
  NotionRequestLogEntry,
  NotionSandbox,
  NotionSandboxOptions,
} from './notion/sandbox';
export {
  createNotionFaultControl,
  NOTION_FAULT_PATH,
  parseNotionFault,
} from './notion/faultControl';
export { INLINE_ARRAY_LIMIT } from './notion/pages';
export { NOTION_DATABASE_KEYS, SANDBOX_SCHEMA } from './notion/schema';
export type {
  DatabaseSpec,
  NotionDatabaseKey,
  PropertySpec,
  SandboxPropertyType,
} from './notion/schema';
export { createTokenBucket } from './notion/rateLimiter';
export type {
  TokenBucket,
  TokenBucketOptions,
  TokenDecision,
} from './notion/rateLimiter';
export { startSandboxServer } from './server';
export type { SandboxServer, SandboxServerOptions } from './server';
export * from './azure';
export * from './databricks';
