import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Resource type of a project's finance data: its budget lines, actuals,
 * forecast, health, risks, actions, resources and recommendations.
 *
 * @public
 */
export const CONTROL_ROOM_PROJECT_RESOURCE_TYPE = 'control-room-project';

/**
 * Read budgets, actuals, forecasts and health of projects and programs.
 * A policy may answer it with conditions on the project (its owner, its
 * program's owner, its program), so each user reads only some projects;
 * portfolio totals then sum only those.
 *
 * @public
 */
export const controlRoomFinanceReadPermission = createPermission({
  name: 'control-room.finance.read',
  attributes: { action: 'read' },
  resourceType: CONTROL_ROOM_PROJECT_RESOURCE_TYPE,
});

/**
 * Create an action page in the Notion actions database.
 *
 * @public
 */
export const controlRoomActionCreatePermission = createPermission({
  name: 'control-room.action.create',
  attributes: { action: 'create' },
});

/**
 * Start a pipeline job outside its schedule.
 *
 * @public
 */
export const controlRoomJobRunPermission = createPermission({
  name: 'control-room.job.run',
  attributes: { action: 'update' },
});

/** @public */
export const controlRoomPermissions = [
  controlRoomFinanceReadPermission,
  controlRoomActionCreatePermission,
  controlRoomJobRunPermission,
];
