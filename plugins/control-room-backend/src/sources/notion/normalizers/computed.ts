import { normalizeDate } from './date';
import { normalizeNumber } from './number';
import { EMPTY, NormalizedValue, text } from './types';

type FormulaResult =
  | { type: 'string'; string: string | null }
  | { type: 'number'; number: number | null }
  | { type: 'boolean'; boolean: boolean | null }
  | { type: 'date'; date: { start: string; end: string | null } | null };

/** `formula`: string, number, boolean or date results. */
export function normalizeFormula(
  formula: FormulaResult | undefined,
): NormalizedValue {
  switch (formula?.type) {
    case 'string':
      return text(formula.string);
    case 'number':
      return normalizeNumber(formula.number);
    case 'boolean':
      return formula.boolean === null
        ? EMPTY
        : { kind: 'boolean', value: formula.boolean };
    case 'date':
      return normalizeDate(formula.date);
    default:
      return {
        kind: 'invalid',
        reason: `unknown formula result type ${JSON.stringify(
          (formula as { type?: unknown } | undefined)?.type,
        )}`,
      };
  }
}

/** Flattens one rolled-up value into text items for a list. */
function rollupItems(value: NormalizedValue): string[] {
  switch (value.kind) {
    case 'text':
      return [value.value];
    case 'number':
    case 'boolean':
      return [String(value.value)];
    case 'date':
      return [value.start];
    case 'list':
      return value.items;
    default:
      return [];
  }
}

type RollupResult =
  | { type: 'number'; number: number | null }
  | { type: 'date'; date: { start: string; end: string | null } | null }
  | { type: 'array'; array: unknown[] }
  | { type: 'incomplete' | 'unsupported' };

/**
 * `rollup`: number and date results as such; arrays as the flattened list
 * of their items, each normalised as the property it rolls up.
 */
export function normalizeRollup(
  rollup: RollupResult | undefined,
  normalizeItem: (item: unknown) => NormalizedValue,
): NormalizedValue {
  switch (rollup?.type) {
    case 'number':
      return normalizeNumber(rollup.number);
    case 'date':
      return normalizeDate(rollup.date);
    case 'array': {
      const items = rollup.array.flatMap(item =>
        rollupItems(normalizeItem(item)),
      );
      return items.length === 0
        ? EMPTY
        : { kind: 'list', items, hasMore: false };
    }
    case 'incomplete':
      return { kind: 'invalid', reason: 'rollup is incomplete' };
    default:
      return {
        kind: 'invalid',
        reason: `unsupported rollup type ${JSON.stringify(
          (rollup as { type?: unknown } | undefined)?.type,
        )}`,
      };
  }
}
