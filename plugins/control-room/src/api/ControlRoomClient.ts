import { ControlRoomClient as CommonControlRoomClient } from '@finance-ppm/plugin-control-room-common';
import { ControlRoomApi } from './ControlRoomApi';

/**
 * Calls `/api/control-room` through the app's discovery and fetch APIs, so
 * the user's Backstage token goes along. It is the common package's typed
 * client; this subclass only names it for the frontend.
 *
 * @public
 */
export class ControlRoomClient
  extends CommonControlRoomClient
  implements ControlRoomApi {}
