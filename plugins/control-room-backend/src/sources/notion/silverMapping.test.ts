import { ConfigReader } from '@backstage/config';
import {
  DEFAULT_PROPERTY_NAMES,
  readNotionSourceConfig,
  NotionDatabaseSettings,
} from './config';
import { mapPageToSilverRow } from './silverMapping';
import { buildSilver } from './silverTransform';

const rich = (text: string) => [{ plain_text: text }];
const settings = (
  name: NotionDatabaseSettings['name'],
  properties: Record<string, string> = {},
): NotionDatabaseSettings => ({
  name,
  id: 'db',
  syncIntervalMinutes: 5,
  properties: { ...DEFAULT_PROPERTY_NAMES[name], ...properties },
});

const budgetLine = (properties: Record<string, unknown>) => ({
  id: 'line-1',
  last_edited_time: '2026-03-02T10:00:00.000Z',
  properties: {
    Project: {
      type: 'relation',
      relation: [{ id: 'proj-1' }],
      has_more: false,
    },
    Month: { type: 'date', date: { start: '2026-03-17', end: null } },
    Currency: { type: 'select', select: { name: 'EUR' } },
    Amount: { type: 'number', number: 0.1 + 0.2 },
    Category: { type: 'select', select: { name: 'OpEx' } },
    ...properties,
  },
});

describe('mapPageToSilverRow', () => {
  it('types every mapped value', () => {
    const { row, rejects } = mapPageToSilverRow(
      budgetLine({}),
      settings('budget_lines'),
      '2026-03-02T11:00:00.000Z',
    );
    expect(rejects).toEqual([]);
    expect(row).toMatchObject({
      budget_line_id: 'line-1',
      project_id: 'proj-1',
      period: '2026-03-01',
      currency: 'EUR',
      amount: '0.3',
      category: 'OpEx',
      vendor: null,
      is_archived: false,
      last_modified: '2026-03-02T10:00:00.000Z',
    });
  });

  it('keeps the row but rejects text where a number belongs and bad codes', () => {
    const { row, rejects } = mapPageToSilverRow(
      budgetLine({
        Amount: { type: 'rich_text', rich_text: rich('about 12k') },
        Currency: { type: 'select', select: { name: 'euro' } },
      }),
      settings('budget_lines'),
      '2026-03-02T11:00:00.000Z',
    );
    expect(row).toMatchObject({ amount: null, currency: null });
    expect(rejects.map(r => [r.property, r.reason])).toEqual([
      ['Currency', 'not an ISO 4217 currency code: "euro"'],
      ['Amount', 'not a number: "about 12k"'],
    ]);
    expect(JSON.parse(rejects[1].raw_value!)).toMatchObject({
      type: 'rich_text',
    });
  });

  it('parses numeric text exactly and rejects progress outside 0..1', () => {
    const { row, rejects } = mapPageToSilverRow(
      {
        id: 'p',
        last_edited_time: '2026-03-02T10:00:00.000Z',
        properties: {
          Name: { type: 'title', title: rich('Alpha') },
          Budget: { type: 'rich_text', rich_text: rich(' 1250.50 ') },
          Progress: { type: 'number', number: 1.5 },
          Start: { type: 'date', date: { start: 'soon', end: null } },
        },
      },
      settings('projects'),
      '2026-03-02T11:00:00.000Z',
    );
    expect(row).toMatchObject({
      name: 'Alpha',
      budget_total: '1250.5',
      percent_complete: null,
      start_date: null,
    });
    expect(rejects.map(r => r.silver_column)).toEqual([
      'start_date',
      'percent_complete',
    ]);
  });

  it('writes no row when a required value is missing, and says why', () => {
    const { row, rejects } = mapPageToSilverRow(
      budgetLine({
        Project: { type: 'relation', relation: [], has_more: false },
      }),
      settings('budget_lines'),
      '2026-03-02T11:00:00.000Z',
    );
    expect(row).toBeNull();
    expect(rejects).toEqual([
      expect.objectContaining({
        property: 'Project',
        silver_column: 'project_id',
        reason: 'required value is empty',
      }),
    ]);
    const missingTitle = mapPageToSilverRow(
      { id: 'r', last_edited_time: '2026-03-02T10:00:00.000Z', properties: {} },
      settings('risks'),
      '2026-03-02T11:00:00.000Z',
    );
    expect(missingTitle.row).toBeNull();
    expect(missingTitle.rejects[0]).toMatchObject({
      property: 'Name',
      reason: 'property missing from the page',
    });
  });
});

describe('buildSilver', () => {
  it('rejects a bronze payload that is not JSON and honours bronze trash', () => {
    const { rows, rejects } = buildSilver(
      [
        {
          page_id: 'bad',
          raw_payload: '{"id":',
          in_trash: false,
          last_edited_time: '2026-01-01T00:00:00.000Z',
        },
        {
          page_id: 'gone',
          raw_payload: JSON.stringify({
            id: 'gone',
            last_edited_time: '2026-01-01T00:00:00.000Z',
            properties: { Name: { type: 'title', title: rich('Old') } },
          }),
          in_trash: true,
          last_edited_time: '2026-01-01T00:00:00.000Z',
        },
      ],
      settings('programs'),
      '2026-03-02T11:00:00.000Z',
    );
    expect(rejects).toEqual([
      expect.objectContaining({
        page_id: 'bad',
        reason: 'bronze raw_payload is not JSON',
      }),
    ]);
    expect(rows).toEqual([
      expect.objectContaining({ program_id: 'gone', is_archived: true }),
    ]);
  });
});

describe('readNotionSourceConfig', () => {
  it('applies defaults and per-column overrides', () => {
    const read = readNotionSourceConfig(
      new ConfigReader({
        controlRoom: {
          notion: {
            overlapMinutes: 5,
            databases: {
              budgetLines: {
                id: 'abc',
                syncIntervalMinutes: 15,
                properties: { amount: 'Budget (EUR)' },
              },
            },
          },
        },
      }),
    );
    expect(read.overlapMinutes).toBe(5);
    expect(read.fullSyncIntervalHours).toBe(24);
    const lines = read.databases.find(d => d.name === 'budget_lines')!;
    expect(lines).toMatchObject({ id: 'abc', syncIntervalMinutes: 15 });
    expect(lines.properties.amount).toBe('Budget (EUR)');
    expect(lines.properties.vendor).toBe('Vendor');
    expect(read.databases.find(d => d.name === 'risks')!.id).toBeUndefined();
  });

  it('refuses a mapping for a column silver does not have', () => {
    expect(() =>
      readNotionSourceConfig(
        new ConfigReader({
          controlRoom: {
            notion: {
              databases: { risks: { properties: { colour: 'Colour' } } },
            },
          },
        }),
      ),
    ).toThrow(/colour is not a column of silver.notion_risks/);
  });
});
