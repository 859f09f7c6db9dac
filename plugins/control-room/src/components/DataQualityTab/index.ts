export { DataQualityTab } from './DataQualityTab';
