export * from './notionClient';
export * from './notionService';
export * from './readRetry';
