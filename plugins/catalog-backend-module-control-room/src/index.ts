/**
 * Catalog module: Notion programs and projects and Azure resources as
 * catalog entities.
 *
 * @packageDocumentation
 */

export { catalogModuleControlRoom as default } from './module';
