export { registerControlRoomActions } from './registerActions';
export type { ControlRoomActionsOptions } from './registerActions';
