import { createApiRef } from '@backstage/core-plugin-api';
import { ControlRoomApiCalls } from '@finance-ppm/plugin-control-room-common';

/**
 * Reads and writes the Control Room backend; the calls and their types are
 * the common package's, so frontend and backend share one contract.
 *
 * @public
 */
export type ControlRoomApi = ControlRoomApiCalls;

/** @public */
export const controlRoomApiRef = createApiRef<ControlRoomApi>({
  id: 'plugin.control-room.service',
});
