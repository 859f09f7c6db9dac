export { ProjectsTab } from './ProjectsTab';
