/**
 * What the Control Room backend plugin and its catalog and scaffolder modules
 * share: the lakehouse and Notion service refs and the declared tables.
 *
 * @packageDocumentation
 */

export {};
