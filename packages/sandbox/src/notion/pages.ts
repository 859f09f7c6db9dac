import type { PageObjectResponse } from '@notionhq/client';
import type { Portfolio, SandboxPerson } from '../portfolio/portfolio';
import { createSeededRandom } from '../portfolio/random';
import {
  dataSourceId,
  databaseId,
  NotionDatabaseKey,
  optionOf,
  PagePropertyValue,
  personValue,
  PropertySpec,
  richText,
  SANDBOX_SCHEMA,
} from './schema';

/** Notion shows at most this many relation or people items on a page. */
export const INLINE_ARRAY_LIMIT = 25;

/** The integration's own bot user, shown as creator and editor. */
export const BOT_USER_ID = '5a4db0c0-0000-4000-8000-0000000b0700';

/** A property value in plain form, before it is shaped like Notion's. */
export type PlainValue = string | number | null | string[];

export interface StoredPage {
  id: string;
  database: NotionDatabaseKey;
  createdTime: string;
  lastEditedTime: string;
  inTrash: boolean;
  /** Plain values keyed by property name; people and relations hold ids. */
  values: Record<string, PlainValue>;
}

/** Thrown when a request names a property or value the schema rejects. */
export class NotionValidationError extends Error {}

/** Notion keeps edit times to the minute. */
export function floorToMinute(date: Date): string {
  const ms = date.getTime();
  return new Date(ms - (ms % 60_000)).toISOString();
}

const CENTS = (cents: number) => cents / 100;
const GENERATED_FROM = Date.UTC(2025, 5, 1, 8, 0);

function personIdByEmail(people: SandboxPerson[]) {
  const byEmail = new Map(people.map(p => [p.email, p.id]));
  return (email: string) => {
    const id = byEmail.get(email);
    return id ? [id] : [];
  };
}

/** The portfolio's records as plain Notion page values, per database. */
export function portfolioRecords(
  portfolio: Portfolio,
): Record<
  NotionDatabaseKey,
  Array<{ id: string; values: Record<string, PlainValue> }>
> {
  const owner = personIdByEmail(portfolio.people);
  return {
    programs: portfolio.programs.map(p => ({
      id: p.id,
      values: { Name: p.name, Status: p.status, Owner: owner(p.ownerEmail) },
    })),
    projects: portfolio.projects.map(p => ({
      id: p.id,
      values: {
        Name: p.name,
        Program: [p.programId],
        Budget: CENTS(p.budgetCents),
        Currency: p.currency,
        Start: p.startDate,
        End: p.endDate,
        Status: p.status,
        Priority: p.priority,
        Owner: owner(p.ownerEmail),
        Progress: p.progress,
      },
    })),
    budget_lines: portfolio.budgetLines.map(l => ({
      id: l.id,
      values: {
        Name: l.name,
        Project: l.projectId ? [l.projectId] : [],
        Category: l.category,
        Vendor: l.vendor,
        Month: l.month,
        Currency: l.currency,
        Amount: CENTS(l.budgetCents),
        Committed: CENTS(l.committedCents),
        'Committed date': l.committedDate,
        'Invoice date': l.invoiceDate,
        'Paid date': l.paidDate,
        Actual: CENTS(l.actualCents),
        Notes: l.notes,
      },
    })),
    risks: portfolio.risks.map(r => ({
      id: r.id,
      values: {
        Name: r.name,
        Project: [r.projectId],
        Impact: r.impact,
        Probability: r.probability,
        Status: r.status,
        Owner: owner(r.ownerEmail),
        Due: r.due,
      },
    })),
    actions: portfolio.actions.map(a => ({
      id: a.id,
      values: {
        Name: a.name,
        Project: [a.projectId],
        Status: a.status,
        Assignee: owner(a.assigneeEmail),
        Due: a.due,
        Source: a.source,
        'Source ID': a.sourceId,
      },
    })),
  };
}

/**
 * Stamps creation and edit times on the portfolio's records: one record
 * every three minutes from June 2025, each edited up to 60 days later, so
 * edit-time filters have something to select.
 */
export function initialPages(portfolio: Portfolio, seed: number): StoredPage[] {
  const random = createSeededRandom(seed);
  const records = portfolioRecords(portfolio);
  const pages: StoredPage[] = [];
  for (const database of Object.keys(records) as NotionDatabaseKey[]) {
    records[database].forEach((record, i) => {
      const created = GENERATED_FROM + i * 3 * 60_000;
      const edited = created + random.int(0, 60 * 24 * 60) * 60_000;
      pages.push({
        id: record.id,
        database,
        createdTime: new Date(created).toISOString(),
        lastEditedTime: new Date(edited).toISOString(),
        inTrash: false,
        values: record.values,
      });
    });
  }
  return pages;
}

function textOf(raw: unknown, name: string): string {
  if (!Array.isArray(raw)) {
    throw new NotionValidationError(`${name} should be an array of rich text.`);
  }
  return raw
    .map(item => {
      const content = item?.text?.content ?? item?.plain_text;
      if (typeof content !== 'string') {
        throw new NotionValidationError(
          `${name} has a rich text item without text.content.`,
        );
      }
      return content;
    })
    .join('');
}

function idsOf(raw: unknown, name: string): string[] {
  if (!Array.isArray(raw) || raw.some(item => typeof item?.id !== 'string')) {
    throw new NotionValidationError(
      `${name} should be an array of objects with an id.`,
    );
  }
  return raw.map(item => item.id as string);
}

/**
 * Reads one property value written the way Notion's create and update
 * requests take it (`{ select: { name } }`, `{ relation: [{ id }] }`, ...).
 */
export function plainFromRequest(
  spec: PropertySpec,
  raw: Record<string, unknown>,
  knownPeople: ReadonlySet<string>,
): PlainValue {
  const name = spec.name;
  if (spec.reverseOf) {
    throw new NotionValidationError(
      `${name} is a synced relation; edit ${spec.reverseOf} instead.`,
    );
  }
  if (typeof raw !== 'object' || raw === null || !(spec.type in raw)) {
    throw new NotionValidationError(`${name} is expected to be ${spec.type}.`);
  }
  const value = raw[spec.type] as any;
  switch (spec.type) {
    case 'title':
    case 'rich_text':
      return textOf(value, name);
    case 'number':
      if (value !== null && typeof value !== 'number') {
        throw new NotionValidationError(
          `${name} is expected to be a number or null.`,
        );
      }
      return value;
    case 'select':
    case 'status':
      if (value === null) return null;
      if (typeof value?.name !== 'string') {
        throw new NotionValidationError(
          `${name} is expected to name an option.`,
        );
      }
      if (spec.type === 'status' && !spec.options?.includes(value.name)) {
        throw new NotionValidationError(
          `Invalid status option "${value.name}" for ${name}.`,
        );
      }
      return value.name;
    case 'date':
      if (value === null) return null;
      if (
        typeof value?.start !== 'string' ||
        Number.isNaN(Date.parse(value.start))
      ) {
        throw new NotionValidationError(
          `${name} is expected to have a valid date start.`,
        );
      }
      return value.start;
    case 'people': {
      const ids = idsOf(value, name);
      const unknown = ids.find(id => !knownPeople.has(id));
      if (unknown) {
        throw new NotionValidationError(
          `${name} names a user that does not exist: ${unknown}.`,
        );
      }
      return ids;
    }
    case 'relation':
      return idsOf(value, name);
    default:
      throw new NotionValidationError(`${name} cannot be written.`);
  }
}

export interface RenderContext {
  peopleById: ReadonlyMap<string, SandboxPerson>;
  /** Pages whose relation property points at the given page. */
  reverse(spec: PropertySpec, pageId: string): string[];
}

/** Shapes one plain value as Notion's page property value. */
export function renderValue(
  spec: PropertySpec,
  page: StoredPage,
  context: RenderContext,
  limitArrays: boolean,
): PagePropertyValue {
  const id = spec.id;
  const plain = page.values[spec.name];
  switch (spec.type) {
    case 'title':
      return { id, type: 'title', title: richText(String(plain ?? '')) };
    case 'rich_text':
      return {
        id,
        type: 'rich_text',
        rich_text: richText(String(plain ?? '')),
      };
    case 'number':
      return {
        id,
        type: 'number',
        number: typeof plain === 'number' ? plain : null,
      };
    case 'select':
      return {
        id,
        type: 'select',
        select: typeof plain === 'string' ? optionOf(spec, plain) : null,
      };
    case 'status':
      return {
        id,
        type: 'status',
        status: typeof plain === 'string' ? optionOf(spec, plain) : null,
      };
    case 'date':
      return {
        id,
        type: 'date',
        date:
          typeof plain === 'string'
            ? { start: plain, end: null, time_zone: null }
            : null,
      };
    case 'people': {
      const all = arrayItems(page, spec, context).flatMap(personId => {
        const person = context.peopleById.get(personId);
        return person ? [personValue(person)] : [];
      });
      const shown = limitArrays ? all.slice(0, INLINE_ARRAY_LIMIT) : all;
      return {
        id,
        type: 'people',
        people: shown,
        has_more: shown.length < all.length,
      } as PagePropertyValue;
    }
    case 'relation': {
      const all = arrayItems(page, spec, context);
      const shown = limitArrays ? all.slice(0, INLINE_ARRAY_LIMIT) : all;
      return {
        id,
        type: 'relation',
        relation: shown.map(relatedId => ({ id: relatedId })),
        has_more: shown.length < all.length,
      } as PagePropertyValue;
    }
    default:
      throw new Error(`unsupported property type ${spec.type}`);
  }
}

/** The full list of ids a relation or people property holds on a page. */
export function arrayItems(
  page: StoredPage,
  spec: PropertySpec,
  context: RenderContext,
): string[] {
  if (spec.reverseOf) return context.reverse(spec, page.id);
  const plain = page.values[spec.name];
  return Array.isArray(plain) ? plain : [];
}

/** Shapes a stored page as Notion's page object. */
export function renderPage(
  page: StoredPage,
  context: RenderContext,
  limitArrays: boolean,
): PageObjectResponse {
  const spec = SANDBOX_SCHEMA[page.database];
  const properties: PageObjectResponse['properties'] = {};
  for (const property of spec.properties) {
    properties[property.name] = renderValue(
      property,
      page,
      context,
      limitArrays,
    );
  }
  const bot = { object: 'user' as const, id: BOT_USER_ID };
  return {
    object: 'page',
    id: page.id,
    created_time: page.createdTime,
    last_edited_time: page.lastEditedTime,
    in_trash: page.inTrash,
    archived: page.inTrash,
    is_archived: page.inTrash,
    is_locked: false,
    url: `https://www.notion.so/${page.id.replace(/-/g, '')}`,
    public_url: null,
    parent: {
      type: 'data_source_id',
      data_source_id: dataSourceId(page.database),
      database_id: databaseId(page.database),
    },
    properties,
    icon: null,
    cover: null,
    created_by: bot,
    last_edited_by: bot,
  };
}
