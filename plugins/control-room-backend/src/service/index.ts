export { checkHealth } from './health';
export { createControlRoomRouter, unauthenticatedPaths } from './apiRouter';
export type { ControlRoomRouterOptions } from './apiRouter';
export { registerControlRoomPermissions } from './permissions';
export { createDataChanges } from './dataChanges';
export type { DataChanges } from './dataChanges';
