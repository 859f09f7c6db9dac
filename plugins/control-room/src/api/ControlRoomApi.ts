import { createApiRef } from '@backstage/core-plugin-api';
import { HealthResponse } from '@finance-ppm/plugin-control-room-common';

/**
 * Reads the Control Room backend.
 *
 * @public
 */
export interface ControlRoomApi {
  getHealth(): Promise<HealthResponse>;
}

/** @public */
export const controlRoomApiRef = createApiRef<ControlRoomApi>({
  id: 'plugin.control-room.service',
});
