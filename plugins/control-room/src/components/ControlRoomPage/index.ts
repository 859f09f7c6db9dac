export { ControlRoomPage, CONTROL_ROOM_TABS } from './ControlRoomPage';
