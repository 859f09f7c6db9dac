/**
 * Scaffolder module with the `notion:task:create` action.
 *
 * @packageDocumentation
 */

export { scaffolderModuleNotion as default } from './module';
export {
  createControlRoomActionCreator,
  createNotionTaskAction,
  createNotionTaskDependencies,
  markdownToBlocks,
  type NotionTaskDependencies,
  type ProjectEntity,
} from './actions';
