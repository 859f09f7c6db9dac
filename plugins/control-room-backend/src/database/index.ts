export { migrateDatabase, openPluginDatabase } from './migrateDatabase';
export {
  ACTION_CLAIMS_TABLE,
  createClaimedActionCreator,
  processActionCreator,
  type ActionCreator,
  type CreatedAction,
} from './actionClaims';
