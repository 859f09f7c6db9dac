import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Read budgets, actuals, forecasts and health of projects and programs.
 *
 * @public
 */
export const controlRoomFinanceReadPermission = createPermission({
  name: 'control-room.finance.read',
  attributes: { action: 'read' },
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
