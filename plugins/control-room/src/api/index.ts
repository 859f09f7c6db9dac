export { controlRoomApiRef } from './ControlRoomApi';
export type { ControlRoomApi } from './ControlRoomApi';
export { ControlRoomClient } from './ControlRoomClient';
