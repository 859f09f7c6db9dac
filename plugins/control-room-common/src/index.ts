/**
 * Types, permissions and constants shared by the Control Room frontend and
 * backend packages.
 *
 * @packageDocumentation
 */

export * from './health';
export * from './permissions';
export * from './config';
export * from './api';
