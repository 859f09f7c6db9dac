export { choicesOf, FilterSelect, FilterToolbar } from './FilterToolbar';
export type { FilterChoice, FilterSelectProps } from './FilterToolbar';
