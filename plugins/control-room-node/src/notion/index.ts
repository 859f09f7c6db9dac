export * from './notionClient';
export * from './notionService';
export * from './readRetry';
export * from './notionActions';
export * from './lazyNotionActionStore';
export * from './dataSources';
export * from './notionUsers';
