export { createRouter, checkHealth } from './router';
export type { RouterOptions } from './router';
export { createControlRoomRouter, unauthenticatedPaths } from './apiRouter';
export type { ControlRoomRouterOptions } from './apiRouter';
export { registerControlRoomPermissions } from './permissions';
export { createDataChanges } from './dataChanges';
export type { DataChanges } from './dataChanges';
