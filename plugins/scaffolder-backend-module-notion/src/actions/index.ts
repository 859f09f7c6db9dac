export {
  createNotionTaskAction,
  type NotionTaskDependencies,
  type ProjectEntity,
} from './createNotionTask';
export { markdownToBlocks } from './markdownToBlocks';
export { createNotionTaskDependencies } from './dependencies';
