export { PipelinesTab } from './PipelinesTab';
