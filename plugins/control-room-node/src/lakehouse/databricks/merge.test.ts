import {
  columnsSetByBatch,
  MAX_TEXT_PER_UPSERT_STATEMENT,
} from '../upsertRows';
import { TableDeclaration } from '../types';
import { dedupeOnPrimaryKey, planUpsert, renderMergeSql } from './merge';

const budgetLines: TableDeclaration = {
  schema: 'silver',
  name: 'notion_budget_lines',
  description: 'Budget lines',
  primaryKey: ['project_id', 'month'],
  columns: [
    { name: 'project_id', type: 'string', description: 'Project' },
    { name: 'month', type: 'date', description: 'Month' },
    { name: 'amount', type: 'decimal(18,2)', description: 'Amount' },
    {
      name: 'synced_at',
      type: 'timestamp',
      defaultSql: 'current_timestamp()',
      description: 'Sync time',
    },
  ],
};

describe('dedupeOnPrimaryKey', () => {
  it('keeps the last row per composite key', () => {
    expect(
      dedupeOnPrimaryKey(budgetLines, [
        { project_id: 'p', month: '2024-01-01', amount: '1.00' },
        { project_id: 'p', month: '2024-02-01', amount: '2.00' },
        { project_id: 'p', month: '2024-01-01', amount: '3.00' },
      ]),
    ).toEqual([
      { project_id: 'p', month: '2024-01-01', amount: '3.00' },
      { project_id: 'p', month: '2024-02-01', amount: '2.00' },
    ]);
  });

  it('tells keys of different types apart', () => {
    const table = {
      ...budgetLines,
      primaryKey: ['id'],
      columns: [{ name: 'id', type: 'bigint' as const, description: 'Id' }],
    };
    expect(
      dedupeOnPrimaryKey(table, [
        { id: 1n },
        { id: 1 },
        { id: '1' },
        { id: 1n },
      ]),
    ).toHaveLength(3);
  });
});

describe('columnsSetByBatch', () => {
  it('leaves out columns no row sets, so their DEFAULT applies', () => {
    expect(
      columnsSetByBatch(budgetLines, [
        { project_id: 'p', month: '2024-01-01' },
        { project_id: 'q', month: '2024-01-01', amount: null },
      ]).map(c => c.name),
    ).toEqual(['project_id', 'month', 'amount']);
  });
});

describe('renderMergeSql', () => {
  it('joins on every key column and skips UPDATE when only keys are sent', () => {
    expect(
      renderMergeSql(budgetLines, budgetLines.columns.slice(0, 2), 1),
    ).toBe(
      [
        'MERGE INTO silver.notion_budget_lines AS t',
        'USING (',
        '  SELECT CAST(project_id AS STRING) AS project_id, CAST(month AS DATE) AS month',
        '  FROM VALUES (:p0_c0, :p0_c1) AS v(project_id, month)',
        ') AS s',
        'ON t.project_id = s.project_id AND t.month = s.month',
        'WHEN NOT MATCHED THEN INSERT (project_id, month) VALUES (s.project_id, s.month)',
      ].join('\n'),
    );
  });
});

describe('planUpsert', () => {
  it('plans nothing for an empty batch', () => {
    expect(planUpsert(budgetLines, [])).toEqual({ statements: [], rows: 0 });
  });

  it('refuses a table without a primary key', () => {
    expect(() =>
      planUpsert({ ...budgetLines, primaryKey: [] }, [{ project_id: 'p' }]),
    ).toThrow('the table declares no primary key');
  });

  it('checks every value before planning any statement', () => {
    const rows = Array.from({ length: 200 }, (_, i) => ({
      project_id: `p${i}`,
      month: '2024-01-01',
      amount: i === 199 ? 'twelve' : '1.00',
    }));
    expect(() => planUpsert(budgetLines, rows)).toThrow(
      'Upsert into silver.notion_budget_lines, column amount: "twelve" is not a valid decimal(18,2) value',
    );
  });

  it('sizes chunks from the number of columns sent', () => {
    const rows = Array.from({ length: 200 }, (_, i) => ({
      project_id: `p${i}`,
      month: '2024-01-01',
      amount: '1.00',
    }));
    const plan = planUpsert(budgetLines, rows);
    // 3 columns: 85 rows (255 parameters) per statement.
    expect(plan.statements.map(s => s.rows)).toEqual([85, 85, 30]);
    expect(plan.rows).toBe(200);
  });

  it('keeps the bound text of a statement within the limit', () => {
    // Wide rows, as Notion pages listing thousands of related lines: 85
    // of them would bind 85 MB in one request.
    const wide = 'x'.repeat(1024 * 1024);
    const rows = Array.from({ length: 10 }, (_, i) => ({
      project_id: `p${i}-${wide}`,
      month: '2024-01-01',
      amount: '1.00',
    }));
    const plan = planUpsert(budgetLines, rows);
    expect(plan.statements.map(s => s.rows)).toEqual([3, 3, 3, 1]);
    const bound = plan.statements.map(statement =>
      Object.values(statement.namedParameters).reduce(
        (sum, parameter) => sum + String(parameter.value ?? '').length,
        0,
      ),
    );
    // The last statement holds one row of 1 MB; none more than the limit.
    expect(Math.min(...bound)).toBeGreaterThan(1024 * 1024);
    expect(Math.max(...bound)).toBeLessThanOrEqual(
      MAX_TEXT_PER_UPSERT_STATEMENT,
    );
    expect(plan.rows).toBe(10);
  });
});
