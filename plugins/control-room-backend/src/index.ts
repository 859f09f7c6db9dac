/**
 * The Control Room backend plugin: sync schedulers, lakehouse, finance KPIs
 * and the REST API under `/api/control-room`.
 *
 * @packageDocumentation
 */

export { controlRoomPlugin as default } from './plugin';
