export * from './config';
export * from './pulls';
export { createNotionBronzeSync } from './bronzeSync';
export type { DataSourceSyncResult, NotionBronzeSync } from './bronzeSync';
export { rebuildNotionSilver } from './silverTransform';
export { mapPageToSilverRow, SILVER_TARGETS } from './silverMapping';
export type { NotionReject, NotionPageLike } from './silverMapping';
export * from './normalizers';
export {
  createNotionSource,
  resolveNotionSettings,
} from './createNotionSource';
export type { NotionSource } from './createNotionSource';
