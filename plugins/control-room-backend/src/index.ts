/**
 * The Control Room backend plugin: sync schedulers, lakehouse, finance KPIs
 * and the REST API under `/api/control-room`.
 *
 * @packageDocumentation
 */

export { controlRoomPlugin as default } from './plugin';
export {
  controlRoomProjectConditions,
  controlRoomProjectResourceRef,
  controlRoomProjectRules,
  createControlRoomProjectConditionalDecision,
} from './service/projectRules';
export type {
  ControlRoomProjectQuery,
  ControlRoomProjectResource,
} from './service/projectRules';
