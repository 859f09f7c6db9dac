export { createAlertMonitor } from './alertMonitor';
export type { AlertMonitor, AlertEvaluation } from './alertMonitor';
export { readAlertSettings } from './config';
export type { AlertSettings } from './config';
export { catalogProjectDirectory } from './projectDirectory';
export type { ProjectDirectory } from './projectDirectory';
export { readOpenAlerts } from './alertQueries';
export { toOpenAlert } from './openAlerts';
