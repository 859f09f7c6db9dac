import type { RichTextItemResponse } from '@notionhq/client';
import { EMPTY, NormalizedValue, text } from './types';

/** Plain text of a rich text array; mentions and equations included. */
export function plainText(items: RichTextItemResponse[] | undefined): string {
  return (items ?? []).map(item => item.plain_text ?? '').join('');
}

/** `title` and `rich_text`: their plain text, untrimmed. */
export function normalizeRichText(
  items: RichTextItemResponse[] | undefined,
): NormalizedValue {
  return text(plainText(items));
}

/** `url`, `email`, `phone_number`: strings already. */
export function normalizeString(value: string | null | undefined) {
  return text(value);
}

/** `unique_id`: `PREFIX-12`, or `12` when the id has no prefix. */
export function normalizeUniqueId(
  value: { prefix: string | null; number: number | null } | undefined,
): NormalizedValue {
  if (!value || value.number === null || value.number === undefined) {
    return EMPTY;
  }
  return text(
    value.prefix ? `${value.prefix}-${value.number}` : String(value.number),
  );
}
