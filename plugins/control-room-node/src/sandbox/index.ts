export {
  controlRoomSandboxServiceRef,
  type ControlRoomSandboxService,
  type NotionSandboxConnection,
} from './sandboxServiceRef';
