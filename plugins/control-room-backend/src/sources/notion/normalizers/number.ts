import { EMPTY, NormalizedValue } from './types';

/** `number`: kept as the JS number Notion sent; null is empty. */
export function normalizeNumber(value: unknown): NormalizedValue {
  if (value === null || value === undefined) return EMPTY;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return {
      kind: 'invalid',
      reason: `not a number: ${JSON.stringify(value)}`,
    };
  }
  return { kind: 'number', value };
}
