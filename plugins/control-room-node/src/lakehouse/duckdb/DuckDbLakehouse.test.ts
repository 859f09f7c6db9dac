import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { notionRawPages } from '../../tables/bronze';
import { notionBudgetLines } from '../../tables/silver';
import { SqlRow, TableDeclaration } from '../types';
import {
  DuckDbLakehouse,
  DuckDbLakehouseOptions,
  UNCHECKPOINTED_APPENDS_LIMIT_BYTES,
} from './DuckDbLakehouse';

const budgetLinesV1: TableDeclaration = {
  schema: 'silver',
  name: 'budget_lines',
  description: 'Monthly budget lines',
  columns: [
    { name: 'project_id', type: 'string', description: 'Project' },
    { name: 'month', type: 'date', description: 'First day of the month' },
    { name: 'budget', type: 'decimal(18,2)', description: 'Budget' },
    { name: 'row_version', type: 'bigint', description: 'Source version' },
    { name: 'headcount', type: 'int', description: 'People' },
    { name: 'burn_rate', type: 'double', description: 'Share spent' },
    { name: 'approved', type: 'boolean', description: 'Approved' },
    { name: 'edited_at', type: 'timestamp', description: 'Last edit' },
    { name: 'tags', type: 'map<string,string>', description: 'Tags' },
    { name: 'raw', type: 'json', description: 'Payload' },
    {
      name: 'ingested_at',
      type: 'timestamp',
      nullable: false,
      defaultSql: 'current_timestamp()',
      description: 'When the row landed',
    },
  ],
  primaryKey: ['project_id', 'month'],
  partitionBy: ['month'],
};

/** Lines kept in project order, as `silver.<name>`. */
function clusteredLines(name: string): TableDeclaration {
  return {
    schema: 'silver',
    name,
    description: 'Lines',
    columns: [
      { name: 'line_id', type: 'bigint', description: 'Line' },
      { name: 'project_id', type: 'string', description: 'Project' },
    ],
    primaryKey: ['line_id'],
    clusterBy: ['project_id'],
  };
}

const budgetLinesV2: TableDeclaration = {
  ...budgetLinesV1,
  columns: [
    ...budgetLinesV1.columns,
    {
      name: 'forecast',
      type: 'decimal(18,2)',
      defaultSql: '0',
      description: 'Forecast',
    },
  ],
};

const firstBatch: SqlRow[] = [
  {
    project_id: 'P-1',
    month: '2024-01-01',
    budget: '1234.50',
    row_version: 9007199254740993n,
    headcount: 3,
    burn_rate: 0.1,
    approved: true,
    edited_at: '2024-01-05T10:15:30.250Z',
    tags: '{"cost_center":"CC-7","owner":"ana"}',
    raw: '{"id":"P-1"}',
  },
  {
    project_id: 'P-2',
    month: '2024-01-01',
    budget: '9999999999999999.99',
    row_version: 1n,
    headcount: null,
    burn_rate: null,
    approved: false,
    edited_at: '2024-01-05T12:15:30+02:00',
    tags: '{}',
    raw: null,
  },
];

async function setUp(lakehouse: DuckDbLakehouse, table: TableDeclaration) {
  await lakehouse.execute(lakehouse.dialect.createSchema(table.schema));
  await lakehouse.execute(lakehouse.dialect.createTable(table));
}

const readBudgetLines = (lakehouse: DuckDbLakehouse) =>
  lakehouse.query(
    `SELECT project_id, month, budget, row_version, headcount, burn_rate,
            approved, edited_at, tags, raw
       FROM silver.budget_lines ORDER BY project_id, month`,
  );

describe('DuckDbLakehouse', () => {
  let directory: string;
  let fileCount = 0;

  beforeAll(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'duckdb-lakehouse-'));
  });

  afterAll(() => {
    fs.rmSync(directory, { recursive: true, force: true });
  });

  const nextFile = () => {
    fileCount += 1;
    return path.join(directory, 'nested', 'dir', `db-${fileCount}.duckdb`);
  };

  describe.each([
    ['a file', (): DuckDbLakehouseOptions => ({ path: nextFile() })],
    [
      'a file with small row groups',
      (): DuckDbLakehouseOptions => ({ path: nextFile(), rowGroupSize: 2048 }),
    ],
    ['memory', (): DuckDbLakehouseOptions => ({ path: ':memory:' })],
  ])('on %s', (_label, options) => {
    let lakehouse: DuckDbLakehouse;

    beforeEach(async () => {
      lakehouse = await DuckDbLakehouse.open(options());
      await setUp(lakehouse, budgetLinesV1);
    });

    afterEach(async () => {
      await lakehouse.close();
    });

    it('is the duckdb engine and answers ping', async () => {
      expect(lakehouse.engine).toBe('duckdb');
      await expect(lakehouse.ping()).resolves.toBeUndefined();
    });

    it('returns a read with its columns and their DuckDB types', async () => {
      const result = await lakehouse.queryWithColumns(
        'SELECT CAST(:amount AS DECIMAL(18, 2)) AS amount, 1 AS n',
        { amount: '12.5' },
      );
      expect(
        result.columns.map(column => [column.name, column.type.toString()]),
      ).toEqual([
        ['amount', 'DECIMAL(18,2)'],
        ['n', 'INTEGER'],
      ]);
      expect(result.rows).toEqual([{ amount: '12.50', n: 1 }]);
    });

    it('replaces a table with INSERT OVERWRITE in one transaction', async () => {
      await lakehouse.execute('CREATE TABLE silver.replaced (n INTEGER)');
      await lakehouse.execute('INSERT INTO silver.replaced VALUES (1), (2)');
      await lakehouse.execute(
        'INSERT OVERWRITE silver.replaced (n) SELECT :n',
        { n: 3 },
      );
      expect(await lakehouse.query('SELECT n FROM silver.replaced')).toEqual([
        { n: 3 },
      ]);
      // A failing replacement rolls back its DELETE too.
      await expect(
        lakehouse.execute(
          "INSERT OVERWRITE silver.replaced (n) SELECT CAST('x' AS INTEGER)",
        ),
      ).rejects.toThrow();
      expect(await lakehouse.query('SELECT n FROM silver.replaced')).toEqual([
        { n: 3 },
      ]);
    });

    it('creates schema and table idempotently', async () => {
      await setUp(lakehouse, budgetLinesV1);
      const columns = await lakehouse.query(
        `SELECT column_name, data_type, is_nullable
           FROM information_schema.columns
          WHERE table_schema = 'silver' AND table_name = 'budget_lines'
          ORDER BY ordinal_position`,
      );
      expect(columns.map(c => [c.column_name, c.data_type])).toEqual([
        ['project_id', 'VARCHAR'],
        ['month', 'DATE'],
        ['budget', 'DECIMAL(18,2)'],
        ['row_version', 'BIGINT'],
        ['headcount', 'INTEGER'],
        ['burn_rate', 'DOUBLE'],
        ['approved', 'BOOLEAN'],
        ['edited_at', 'TIMESTAMP'],
        ['tags', 'MAP(VARCHAR, VARCHAR)'],
        ['raw', 'VARCHAR'],
        ['ingested_at', 'TIMESTAMP'],
      ]);
      expect(columns[0].is_nullable).toBe('NO');
      expect(columns[2].is_nullable).toBe('YES');
    });

    it('upserts a batch and decodes every type', async () => {
      await expect(
        lakehouse.upsert(budgetLinesV1, firstBatch),
      ).resolves.toEqual({ rows: 2 });
      expect(await readBudgetLines(lakehouse)).toEqual([
        {
          project_id: 'P-1',
          month: '2024-01-01',
          budget: '1234.50',
          row_version: 9007199254740993n,
          headcount: 3,
          burn_rate: 0.1,
          approved: true,
          edited_at: '2024-01-05T10:15:30.250Z',
          tags: '{"cost_center":"CC-7","owner":"ana"}',
          raw: '{"id":"P-1"}',
        },
        {
          project_id: 'P-2',
          month: '2024-01-01',
          budget: '9999999999999999.99',
          row_version: 1n,
          headcount: null,
          burn_rate: null,
          approved: false,
          // The +02:00 offset is honoured: stored in UTC.
          edited_at: '2024-01-05T10:15:30.000Z',
          tags: '{}',
          raw: null,
        },
      ]);
    });

    it('fills omitted columns from their default', async () => {
      await lakehouse.upsert(budgetLinesV1, firstBatch);
      const [row] = await lakehouse.query(
        `SELECT ingested_at FROM silver.budget_lines WHERE project_id = 'P-1'`,
      );
      expect(row.ingested_at).toMatch(/^\d{4}-\d{2}-\d{2}T.*Z$/);
    });

    it('upserts the same batch twice without duplicates, updating values', async () => {
      await lakehouse.upsert(budgetLinesV1, firstBatch);
      await lakehouse.upsert(budgetLinesV1, firstBatch);
      expect(await readBudgetLines(lakehouse)).toHaveLength(2);

      const changed = firstBatch.map(row => ({
        ...row,
        budget: '1.05',
        tags: '{"owner":"bo"}',
      }));
      await expect(lakehouse.upsert(budgetLinesV1, changed)).resolves.toEqual({
        rows: 2,
      });
      const rows = await readBudgetLines(lakehouse);
      expect(rows).toHaveLength(2);
      expect(rows.map(r => [r.budget, r.tags])).toEqual([
        ['1.05', '{"owner":"bo"}'],
        ['1.05', '{"owner":"bo"}'],
      ]);
    });

    it('leaves columns a batch does not set as they were', async () => {
      await lakehouse.upsert(budgetLinesV1, firstBatch);
      await lakehouse.upsert(budgetLinesV1, [
        { project_id: 'P-1', month: '2024-01-01', headcount: 4 },
      ]);
      const [row] = await lakehouse.query(
        `SELECT budget, headcount FROM silver.budget_lines WHERE project_id = 'P-1'`,
      );
      expect(row).toEqual({ budget: '1234.50', headcount: 4 });
    });

    it('keeps the last row of a key within one batch', async () => {
      const result = await lakehouse.upsert(budgetLinesV1, [
        { project_id: 'P-9', month: '2024-02-01', budget: '1.00' },
        { project_id: 'P-9', month: '2024-03-01', budget: '2.00' },
        { project_id: 'P-9', month: '2024-02-01', budget: '3.00' },
      ]);
      expect(result).toEqual({ rows: 2 });
      const rows = await lakehouse.query(
        `SELECT month, budget FROM silver.budget_lines ORDER BY month`,
      );
      expect(rows).toEqual([
        { month: '2024-02-01', budget: '3.00' },
        { month: '2024-03-01', budget: '2.00' },
      ]);
    });

    it('de-duplicates keys that differ in text but not in value', async () => {
      // Two spellings of one instant: the MERGE must see one source row.
      const events: TableDeclaration = {
        schema: 'bronze',
        name: 'events',
        description: 'Events',
        columns: [
          { name: 'id', type: 'string', description: 'Id' },
          { name: 'edited_at', type: 'timestamp', description: 'Edit time' },
          { name: 'payload', type: 'json', description: 'Payload' },
        ],
        primaryKey: ['id', 'edited_at'],
      };
      await setUp(lakehouse, events);
      const result = await lakehouse.upsert(events, [
        { id: 'e', edited_at: '2024-01-01T10:00:00Z', payload: '"first"' },
        { id: 'e', edited_at: '2024-01-01 10:00:00', payload: '"second"' },
      ]);
      expect(result).toEqual({ rows: 1 });
      expect(
        await lakehouse.query('SELECT payload FROM bronze.events'),
      ).toEqual([{ payload: '"second"' }]);
    });

    it('round-trips decimals and bigints exactly', async () => {
      const values = [
        ['P-a', '0.01', 9007199254740993n],
        ['P-b', '-1234567890123456.78', -9223372036854775808n],
        ['P-c', '9999999999999999.99', 9223372036854775807n],
        ['P-d', '0.10', 0n],
      ] as const;
      await lakehouse.upsert(
        budgetLinesV1,
        values.map(([id, budget, version]) => ({
          project_id: id,
          month: '2024-01-01',
          budget,
          row_version: version,
        })),
      );
      const rows = await lakehouse.query(
        `SELECT project_id, budget, row_version FROM silver.budget_lines ORDER BY project_id`,
      );
      expect(rows.map(r => [r.project_id, r.budget, r.row_version])).toEqual(
        values.map(v => [...v]),
      );
      const [sum] = await lakehouse.query(
        `SELECT sum(budget) AS total, :big + 0 AS big FROM silver.budget_lines`,
        { big: 9007199254740993n },
      );
      expect(sum).toEqual({
        total: '8765432109876543.32',
        big: 9007199254740993n,
      });
    });

    it('rejects a decimal that overflows DECIMAL(18,2) and writes nothing of the batch', async () => {
      await lakehouse.upsert(budgetLinesV1, firstBatch);
      await expect(
        lakehouse.upsert(budgetLinesV1, [
          { project_id: 'P-1', month: '2024-01-01', budget: '5.00' },
          {
            project_id: 'P-3',
            month: '2024-01-01',
            budget: '12345678901234567.89',
          },
        ]),
      ).rejects.toThrow(/DECIMAL\(18,2\)/);
      const rows = await readBudgetLines(lakehouse);
      expect(rows.map(r => [r.project_id, r.budget])).toEqual([
        ['P-1', '1234.50'],
        ['P-2', '9999999999999999.99'],
      ]);
      // The writer is usable again after the rollback.
      await expect(
        lakehouse.upsert(budgetLinesV1, firstBatch),
      ).resolves.toEqual({ rows: 2 });
    });

    it('rejects an undeclared column or a missing key before writing', async () => {
      await expect(
        lakehouse.upsert(budgetLinesV1, [
          firstBatch[0],
          { ...firstBatch[1], colour: 'red' },
        ]),
      ).rejects.toThrow(
        'Upsert into silver.budget_lines: row 1 has undeclared column(s) colour',
      );
      await expect(
        lakehouse.upsert(budgetLinesV1, [
          firstBatch[0],
          { project_id: 'P-2', budget: '1.00' },
        ]),
      ).rejects.toThrow(/row 1 has no value for key column\(s\) month/);
      expect(await readBudgetLines(lakehouse)).toEqual([]);
    });

    it('rejects a map value that is not the JSON text of an object', async () => {
      await expect(
        lakehouse.upsert(budgetLinesV1, [{ ...firstBatch[0], tags: '["a"]' }]),
      ).rejects.toThrow(/JSON text of an object/);
    });

    it('accepts an empty batch without touching the table', async () => {
      await expect(lakehouse.upsert(budgetLinesV1, [])).resolves.toEqual({
        rows: 0,
      });
    });

    it('stores SQL injection attempts literally', async () => {
      const hostile = [
        "'); DROP TABLE silver.budget_lines; --",
        "x' OR '1'='1",
        '"; DELETE FROM silver.budget_lines; --',
        ':month $1 ? \\',
      ];
      await lakehouse.upsert(
        budgetLinesV1,
        hostile.map((text, index) => ({
          project_id: text,
          month: `2024-0${index + 1}-01`,
          raw: text,
        })),
      );
      for (const text of hostile) {
        const rows = await lakehouse.query(
          'SELECT raw FROM silver.budget_lines WHERE project_id = :id',
          { id: text },
        );
        expect(rows).toEqual([{ raw: text }]);
      }
      await lakehouse.execute(
        'UPDATE silver.budget_lines SET raw = :raw WHERE project_id = :id',
        { raw: "'; DROP SCHEMA silver CASCADE; --", id: hostile[0] },
      );
      const [count] = await lakehouse.query(
        'SELECT count(*) AS n FROM silver.budget_lines WHERE raw = :raw',
        { raw: "'; DROP SCHEMA silver CASCADE; --" },
      );
      expect(count.n).toBe(1n);
    });

    it('binds every parameter type', async () => {
      const [row] = await lakehouse.query(
        `SELECT :text AS text, :int + 1 AS int, :fraction AS fraction,
                :flag AS flag, :nothing AS nothing, :big AS big,
                CAST(:decimal AS DECIMAL(18,2)) AS decimal,
                :at AS at, typeof(:at) AS at_type, ':text' AS literal,
                '2024-01-01'::DATE AS cast_date`,
        {
          text: 'hello',
          int: 41,
          fraction: 0.25,
          flag: true,
          nothing: null,
          big: 2n ** 62n,
          decimal: '12.3',
          at: new Date('2024-06-30T23:59:59.999Z'),
        },
      );
      expect(row).toEqual({
        text: 'hello',
        int: 42,
        fraction: 0.25,
        flag: true,
        nothing: null,
        big: 2n ** 62n,
        decimal: '12.30',
        at: '2024-06-30T23:59:59.999Z',
        at_type: 'TIMESTAMP',
        literal: ':text',
        cast_date: '2024-01-01',
      });
    });

    it('uses integer parameters where DuckDB needs integers', async () => {
      await lakehouse.upsert(budgetLinesV1, firstBatch);
      const rows = await lakehouse.query(
        `SELECT date_add(month, :days) AS later FROM silver.budget_lines ORDER BY project_id LIMIT :n`,
        { days: 1, n: 1 },
      );
      expect(rows).toEqual([{ later: '2024-01-02' }]);
    });

    it('fails clearly on parameter mistakes', async () => {
      await expect(
        lakehouse.query('SELECT :a AS a, :b AS b', { a: 1 }),
      ).rejects.toThrow('SQL parameters referenced but not supplied: :b');
      await expect(
        lakehouse.query('SELECT :a AS a', { a: 1, extra: 2 }),
      ).rejects.toThrow('SQL parameters supplied but not used: :extra');
      await expect(lakehouse.execute('SELECT ?', {})).rejects.toThrow(
        /write parameters as :name/,
      );
      await expect(lakehouse.query('SELECT $x AS x', { x: 1 })).rejects.toThrow(
        /supplied but not used: :x/,
      );
    });

    it('runs a script of several statements, each bound', async () => {
      await lakehouse.execute(
        `CREATE TABLE gold_scratch (v INTEGER);
         INSERT INTO gold_scratch VALUES (:v);
         INSERT INTO gold_scratch VALUES (:v + 1);`,
        { v: 10 },
      );
      expect(
        await lakehouse.query('SELECT v FROM gold_scratch ORDER BY v'),
      ).toEqual([{ v: 10 }, { v: 11 }]);
    });

    it('rolls a failed transaction back', async () => {
      await lakehouse.upsert(budgetLinesV1, firstBatch);
      await expect(
        lakehouse.transaction(async tx => {
          await tx.execute(`DELETE FROM silver.budget_lines`);
          await tx.upsert(budgetLinesV1, [
            { project_id: 'P-7', month: '2024-01-01' },
          ]);
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      expect((await readBudgetLines(lakehouse)).map(r => r.project_id)).toEqual(
        ['P-1', 'P-2'],
      );
    });

    it('does not let a transaction handle outlive its transaction', async () => {
      let leaked: { execute(sql: string): Promise<void> } | undefined;
      await lakehouse.transaction(async tx => {
        leaked = tx;
      });
      await expect(leaked!.execute('SELECT 1')).rejects.toThrow(
        /already ended/,
      );
    });

    it('refuses work once closed', async () => {
      await lakehouse.close();
      await expect(lakehouse.query('SELECT 1')).rejects.toThrow(/is closed/);
      await expect(lakehouse.ping()).rejects.toThrow(/is closed/);
      // Closing twice is harmless.
      await lakehouse.close();
    });
  });

  describe('reads during a write', () => {
    let lakehouse: DuckDbLakehouse;

    beforeEach(async () => {
      lakehouse = await DuckDbLakehouse.open({
        path: path.join(directory, 'concurrency.duckdb'),
      });
      await setUp(lakehouse, budgetLinesV1);
      await lakehouse.execute('DELETE FROM silver.budget_lines');
      await lakehouse.upsert(budgetLinesV1, firstBatch);
    });

    afterEach(async () => {
      await lakehouse.close();
    });

    it('see the last committed state while a write transaction is open', async () => {
      const seenDuringWrite = await lakehouse.transaction(async tx => {
        await tx.upsert(
          budgetLinesV1,
          Array.from({ length: 5000 }, (_, index) => ({
            project_id: `BULK-${index}`,
            month: '2024-01-01',
            budget: `${index}.25`,
          })),
        );
        await tx.execute(
          `UPDATE silver.budget_lines SET budget = 0 WHERE project_id = 'P-1'`,
        );
        const insideTheWrite = await tx.query(
          'SELECT count(*) AS n FROM silver.budget_lines',
        );
        expect(insideTheWrite).toEqual([{ n: 5002n }]);
        // A read on another connection, while this transaction is open.
        return lakehouse.query(
          'SELECT project_id, budget FROM silver.budget_lines ORDER BY project_id',
        );
      });
      expect(seenDuringWrite).toEqual([
        { project_id: 'P-1', budget: '1234.50' },
        { project_id: 'P-2', budget: '9999999999999999.99' },
      ]);
      const [after] = await lakehouse.query(
        `SELECT count(*) AS n, sum(budget) FILTER (WHERE project_id LIKE 'BULK-%') AS bulk
           FROM silver.budget_lines`,
      );
      expect(after).toEqual({ n: 5002n, bulk: '12498750.00' });
    });

    it('serialises concurrent upserts in call order', async () => {
      const batches = Array.from({ length: 8 }, (_, version) =>
        firstBatch.map(row => ({ ...row, budget: `${version}.00` })),
      );
      const results = await Promise.all(
        batches.map(batch => lakehouse.upsert(budgetLinesV1, batch)),
      );
      expect(results).toEqual(batches.map(() => ({ rows: 2 })));
      const rows = await readBudgetLines(lakehouse);
      expect(rows.map(r => r.budget)).toEqual(['7.00', '7.00']);
    });

    it('answers many concurrent reads with a small pool', async () => {
      const reads = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          lakehouse.query(
            'SELECT :i AS i, count(*) AS n FROM silver.budget_lines',
            {
              i: index,
            },
          ),
        ),
      );
      expect(reads.map(([row]) => row.i)).toEqual(
        Array.from({ length: 20 }, (_, index) => index),
      );
    });
  });

  describe('reads', () => {
    let lakehouse: DuckDbLakehouse;

    beforeEach(async () => {
      lakehouse = await DuckDbLakehouse.open({
        path: ':memory:',
        maxReaderConnections: 2,
      });
      await lakehouse.execute(
        `CREATE TABLE t AS SELECT 'P' || i AS id, CAST(i AS DECIMAL(18,2)) AS amount
           FROM range(100) AS r(i)`,
      );
    });

    afterEach(async () => {
      await lakehouse.close();
    });

    const byId = 'SELECT id, amount FROM t WHERE id = :id';

    it('gives each concurrent call of one statement its own bindings and rows', async () => {
      const ids = Array.from({ length: 40 }, (_, i) => `P${i % 100}`);
      const reads = await Promise.all(
        ids.map(id => lakehouse.query(byId, { id })),
      );
      expect(reads).toEqual(
        ids.map(id => [{ id, amount: `${id.slice(1)}.00` }]),
      );
      // A parameter whose type changes between calls binds afresh.
      await expect(
        lakehouse.query('SELECT :v AS v', { v: 'text' }),
      ).resolves.toEqual([{ v: 'text' }]);
      await expect(
        lakehouse.query('SELECT :v AS v', { v: 7 }),
      ).resolves.toEqual([{ v: 7 }]);
      await expect(
        lakehouse.query('SELECT :v AS v', { v: null }),
      ).resolves.toEqual([{ v: null }]);
    });

    it('reads text a writer added after the same read found the table empty', async () => {
      await lakehouse.execute(
        'CREATE TABLE runs (job_id VARCHAR, status VARCHAR, started_at TIMESTAMP)',
      );
      const read =
        'SELECT job_id, status FROM runs ORDER BY started_at, job_id';
      await expect(lakehouse.query(read)).resolves.toEqual([]);
      for (const [job, status] of [
        ['notion_sync_bronze', 'RUNNING'],
        ['notion_transform_silver', 'SUCCESS'],
      ]) {
        await lakehouse.execute(
          'INSERT INTO runs VALUES (:job, :status, current_timestamp)',
          { job, status },
        );
        await lakehouse.execute("UPDATE runs SET status = 'SUCCESS'");
      }
      await expect(lakehouse.query(read)).resolves.toEqual([
        { job_id: 'notion_sync_bronze', status: 'SUCCESS' },
        { job_id: 'notion_transform_silver', status: 'SUCCESS' },
      ]);
    });

    it('sees writes and table changes made after the same read ran', async () => {
      const everything = 'SELECT * FROM t WHERE id = :id';
      await expect(lakehouse.query(everything, { id: 'P1' })).resolves.toEqual([
        { id: 'P1', amount: '1.00' },
      ]);
      await lakehouse.execute("UPDATE t SET amount = 5 WHERE id = 'P1'");
      await lakehouse.execute(
        "ALTER TABLE t ADD COLUMN note VARCHAR DEFAULT 'n'",
      );
      await expect(lakehouse.query(everything, { id: 'P1' })).resolves.toEqual([
        { id: 'P1', amount: '5.00', note: 'n' },
      ]);
      await lakehouse.execute('DROP TABLE t');
      await expect(lakehouse.query(everything, { id: 'P1' })).rejects.toThrow(
        /t/,
      );
      await lakehouse.execute("CREATE TABLE t AS SELECT 'P1' AS id, 2 AS n");
      await expect(lakehouse.query(everything, { id: 'P1' })).resolves.toEqual([
        { id: 'P1', n: 2 },
      ]);
    });

    it('keeps other reads going when one fails, and the failed one works again', async () => {
      const failing = 'SELECT CAST(:text AS INTEGER) AS n';
      const results = await Promise.allSettled([
        lakehouse.query(byId, { id: 'P3' }),
        lakehouse.query(failing, { text: 'not a number' }),
        lakehouse.query(byId, { id: 'P4' }),
        lakehouse.query(failing, { text: 'also not' }),
        lakehouse.query(byId, { id: 'P5' }),
      ]);
      expect(results.map(result => result.status)).toEqual([
        'fulfilled',
        'rejected',
        'fulfilled',
        'rejected',
        'fulfilled',
      ]);
      expect(
        results.flatMap(result =>
          result.status === 'fulfilled' ? result.value : [],
        ),
      ).toEqual([
        { id: 'P3', amount: '3.00' },
        { id: 'P4', amount: '4.00' },
        { id: 'P5', amount: '5.00' },
      ]);
      await expect(lakehouse.query(failing, { text: '12' })).resolves.toEqual([
        { n: 12 },
      ]);
      await expect(lakehouse.query(byId, {})).rejects.toThrow('id');
    });

    it('still runs scripts of several statements, returning the last', async () => {
      await expect(
        lakehouse.query('SELECT 1 AS a; SELECT :b AS b', { b: 2 }),
      ).resolves.toEqual([{ b: 2 }]);
    });

    it('keeps reads apart from more statements than a reader caches', async () => {
      const count = 150;
      const reads = await Promise.all(
        Array.from({ length: count }, (_, i) =>
          lakehouse.query(`SELECT ${i} AS i, :id AS id`, { id: `x${i}` }),
        ),
      );
      expect(reads).toEqual(
        Array.from({ length: count }, (_, i) => [{ i, id: `x${i}` }]),
      );
    });
  });

  describe('migration of an existing file', () => {
    it('adds a new declared column without losing data, across reopen', async () => {
      const file = path.join(directory, 'migrate', 'lakehouse.duckdb');

      const first = await DuckDbLakehouse.open({ path: file });
      await setUp(first, budgetLinesV1);
      await first.upsert(budgetLinesV1, firstBatch);
      await first.close();

      const second = await DuckDbLakehouse.open({ path: file });
      await setUp(second, budgetLinesV2);
      const added = budgetLinesV2.columns.find(c => c.name === 'forecast')!;
      await second.execute(second.dialect.addColumn(budgetLinesV2, added));
      // Migrations run on every start: adding again is a no-op.
      await second.execute(second.dialect.addColumn(budgetLinesV2, added));
      const migrated = await second.query(
        `SELECT project_id, budget, row_version, forecast FROM silver.budget_lines ORDER BY project_id`,
      );
      expect(migrated).toEqual([
        {
          project_id: 'P-1',
          budget: '1234.50',
          row_version: 9007199254740993n,
          forecast: '0.00',
        },
        {
          project_id: 'P-2',
          budget: '9999999999999999.99',
          row_version: 1n,
          forecast: '0.00',
        },
      ]);
      await second.upsert(budgetLinesV2, [
        { project_id: 'P-1', month: '2024-01-01', forecast: '1500.00' },
      ]);
      await second.close();

      const third = await DuckDbLakehouse.open({ path: file });
      expect(
        await third.query(
          `SELECT project_id, budget, forecast, tags FROM silver.budget_lines ORDER BY project_id`,
        ),
      ).toEqual([
        {
          project_id: 'P-1',
          budget: '1234.50',
          forecast: '1500.00',
          tags: '{"cost_center":"CC-7","owner":"ana"}',
        },
        {
          project_id: 'P-2',
          budget: '9999999999999999.99',
          forecast: '0.00',
          tags: '{}',
        },
      ]);
      await third.close();
    });
  });

  it('interrupts a statement that runs past its timeout, and stays usable', async () => {
    const lakehouse = await DuckDbLakehouse.open({
      path: ':memory:',
      statementTimeoutMs: 50,
    });
    try {
      // Ten billion rows: far longer than 50 ms.
      await expect(
        lakehouse.query(
          'SELECT sum(a.range * b.range) AS s FROM range(100000) AS a, range(100000) AS b',
        ),
      ).rejects.toThrow('ran longer than 50 ms and was interrupted');
      await expect(
        lakehouse.execute(
          'CREATE TABLE big AS SELECT a.range AS x FROM range(100000) AS a, range(100000) AS b',
        ),
      ).rejects.toThrow('interrupted');
      await expect(lakehouse.query('SELECT 1 AS one')).resolves.toEqual([
        { one: 1 },
      ]);
    } finally {
      await lakehouse.close();
    }
  });

  it('shares one database per file within the process', async () => {
    const file = path.join(directory, 'shared.duckdb');
    const a = await DuckDbLakehouse.open({ path: file });
    const b = await DuckDbLakehouse.open({ path: file });
    await a.execute('CREATE TABLE IF NOT EXISTS shared_marker (v INTEGER)');
    await a.execute('INSERT INTO shared_marker VALUES (1)');
    expect(await b.query('SELECT v FROM shared_marker')).toEqual([{ v: 1 }]);
    await a.close();
    // Closing one handle leaves the other working.
    expect(await b.query('SELECT v FROM shared_marker')).toEqual([{ v: 1 }]);
    await b.close();
  });

  describe('with a row group size', () => {
    const rowGroups = async (lakehouse: DuckDbLakehouse) =>
      (
        await lakehouse.query<{ rows: bigint }>(
          `SELECT max(count) AS rows FROM pragma_storage_info('wide')
           GROUP BY row_group_id ORDER BY row_group_id`,
        )
      ).map(row => Number(row.rows));

    it('writes row groups of that size, and the data survives a reopen', async () => {
      const file = path.join(directory, 'row-groups.duckdb');
      const first = await DuckDbLakehouse.open({
        path: file,
        rowGroupSize: 2048,
      });
      await first.execute(
        `CREATE TABLE wide AS SELECT range AS id, repeat('x', 100) AS payload
         FROM range(5000)`,
      );
      await first.execute('CHECKPOINT');
      expect(await rowGroups(first)).toEqual([2048, 2048, 904]);
      await first.close();

      const reopened = await DuckDbLakehouse.open({
        path: file,
        rowGroupSize: 2048,
      });
      expect(
        await reopened.query(
          'SELECT count(*) AS n, sum(id) AS total FROM wide',
        ),
      ).toEqual([{ n: 5000n, total: 12497500n }]);
      await reopened.close();
    });

    it('checkpoints upserted rows before they hold more than the limit in memory', async () => {
      // Budget lines as the silver rebuild upserts them, 1000 at a time:
      // DuckDB holds appended rows in memory blocks until a checkpoint, and
      // its own checkpoint waits for 16 MB of WAL, some 100 000 such rows.
      const lakehouse = await DuckDbLakehouse.open({
        path: path.join(directory, 'held-appends.duckdb'),
        rowGroupSize: 2048,
      });
      try {
        await lakehouse.execute('CREATE SCHEMA silver');
        await lakehouse.execute(
          lakehouse.dialect.createTable(notionBudgetLines),
        );
        const held = async () => {
          const [row] = await lakehouse.query<{ bytes: bigint }>(
            `SELECT memory_usage_bytes AS bytes FROM duckdb_memory()
             WHERE tag = 'IN_MEMORY_TABLE'`,
          );
          return Number(row.bytes);
        };
        let largest = 0;
        const batches = 12;
        for (let batch = 0; batch < batches; batch++) {
          await lakehouse.upsert(
            notionBudgetLines,
            Array.from({ length: 1000 }, (_, index) => {
              const id = `${batch * 1000 + index}`.padStart(8, '0');
              return {
                budget_line_id: `line-${id}-0000-0000-000000000000`,
                project_id: `project-${id.slice(0, 5)}`,
                category: 'Software',
                vendor: `Vendor ${index % 50}`,
                period: '2026-01-01',
                currency: 'EUR',
                amount: `${index}.50`,
                notes: `Budget line ${id}`,
              };
            }),
          );
          largest = Math.max(largest, await held());
        }
        expect(largest).toBeLessThanOrEqual(UNCHECKPOINTED_APPENDS_LIMIT_BYTES);
        expect(
          await lakehouse.query(
            'SELECT count(*) AS n FROM silver.notion_budget_lines',
          ),
        ).toEqual([{ n: BigInt(batches * 1000) }]);
      } finally {
        await lakehouse.close();
      }
    });

    it('upserts a batch of wide pages within the memory limit', async () => {
      // Forty Notion pages of 1 MB, each with a relation of 11,000 ids in
      // its properties and payload (a project of that many budget lines): one
      // MERGE of the batch ran out of DuckDB's memory at 128MB.
      const lakehouse = await DuckDbLakehouse.open({
        path: path.join(directory, 'wide-pages.duckdb'),
        rowGroupSize: 2048,
        memoryLimit: '128MB',
      });
      try {
        await lakehouse.execute('CREATE SCHEMA bronze');
        await lakehouse.execute(lakehouse.dialect.createTable(notionRawPages));
        const relation = JSON.stringify(
          Array.from({ length: 11_000 }, (_, index) => ({
            id: `00000000-0000-0000-0000-${String(index).padStart(12, '0')}`,
          })),
        );
        const pages = Array.from({ length: 40 }, (_, index) => ({
          page_id: `page-${index}`,
          database_id: 'projects-database',
          database_name: 'projects',
          last_edited_time: '2026-11-01T00:00:00.000Z',
          properties: JSON.stringify({ 'Budget lines': relation }),
          raw_payload: JSON.stringify({ id: `page-${index}`, relation }),
          in_trash: false,
          synced_at: '2026-11-01T00:00:00.000Z',
        }));
        await expect(lakehouse.upsert(notionRawPages, pages)).resolves.toEqual({
          rows: 40,
        });
        expect(
          await lakehouse.query(
            `SELECT count(*) AS n, min(length(properties['Budget lines'])) AS shortest
             FROM bronze.notion_raw_pages`,
          ),
        ).toEqual([{ n: 40n, shortest: BigInt(relation.length) }]);
      } finally {
        await lakehouse.close();
      }
    });

    it('shares one database per file within the process', async () => {
      const file = path.join(directory, 'row-groups-shared.duckdb');
      const a = await DuckDbLakehouse.open({ path: file, rowGroupSize: 4096 });
      const b = await DuckDbLakehouse.open({ path: file, rowGroupSize: 4096 });
      await a.execute('CREATE TABLE shared_marker (v INTEGER)');
      await a.execute('INSERT INTO shared_marker VALUES (1)');
      expect(await b.query('SELECT v FROM shared_marker')).toEqual([{ v: 1 }]);
      await a.close();
      await b.close();
    });

    it('rejects a size that is not a positive multiple of 2048', async () => {
      for (const rowGroupSize of [0, 1000, 2049.5]) {
        await expect(
          DuckDbLakehouse.open({
            path: path.join(directory, 'bad-row-groups.duckdb'),
            rowGroupSize,
          }),
        ).rejects.toThrow(/multiple of 2048/);
      }
    });
  });

  it('keeps in-memory databases apart', async () => {
    const a = await DuckDbLakehouse.open({ path: ':memory:' });
    const b = await DuckDbLakehouse.open({ path: ':memory:' });
    await a.execute('CREATE TABLE only_in_a (v INTEGER)');
    await expect(b.query('SELECT * FROM only_in_a')).rejects.toThrow(
      /only_in_a/,
    );
    await a.close();
    await b.close();
  });

  it('rewrites a table in its clustering order once its values spread', async () => {
    const lines = clusteredLines('clustered_lines');
    const lakehouse = await DuckDbLakehouse.open({ path: ':memory:' });
    try {
      await lakehouse.execute('CREATE SCHEMA silver');
      await lakehouse.execute(lakehouse.dialect.createTable(lines));
      // 50 projects, each in every one of the three row groups.
      await lakehouse.execute(
        `INSERT INTO silver.clustered_lines
         SELECT i, 'P' || lpad(CAST(i % 50 AS VARCHAR), 2, '0')
         FROM range(300000) AS t(i)`,
      );
      // Rows out of order in their physical (rowid) order.
      const outOfOrder = async () => {
        const [row] = await lakehouse.query<{ n: bigint }>(
          `SELECT count(*) AS n FROM (
             SELECT project_id, lag(project_id) OVER (ORDER BY rowid) AS previous
             FROM silver.clustered_lines)
           WHERE previous > project_id`,
        );
        return Number(row.n);
      };
      expect(await outOfOrder()).toBeGreaterThan(0);

      expect(await lakehouse.cluster(lines)).toBe(true);
      expect(await outOfOrder()).toBe(0);
      expect(
        await lakehouse.query(
          'SELECT count(*) AS n, count(DISTINCT line_id) AS keys FROM silver.clustered_lines',
        ),
      ).toEqual([{ n: 300000n, keys: 300000n }]);
      // The key still holds: a duplicate is refused.
      await expect(
        lakehouse.execute(
          "INSERT INTO silver.clustered_lines VALUES (7, 'P07')",
        ),
      ).rejects.toThrow(/[Cc]onstraint|[Dd]uplicate/);
      // Clustered, it is left alone; a table without clustering too.
      expect(await lakehouse.cluster(lines)).toBe(false);
      expect(await lakehouse.cluster({ ...lines, clusterBy: undefined })).toBe(
        false,
      );
    } finally {
      await lakehouse.close();
    }
  }, 60_000); // 300,000 keyed rows written twice: slow on a loaded machine.

  it('measures spread in the file’s own row groups', async () => {
    const lines = clusteredLines('small_clustered_lines');
    const clusterDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'cluster-'));
    const lakehouse = await DuckDbLakehouse.open({
      path: path.join(clusterDirectory, 'small-groups.duckdb'),
      rowGroupSize: 2048,
    });
    try {
      await lakehouse.execute('CREATE SCHEMA silver');
      await lakehouse.execute(lakehouse.dialect.createTable(lines));
      // 20,000 rows fit one of DuckDB's default row groups but spread each
      // of the 10 projects over all ten 2048-row groups.
      await lakehouse.execute(
        `INSERT INTO silver.small_clustered_lines
         SELECT i, 'P' || CAST(i % 10 AS VARCHAR) FROM range(20000) AS t(i)`,
      );
      expect(await lakehouse.cluster(lines)).toBe(true);
      expect(await lakehouse.cluster(lines)).toBe(false);
    } finally {
      await lakehouse.close();
      fs.rmSync(clusterDirectory, { recursive: true, force: true });
    }
  });

  it('rejects an empty path', async () => {
    await expect(DuckDbLakehouse.open({ path: ' ' })).rejects.toThrow(
      /path is empty/,
    );
  });
});
