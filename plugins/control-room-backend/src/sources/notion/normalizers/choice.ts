import { EMPTY, NormalizedValue, text } from './types';

type Option = { name: string } | null | undefined;

/** `select` and `status`: the option name. */
export function normalizeOption(option: Option): NormalizedValue {
  return option ? text(option.name) : EMPTY;
}

/** `multi_select`: the option names, in Notion's order. */
export function normalizeOptions(
  options: { name: string }[] | undefined,
): NormalizedValue {
  const items = (options ?? []).map(option => option.name);
  return items.length === 0 ? EMPTY : { kind: 'list', items, hasMore: false };
}

/** `checkbox`: never empty; an unticked box is `false`. */
export function normalizeCheckbox(value: boolean | undefined): NormalizedValue {
  return typeof value === 'boolean'
    ? { kind: 'boolean', value }
    : { kind: 'invalid', reason: 'checkbox is not a boolean' };
}
