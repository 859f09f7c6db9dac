import { columnsSetByBatch, validateUpsertRows } from '../upsertRows';
import { TableDeclaration } from '../types';
import {
  castFromStaging,
  chunkStagedRows,
  keepLastRowPerKey,
  planUpsert,
  renderMergeFromStaging,
  renderStagingTable,
  stagedText,
} from './upsertPlan';

const projects: TableDeclaration = {
  schema: 'silver',
  name: 'projects',
  description: 'Projects',
  columns: [
    { name: 'id', type: 'string', description: 'Id' },
    { name: 'name', type: 'string', description: 'Name' },
    { name: 'budget', type: 'decimal(18,2)', description: 'Budget' },
    { name: 'tags', type: 'map<string,string>', description: 'Tags' },
    { name: 'ingested_at', type: 'timestamp', description: 'Ingested' },
  ],
  primaryKey: ['id'],
};

describe('validateUpsertRows', () => {
  it('rejects an undeclared column, naming it', () => {
    expect(() =>
      validateUpsertRows(projects, [{ id: 'a' }, { id: 'b', colour: 'red' }]),
    ).toThrow(
      'Upsert into silver.projects: row 1 has undeclared column(s) colour',
    );
  });

  it('rejects a missing or null key value', () => {
    expect(() => validateUpsertRows(projects, [{ name: 'x' }])).toThrow(
      'Upsert into silver.projects: row 0 has no value for key column(s) id',
    );
    expect(() => validateUpsertRows(projects, [{ id: null }])).toThrow(
      /key column\(s\) id/,
    );
  });
});

describe('stagedText', () => {
  const column = (type: any) => ({ name: 'c', type, description: '' });

  it('keeps decimals and bigints exact as text', () => {
    expect(stagedText(column('decimal(18,2)'), '1234.50', 'w')).toBe('1234.50');
    expect(stagedText(column('decimal(18,2)'), 12.5, 'w')).toBe('12.5');
    expect(stagedText(column('bigint'), 9007199254740993n, 'w')).toBe(
      '9007199254740993',
    );
  });

  it('gives null for null and undefined', () => {
    expect(stagedText(column('int'), null, 'w')).toBeNull();
    expect(stagedText(column('int'), undefined, 'w')).toBeNull();
  });

  it.each([
    ['boolean', 'true'],
    ['int', 1.5],
    ['int', 2 ** 31],
    ['bigint', 2 ** 60],
    ['double', '1.5'],
    ['decimal(18,2)', true],
    ['decimal(18,2)', '12,50'],
    ['string', 5],
    ['timestamp', 0],
  ])('rejects a %s column given %p', (type, value) => {
    expect(() => stagedText(column(type), value as any, 'Upsert')).toThrow(
      /Upsert, column c: .* is not a valid/,
    );
  });

  it('requires the JSON text of an object for a map column', () => {
    expect(stagedText(column('map<string,string>'), '{"a":"1"}', 'w')).toBe(
      '{"a":"1"}',
    );
    for (const bad of ['[1]', 'null', 'not json', '"text"']) {
      expect(() => stagedText(column('map<string,string>'), bad, 'w')).toThrow(
        /JSON text of an object/,
      );
    }
  });
});

describe('columnsSetByBatch', () => {
  it('keeps keys and the columns some row sets, in declaration order', () => {
    expect(
      columnsSetByBatch(projects, [
        { id: 'a', budget: '1' },
        { id: 'b', name: null },
      ]).map(c => c.name),
    ).toEqual(['id', 'name', 'budget']);
  });
});

describe('keepLastRowPerKey', () => {
  it('keeps the last index of each key, in row order', () => {
    expect(keepLastRowPerKey([['a'], ['b'], ['a'], ['c'], ['b']])).toEqual([
      2, 3, 4,
    ]);
  });

  it('compares composite keys as a whole', () => {
    expect(
      keepLastRowPerKey([
        ['a', '1'],
        ['a', '2'],
        ['a', '1'],
      ]),
    ).toEqual([1, 2]);
  });
});

describe('chunkStagedRows', () => {
  it('keeps row order and puts at most maxBytes of text in a chunk', () => {
    const rows = [['aaaa', null], ['bb', 'cc'], ['dddddd'], ['e'], ['ff']];
    expect(chunkStagedRows(rows, 6)).toEqual([
      [['aaaa', null]],
      [['bb', 'cc']],
      [['dddddd']],
      [['e'], ['ff']],
    ]);
  });

  it('gives a row larger than the bound a chunk of its own', () => {
    expect(chunkStagedRows([['a'], ['bbbbbbbb'], ['c']], 4)).toEqual([
      [['a']],
      [['bbbbbbbb']],
      [['c']],
    ]);
  });

  it('gives no chunk for no rows', () => {
    expect(chunkStagedRows([], 4)).toEqual([]);
  });
});

describe('planUpsert', () => {
  it('de-duplicates on the key, last row wins, and stages text', () => {
    const plan = planUpsert(projects, [
      { id: 'a', budget: '1.00' },
      { id: 'b', budget: 2 },
      { id: 'a', budget: '3.00' },
    ]);
    expect(plan.columns.map(c => c.name)).toEqual(['id', 'budget']);
    expect(plan.stagedRows).toEqual([
      ['b', '2'],
      ['a', '3.00'],
    ]);
  });

  it('validates every row before planning anything', () => {
    expect(() =>
      planUpsert(projects, [{ id: 'a' }, { id: 'b', budget: 'abc' }]),
    ).toThrow(/row 1, column budget: "abc" is not a valid decimal/);
  });

  it('needs a primary key', () => {
    expect(() => planUpsert({ ...projects, primaryKey: [] }, [])).toThrow(
      /declares no primary key/,
    );
  });

  it('plans nothing for an empty batch', () => {
    expect(planUpsert(projects, []).stagedRows).toEqual([]);
  });
});

describe('rendered SQL', () => {
  const plan = planUpsert(projects, [
    { id: 'a', name: 'A', tags: '{}', ingested_at: '2024-01-01T00:00:00Z' },
  ]);

  it('stages every column as VARCHAR plus the row order', () => {
    expect(renderStagingTable(plan)).toBe(
      'CREATE OR REPLACE TEMP TABLE "__upsert_staging" ("id" VARCHAR, "name" VARCHAR, "tags" VARCHAR, "ingested_at" VARCHAR, "__upsert_row_order" BIGINT)',
    );
  });

  it('casts staged text to each declared type', () => {
    const cast = (name: string) =>
      castFromStaging(projects.columns.find(c => c.name === name)!);
    expect(cast('name')).toBe('"name"');
    expect(cast('budget')).toBe('CAST("budget" AS DECIMAL(18,2))');
    expect(cast('tags')).toBe(
      'CAST(CAST("tags" AS JSON) AS MAP(VARCHAR, VARCHAR))',
    );
    expect(cast('ingested_at')).toBe(
      'CAST(CAST("ingested_at" AS TIMESTAMPTZ) AS TIMESTAMP)',
    );
  });

  it('MERGEs on the key, updating only non-key columns', () => {
    expect(renderMergeFromStaging(plan)).toBe(
      [
        'MERGE INTO "silver"."projects" AS target',
        'USING (',
        '  SELECT "id" AS "id", "name" AS "name", CAST(CAST("tags" AS JSON) AS MAP(VARCHAR, VARCHAR)) AS "tags", CAST(CAST("ingested_at" AS TIMESTAMPTZ) AS TIMESTAMP) AS "ingested_at"',
        '  FROM temp.main."__upsert_staging"',
        ') AS source',
        'ON target."id" = source."id"',
        'WHEN MATCHED THEN UPDATE SET "name" = source."name", "tags" = source."tags", "ingested_at" = source."ingested_at"',
        'WHEN NOT MATCHED THEN INSERT ("id", "name", "tags", "ingested_at") VALUES (source."id", source."name", source."tags", source."ingested_at")',
      ].join('\n'),
    );
  });

  it('keeps the last row per cast key only when a key is cast', () => {
    // A text key is its staged text: the plan already kept one row per key.
    expect(renderMergeFromStaging(plan)).not.toContain('QUALIFY');
    const byTime = planUpsert(
      { ...projects, primaryKey: ['id', 'ingested_at'] },
      [{ id: 'a', ingested_at: '2024-01-01T10:00:00Z' }],
    );
    expect(renderMergeFromStaging(byTime)).toContain(
      '  QUALIFY row_number() OVER (PARTITION BY "id", CAST(CAST("ingested_at" AS TIMESTAMPTZ) AS TIMESTAMP) ORDER BY "__upsert_row_order" DESC) = 1',
    );
  });

  it('has no UPDATE clause when every column is a key', () => {
    const keysOnly = planUpsert(projects, [{ id: 'a' }]);
    expect(renderMergeFromStaging(keysOnly)).not.toContain('WHEN MATCHED');
  });
});
