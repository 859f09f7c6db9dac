export { AdvisorTab } from './AdvisorTab';
