export {
  controlRoomSandboxServiceRef,
  type ControlRoomSandboxService,
  type NotionSandboxConnection,
} from './sandboxServiceRef';
export {
  assertSourcesConfigured,
  isSandboxEnabled,
  missingSourceSettings,
  SANDBOX_ENABLED_KEY,
} from './sourceSettings';
