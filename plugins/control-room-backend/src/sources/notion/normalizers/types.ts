import type { PageObjectResponse } from '@notionhq/client';

/** One property value as it sits on a Notion page object. */
export type NotionPropertyValue = PageObjectResponse['properties'][string];

/** The Notion property types, as the SDK names them. */
export type NotionPropertyType = NotionPropertyValue['type'];

/** A date or date range; `start`/`end` are ISO text as Notion wrote them. */
export interface NormalizedDate {
  kind: 'date';
  start: string;
  end: string | null;
  /** True when Notion gave a time of day, not only a calendar date. */
  hasTime: boolean;
  /** Start as an instant in UTC (ISO 8601); midnight UTC for a plain date. */
  startUtc: string;
  endUtc: string | null;
  timeZone: string | null;
}

/**
 * A property value reduced to what silver needs, whatever its Notion type.
 * `empty` is a property with no value, which is not an error.
 */
export type NormalizedValue =
  | { kind: 'empty' }
  | { kind: 'text'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | NormalizedDate
  /** People (emails, or ids when no email), relations (page ids), files. */
  | { kind: 'list'; items: string[]; hasMore: boolean }
  /** A value this project cannot read (an unsupported or broken type). */
  | { kind: 'invalid'; reason: string };

export const EMPTY: NormalizedValue = { kind: 'empty' };

export function text(value: string | null | undefined): NormalizedValue {
  return value === null || value === undefined || value === ''
    ? EMPTY
    : { kind: 'text', value };
}
