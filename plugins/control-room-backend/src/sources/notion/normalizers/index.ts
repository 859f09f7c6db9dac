import { normalizeCheckbox, normalizeOption, normalizeOptions } from './choice';
import { normalizeFormula, normalizeRollup } from './computed';
import { normalizeDate, normalizeTimestamp } from './date';
import { normalizeNumber } from './number';
import {
  normalizeFiles,
  normalizePeople,
  normalizeRelation,
  normalizeUser,
} from './people';
import { normalizeRichText, normalizeString, normalizeUniqueId } from './text';
import { NormalizedValue } from './types';

export * from './types';
export { toUtcInstant } from './date';
export { plainText } from './text';

/** The property types `normalizeNotionProperty` reads. */
export const SUPPORTED_PROPERTY_TYPES = [
  'title',
  'rich_text',
  'select',
  'multi_select',
  'status',
  'number',
  'date',
  'created_time',
  'last_edited_time',
  'unique_id',
  'people',
  'relation',
  'created_by',
  'last_edited_by',
  'formula',
  'rollup',
  'checkbox',
  'url',
  'email',
  'phone_number',
  'files',
] as const;

/**
 * Any Notion property value (from a page object, or rebuilt from property
 * items) to a `NormalizedValue`. Pure; never throws: a value it cannot read
 * comes back as `invalid` with the reason, for the rejects table.
 */
export function normalizeNotionProperty(property: unknown): NormalizedValue {
  if (!property || typeof property !== 'object') {
    return { kind: 'invalid', reason: 'property value is not an object' };
  }
  // Loose access on purpose: bronze may hold rows a newer API version wrote.
  const value = property as Record<string, any> & { type?: string };
  const payload = value.type ? value[value.type] : undefined;
  switch (value.type) {
    case 'title':
    case 'rich_text':
      return normalizeRichText(payload);
    case 'select':
    case 'status':
      return normalizeOption(payload);
    case 'multi_select':
      return normalizeOptions(payload);
    case 'number':
      return normalizeNumber(payload);
    case 'date':
      return normalizeDate(payload);
    case 'created_time':
    case 'last_edited_time':
      return normalizeTimestamp(payload);
    case 'unique_id':
      return normalizeUniqueId(payload);
    case 'people':
      return normalizePeople(payload, value.has_more === true);
    case 'relation':
      return normalizeRelation(payload, value.has_more === true);
    case 'created_by':
    case 'last_edited_by':
      return normalizeUser(payload);
    case 'formula':
      return normalizeFormula(payload);
    case 'rollup':
      return normalizeRollup(payload, normalizeNotionProperty);
    case 'checkbox':
      return normalizeCheckbox(payload);
    case 'url':
    case 'email':
    case 'phone_number':
      return normalizeString(payload);
    case 'files':
      return normalizeFiles(payload);
    default:
      return {
        kind: 'invalid',
        reason: `unsupported property type ${JSON.stringify(value.type)}`,
      };
  }
}

/**
 * Rebuilds one page property value from the property-item list the
 * `GET /v1/pages/{id}/properties/{property}` endpoint pages through (title,
 * rich_text, relation and people come one item per result).
 */
export function propertyValueFromItems(
  type: string,
  items: Array<Record<string, any>>,
): Record<string, unknown> {
  const values = items.map(item => item[type]);
  return { type, [type]: values, has_more: false };
}
