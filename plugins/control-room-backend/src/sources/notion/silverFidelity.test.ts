import {
  DuckDbLakehouse,
  Lakehouse,
  lakehouseTables,
  notionProjects,
  silverChecks,
} from '@finance-ppm/plugin-control-room-node';
import { migrateLakehouse } from '../../lakehouse/migrations';
import { runDataQualityChecks } from '../../quality/runDataQualityChecks';
import { DEFAULT_PROPERTY_NAMES, NotionDatabaseSettings } from './config';
import {
  parsePropertyReference,
  resolveColumnReferences,
} from './propertyReferences';
import { mapPageToSilverRow, NotionPageLike } from './silverMapping';

/*
 * Notion-shaped page objects (as `POST /v1/data_sources/{id}/query` returns
 * them) with one date-range property for the project timeline.
 */

const SYNCED_AT = '2026-11-25T06:00:00.000Z';

function title(text: string) {
  return {
    id: 'title',
    type: 'title',
    title: [
      {
        type: 'text',
        text: { content: text, link: null },
        annotations: {
          bold: false,
          italic: false,
          strikethrough: false,
          underline: false,
          code: false,
          color: 'default',
        },
        plain_text: text,
        href: null,
      },
    ],
  };
}

function dateProperty(
  id: string,
  date: { start: string; end: string | null; time_zone: string | null },
) {
  return { id, type: 'date', date };
}

function projectPage(
  id: string,
  properties: Record<string, unknown>,
): NotionPageLike {
  return {
    id,
    url: `https://www.notion.so/${id.replace(/-/g, '')}`,
    last_edited_time: '2026-11-24T10:00:00.000Z',
    in_trash: false,
    properties: { Name: title(`Project ${id.slice(0, 4)}`), ...properties },
  };
}

const projects = (
  properties: Record<string, string>,
): NotionDatabaseSettings => ({
  name: 'projects',
  id: 'projects-db',
  syncIntervalMinutes: 5,
  properties: { ...DEFAULT_PROPERTY_NAMES.projects, ...properties },
});

/** Both mapping forms the docs name. */
const SAME_PROPERTY = projects({
  start_date: 'Timeline',
  end_date: 'Timeline',
});
const EXPLICIT_PARTS = projects({
  start_date: 'Timeline.start',
  end_date: 'Timeline.end',
});

describe.each([
  ['one property for both columns', SAME_PROPERTY],
  ['Timeline.start and Timeline.end', EXPLICIT_PARTS],
])('a project timeline mapped as %s', (_, settings) => {
  it('fills start_date from the start and end_date from the end of a range with a time zone', () => {
    const { row, rejects } = mapPageToSilverRow(
      projectPage('aaaa0001-0000-4000-8000-000000000001', {
        // Notion writes wall-clock times without an offset when a time zone is set.
        Timeline: dateProperty('tl%3A', {
          start: '2026-04-01T09:00:00.000',
          end: '2026-09-30T17:30:00.000',
          time_zone: 'America/New_York',
        }),
      }),
      settings,
      SYNCED_AT,
    );
    expect(rejects).toEqual([]);
    expect(row).toMatchObject({
      start_date: '2026-04-01',
      end_date: '2026-09-30',
    });
  });

  it('takes the calendar day in the time zone of an instant written in UTC', () => {
    const { row } = mapPageToSilverRow(
      projectPage('aaaa0002-0000-4000-8000-000000000002', {
        Timeline: dateProperty('tl%3A', {
          start: '2026-03-31T23:30:00.000Z',
          end: '2026-06-30T22:30:00.000+00:00',
          time_zone: 'Europe/Berlin',
        }),
      }),
      settings,
      SYNCED_AT,
    );
    expect(row).toMatchObject({
      start_date: '2026-04-01',
      end_date: '2026-07-01',
    });
  });

  it('leaves end_date empty for a range whose end is null, never the start', () => {
    const { row, rejects } = mapPageToSilverRow(
      projectPage('aaaa0003-0000-4000-8000-000000000003', {
        Timeline: dateProperty('tl%3A', {
          start: '2026-05-04',
          end: null,
          time_zone: null,
        }),
      }),
      settings,
      SYNCED_AT,
    );
    expect(rejects).toEqual([]);
    expect(row).toMatchObject({ start_date: '2026-05-04', end_date: null });
  });
});

describe('the range rule on other date columns', () => {
  it('fills any two date columns that share a range property, earlier column first', () => {
    const { row, rejects } = mapPageToSilverRow(
      {
        id: 'line-1',
        last_edited_time: '2026-03-02T10:00:00.000Z',
        properties: {
          Project: {
            id: 'p',
            type: 'relation',
            relation: [{ id: 'proj-1' }],
            has_more: false,
          },
          Billing: dateProperty('b', {
            start: '2026-03-10',
            end: '2026-04-02',
            time_zone: null,
          }),
        },
      },
      {
        name: 'budget_lines',
        id: 'lines-db',
        syncIntervalMinutes: 5,
        properties: {
          ...DEFAULT_PROPERTY_NAMES.budget_lines,
          invoice_date: 'Billing',
          paid_date: 'Billing',
          committed_date: 'Billing.start',
        },
      },
      SYNCED_AT,
    );
    expect(rejects).toEqual([]);
    expect(row).toMatchObject({
      committed_date: '2026-03-10',
      invoice_date: '2026-03-10',
      paid_date: '2026-04-02',
    });
  });

  it('rejects .end on a property that is not a date, naming the reason', () => {
    const { row, rejects } = mapPageToSilverRow(
      projectPage('aaaa0004-0000-4000-8000-000000000004', {
        Phase: { id: 'ph', type: 'select', select: { name: 'Build' } },
      }),
      projects({ end_date: 'Phase.end' }),
      SYNCED_AT,
    );
    expect(row?.end_date).toBeNull();
    expect(rejects).toEqual([
      expect.objectContaining({
        property: 'Phase',
        silver_column: 'end_date',
        reason: '.end reads a date range, but the value is text',
      }),
    ]);
  });
});

describe('parsePropertyReference', () => {
  it('reads a part, and takes a property named with a dot whole when it exists', () => {
    const none = () => false;
    expect(parsePropertyReference('Timeline', none)).toEqual({
      property: 'Timeline',
    });
    expect(parsePropertyReference('Timeline.end', none)).toEqual({
      property: 'Timeline',
      part: 'end',
    });
    expect(
      parsePropertyReference('Est.start', name => name === 'Est.start'),
    ).toEqual({ property: 'Est.start' });
  });

  it('gives a lone date column the start of its property', () => {
    const references = resolveColumnReferences(
      notionProjects,
      { start_date: 'Timeline', end_date: 'Finish' },
      () => true,
    );
    expect(references.get('start_date')).toEqual({ property: 'Timeline' });
    expect(references.get('end_date')).toEqual({ property: 'Finish' });
  });
});

describe('end before start on a range-mapped project', () => {
  let lakehouse: Lakehouse;
  beforeEach(async () => {
    lakehouse = await DuckDbLakehouse.open({ path: ':memory:' });
    await migrateLakehouse(lakehouse, lakehouseTables);
  });
  afterEach(() => lakehouse.close());

  it('is flagged by the end-not-before-start check; a good range is not', async () => {
    const backwards = 'bbbb0001-0000-4000-8000-000000000001';
    const fine = 'bbbb0002-0000-4000-8000-000000000002';
    const pages = [
      projectPage(backwards, {
        // Notion keeps what the API was sent, so an end before the start can occur.
        Timeline: dateProperty('tl%3A', {
          start: '2026-09-01',
          end: '2026-03-31',
          time_zone: null,
        }),
      }),
      projectPage(fine, {
        Timeline: dateProperty('tl%3A', {
          start: '2026-03-01',
          end: '2026-09-30',
          time_zone: null,
        }),
      }),
    ];
    const rows = pages.map(
      page => mapPageToSilverRow(page, SAME_PROPERTY, SYNCED_AT).row!,
    );
    await lakehouse.upsert(notionProjects, rows);

    const results = await runDataQualityChecks(
      lakehouse,
      silverChecks.filter(
        check => check.id === 'silver.notion_projects.end_not_before_start',
      ),
      new Date(SYNCED_AT),
    );

    expect(results).toEqual([
      expect.objectContaining({
        status: 'fail',
        failingRows: 1,
        sampleKeys: [backwards],
      }),
    ]);
    const issues = await lakehouse.query(
      `SELECT row_key, message FROM gold.data_quality_issues
        WHERE check_id = 'silver.notion_projects.end_not_before_start'`,
    );
    expect(issues).toEqual([
      {
        row_key: backwards,
        message: 'A project does not end before it starts.',
      },
    ]);
  });
});

describe('people without an email', () => {
  it('become their name, for a person and for a bot', () => {
    const person = (name: string, type: 'person' | 'bot', id: string) => ({
      object: 'user',
      id,
      name,
      avatar_url: null,
      type,
      [type]: {},
    });
    const owner = (user: unknown) =>
      mapPageToSilverRow(
        projectPage('cccc0001-0000-4000-8000-000000000001', {
          Owner: { id: 'ow', type: 'people', people: [user] },
        }),
        SAME_PROPERTY,
        SYNCED_AT,
      ).row?.owner;

    expect(
      owner(
        person(
          'Grace Hopper',
          'person',
          'd1b6c1e0-user-0000-0000-000000000001',
        ),
      ),
    ).toBe('Grace Hopper');
    expect(
      owner(
        person('Finance sync', 'bot', 'd1b6c1e0-bot0-0000-0000-000000000002'),
      ),
    ).toBe('Finance sync');
    expect(
      owner({
        ...person('Ada Lovelace', 'person', 'u3'),
        person: { email: 'ada@example.com' },
      }),
    ).toBe('ada@example.com');
  });
});
