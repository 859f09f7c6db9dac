/**
 * The Notion and Azure emulator and its deterministic portfolio generator.
 * Used by tests, benchmarks and the local backend, never by plugin runtime
 * code.
 *
 * @packageDocumentation
 */

export { generatePortfolio, sandboxId } from './portfolio/portfolio';
export type {
  Portfolio,
  PortfolioOptions,
  SandboxProgram,
  SandboxProject,
} from './portfolio/portfolio';
export { createSeededRandom } from './portfolio/random';
export type { SeededRandom } from './portfolio/random';
