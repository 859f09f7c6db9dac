export { ControlRoomPage } from './ControlRoomPage';
