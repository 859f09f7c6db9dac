export * from './DateRange';
export * from './states';
export * from './TabFrame';
export * from './useJobRunsRefresh';
export * from './MoneyChart';
export * from './ProjectLink';
export * from './useUrlParam';
