export { registerControlRoomActions } from './registerActions';
export type { ControlRoomActionsOptions } from './registerActions';
export { createNotionActions } from './createNotionActions';
