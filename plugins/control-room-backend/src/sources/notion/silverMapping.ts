import {
  ColumnDeclaration,
  notionActions,
  notionBudgetLines,
  notionPrograms,
  notionProjects,
  notionRisks,
  SqlRow,
  SqlValue,
  TableDeclaration,
} from '@finance-ppm/plugin-control-room-node';
import { NotionDatabaseName, NotionDatabaseSettings } from './config';
import {
  EMPTY,
  NormalizedDate,
  NormalizedValue,
  normalizeNotionProperty,
  toUtcInstant,
} from './normalizers';
import { DatePart, resolveColumnReferences } from './propertyReferences';

/** Where one database's pages land in silver. */
export interface SilverTarget {
  table: TableDeclaration;
  /** Column that takes the page id. */
  idColumn: string;
  /** Column that takes the page URL, when the table has one. */
  urlColumn?: string;
  /** Columns whose values must be one of a known set. */
  acceptedValues?: Record<string, string[]>;
}

const LEVELS = ['High', 'Medium', 'Low'];

export const SILVER_TARGETS: Record<NotionDatabaseName, SilverTarget> = {
  programs: { table: notionPrograms, idColumn: 'program_id' },
  projects: {
    table: notionProjects,
    idColumn: 'project_id',
    urlColumn: 'notion_url',
  },
  budget_lines: {
    table: notionBudgetLines,
    idColumn: 'budget_line_id',
    acceptedValues: { category: ['CapEx', 'OpEx'] },
  },
  risks: {
    table: notionRisks,
    idColumn: 'risk_id',
    acceptedValues: {
      impact: LEVELS,
      probability: LEVELS,
      status: ['Open', 'Mitigating', 'Closed'],
    },
  },
  actions: {
    table: notionActions,
    idColumn: 'action_id',
    urlColumn: 'notion_url',
    acceptedValues: {
      status: ['Not started', 'In progress', 'Done'],
      source: ['advisor', 'dq', 'manual'],
    },
  },
};

/** The page fields silver reads; bronze keeps the whole object. */
export interface NotionPageLike {
  id: string;
  url?: string;
  last_edited_time: string;
  in_trash?: boolean;
  archived?: boolean;
  properties: Record<string, unknown>;
}

/** A value silver could not take, kept with the reason. */
export interface NotionReject {
  page_id: string;
  property: string;
  database_name: NotionDatabaseName;
  silver_column: string;
  raw_value: string | null;
  reason: string;
  last_edited_time: string;
}

type Coerced = { value: SqlValue } | { reason: string };

const NUMBER_TEXT = /^[-+]?\d+(\.\d+)?$/;
const MAX_DECIMAL_18_2 = 1e16;
const CURRENCY = /^[A-Z]{3}$/;

function firstItem(value: NormalizedValue): string | undefined {
  return value.kind === 'list' ? value.items[0] : undefined;
}

function asText(value: NormalizedValue): string | undefined {
  switch (value.kind) {
    case 'text':
      return value.value;
    case 'number':
    case 'boolean':
      return String(value.value);
    case 'date':
      return value.start;
    case 'list':
      return firstItem(value);
    default:
      return undefined;
  }
}

function asNumber(value: NormalizedValue): number | string {
  if (value.kind === 'number') return value.value;
  const text = asText(value)?.trim();
  if (text !== undefined && NUMBER_TEXT.test(text)) return Number(text);
  return `not a number: ${JSON.stringify(asText(value) ?? value.kind)}`;
}

/** Decimal text for a JS number, without float noise such as 0.30000000000000004. */
function decimalText(value: number): string {
  return String(Number(value.toPrecision(15)));
}

/**
 * The named end of a date range as a single date; a range's missing end is
 * empty. A part of anything but a date cannot be read.
 */
export function pickDatePart(
  value: NormalizedValue,
  part: DatePart | undefined,
): NormalizedValue {
  if (!part || value.kind === 'empty' || value.kind === 'invalid') {
    return value;
  }
  if (value.kind !== 'date') {
    return {
      kind: 'invalid',
      reason: `.${part} reads a date range, but the value is ${value.kind}`,
    };
  }
  if (part === 'start') return { ...value, end: null, endUtc: null };
  if (value.end === null || value.endUtc === null) return EMPTY;
  return {
    ...value,
    start: value.end,
    end: null,
    startUtc: value.endUtc,
    endUtc: null,
  };
}

/**
 * The calendar date a Notion date shows: as written, or, for an instant
 * given with a time zone, the day it is in that zone.
 */
function calendarDate(value: NormalizedDate): string {
  if (value.hasTime && value.timeZone) {
    try {
      // en-CA formats as YYYY-MM-DD.
      return new Intl.DateTimeFormat('en-CA', {
        timeZone: value.timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      }).format(new Date(value.startUtc));
    } catch {
      // An unknown zone: the date as written.
    }
  }
  return value.start.slice(0, 10);
}

/** One normalised value as a value of the silver column's type. */
export function coerceToColumn(
  value: NormalizedValue,
  column: ColumnDeclaration,
): Coerced {
  if (value.kind === 'empty') return { value: null };
  if (value.kind === 'invalid') return { reason: value.reason };
  switch (column.type) {
    case 'decimal(18,2)':
    case 'double':
    case 'int':
    case 'bigint': {
      const number = asNumber(value);
      if (typeof number === 'string') return { reason: number };
      if (column.type === 'decimal(18,2)') {
        return Math.abs(number) >= MAX_DECIMAL_18_2
          ? { reason: `out of range for decimal(18,2): ${number}` }
          : { value: decimalText(number) };
      }
      if (column.type !== 'double' && !Number.isSafeInteger(number)) {
        return { reason: `not a whole number: ${number}` };
      }
      return { value: number };
    }
    case 'date': {
      if (value.kind === 'date') return { value: calendarDate(value) };
      const text = asText(value);
      const utc = text ? toUtcInstant(text, null) : undefined;
      return utc && text
        ? { value: text.slice(0, 10) }
        : { reason: `not a date: ${JSON.stringify(text ?? value.kind)}` };
    }
    case 'timestamp': {
      if (value.kind === 'date') return { value: value.startUtc };
      const text = asText(value);
      const utc = text ? toUtcInstant(text, null) : undefined;
      return utc
        ? { value: utc }
        : { reason: `not a timestamp: ${JSON.stringify(text ?? value.kind)}` };
    }
    case 'boolean':
      if (value.kind === 'boolean') return { value: value.value };
      return { reason: `not a checkbox: ${JSON.stringify(asText(value))}` };
    default: {
      const text = asText(value);
      return text === undefined ? { value: null } : { value: text };
    }
  }
}

/** Checks a coerced value against the column's known values. */
function checkKnownValue(
  columnName: string,
  value: SqlValue,
  target: SilverTarget,
): string | undefined {
  if (value === null) return undefined;
  if (columnName === 'currency' && !CURRENCY.test(String(value))) {
    return `not an ISO 4217 currency code: ${JSON.stringify(value)}`;
  }
  if (
    columnName === 'percent_complete' &&
    typeof value === 'number' &&
    (value < 0 || value > 1)
  ) {
    return `progress must be a fraction between 0 and 1, got ${value}`;
  }
  const accepted = target.acceptedValues?.[columnName];
  if (accepted && !accepted.includes(String(value))) {
    return `unknown value ${JSON.stringify(
      value,
    )}; expected one of ${accepted.join(', ')}`;
  }
  return undefined;
}

/** First day of the month of a `YYYY-MM-DD` date (budget periods). */
function monthStart(date: SqlValue): SqlValue {
  return typeof date === 'string' ? `${date.slice(0, 7)}-01` : date;
}

export interface SilverMappingResult {
  /** The silver row, or null when a required column has no usable value. */
  row: SqlRow | null;
  rejects: NotionReject[];
}

/**
 * Maps one Notion page to a silver row. Every value that cannot be read
 * leaves its column null and becomes a reject; a page whose required
 * column is unusable gets no row, and that is a reject too.
 */
export function mapPageToSilverRow(
  page: NotionPageLike,
  database: NotionDatabaseSettings,
  syncedAt: string,
): SilverMappingResult {
  const target = SILVER_TARGETS[database.name];
  const rejects: NotionReject[] = [];
  const reject = (
    property: string,
    column: string,
    raw: unknown,
    reason: string,
  ) =>
    rejects.push({
      page_id: page.id,
      property,
      database_name: database.name,
      silver_column: column,
      raw_value: raw === undefined ? null : JSON.stringify(raw),
      reason,
      last_edited_time: page.last_edited_time,
    });
  const lastModified = toUtcInstant(page.last_edited_time, null) ?? null;
  const row: SqlRow = {
    [target.idColumn]: page.id,
    is_archived: page.in_trash === true || page.archived === true,
    last_modified: lastModified,
    synced_at: syncedAt,
  };
  if (target.urlColumn) row[target.urlColumn] = page.url ?? null;

  const properties = page.properties ?? {};
  const references = resolveColumnReferences(
    target.table,
    database.properties,
    name => name in properties,
  );
  for (const [columnName, reference] of references) {
    const column = target.table.columns.find(c => c.name === columnName)!;
    const propertyName = reference.property;
    const raw = properties[propertyName];
    if (raw === undefined) {
      row[columnName] = null;
      if (column.nullable === false) {
        reject(propertyName, columnName, raw, 'property missing from the page');
      }
      continue;
    }
    const coerced = coerceToColumn(
      pickDatePart(normalizeNotionProperty(raw), reference.part),
      column,
    );
    if ('reason' in coerced) {
      row[columnName] = null;
      reject(propertyName, columnName, raw, coerced.reason);
      continue;
    }
    const value =
      columnName === 'period' ? monthStart(coerced.value) : coerced.value;
    const unknown = checkKnownValue(columnName, value, target);
    if (unknown) {
      row[columnName] = null;
      reject(propertyName, columnName, raw, unknown);
      continue;
    }
    row[columnName] = value;
  }

  const missingRequired = target.table.columns.filter(
    c =>
      c.nullable === false &&
      (row[c.name] === null || row[c.name] === undefined),
  );
  for (const column of missingRequired) {
    const propertyName = references.get(column.name)?.property ?? column.name;
    if (!rejects.some(r => r.silver_column === column.name)) {
      reject(
        propertyName,
        column.name,
        properties[propertyName],
        'required value is empty',
      );
    }
  }
  return { row: missingRequired.length > 0 ? null : row, rejects };
}
