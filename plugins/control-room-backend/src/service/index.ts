export { checkHealth } from './health';
export { createControlRoomRouter, unauthenticatedPaths } from './apiRouter';
export type { ControlRoomRouterOptions } from './apiRouter';
export { registerControlRoomPermissions } from './permissions';
export { createDataChanges } from './dataChanges';
export type { DataChanges } from './dataChanges';
export {
  catalogProjectOwners,
  createProjectAccess,
  createProjectResources,
} from './projectAccess';
export type {
  ProjectAccess,
  ProjectOwners,
  ProjectOwnersSource,
  ProjectScope,
} from './projectAccess';
export {
  controlRoomProjectConditions,
  controlRoomProjectResourceRef,
  controlRoomProjectRules,
  createControlRoomProjectConditionalDecision,
} from './projectRules';
export type {
  ControlRoomProjectQuery,
  ControlRoomProjectResource,
} from './projectRules';
export {
  databaseSeenWebhookEvents,
  memorySeenWebhookEvents,
} from './webhookEvents';
export type { SeenWebhookEvents } from './webhookEvents';
export { readNotionWebhookOptions } from './notionWebhook';
