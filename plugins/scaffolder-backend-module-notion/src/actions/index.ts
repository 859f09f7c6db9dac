export {
  createNotionTaskAction,
  type NotionTaskDependencies,
  type ProjectEntity,
} from './createNotionTask';
export { markdownToBlocks } from './markdownToBlocks';
export {
  createControlRoomActionCreator,
  createNotionTaskDependencies,
} from './dependencies';
