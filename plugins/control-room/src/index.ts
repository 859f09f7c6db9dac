/**
 * The Control Room frontend plugin (legacy frontend system). Apps on the new
 * frontend system import `@finance-ppm/plugin-control-room/alpha`.
 *
 * @packageDocumentation
 */

export {
  controlRoomPlugin,
  ControlRoomPage,
  EntityControlRoomCard,
  EntityControlRoomContent,
} from './plugin';
export { controlRoomApiRef, ControlRoomClient } from './api';
export type { ControlRoomApi } from './api';
export { hasProjectFinance } from './lib/catalogLinks';
