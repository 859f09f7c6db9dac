export { createAlertMonitor } from './alertMonitor';
export type { AlertMonitor, AlertEvaluation } from './alertMonitor';
export { readAlertSettings } from './config';
export type { AlertSettings } from './config';
export { catalogProjectDirectory } from './projectDirectory';
export type { ProjectDirectory } from './projectDirectory';
export { createAlertStateStore, ALERT_STATE_TABLE } from './alertState';
export type { AlertStateStore } from './alertState';
export { toOpenAlert } from './openAlerts';
