import { LogicalType, TableDeclaration } from '../types';
import {
  duckDbColumnType,
  duckDbDefaultSql,
  duckDbDialect,
  qualifiedTableName,
  quoteIdentifier,
} from './duckDbDialect';

const budgetLines: TableDeclaration = {
  schema: 'silver',
  name: 'budget_lines',
  description: 'Monthly budget lines',
  columns: [
    { name: 'project_id', type: 'string', description: 'Project' },
    { name: 'month', type: 'date', description: 'First day of month' },
    { name: 'budget', type: 'decimal(18,2)', description: 'Budget' },
    {
      name: 'status',
      type: 'string',
      nullable: false,
      defaultSql: "'open'",
      description: 'Status',
    },
    {
      name: 'updated_at',
      type: 'timestamp',
      defaultSql: 'current_timestamp()',
      description: 'Last write',
    },
  ],
  primaryKey: ['project_id', 'month'],
  partitionBy: ['month'],
  properties: { 'delta.enableChangeDataFeed': 'true' },
};

describe('duckDbColumnType', () => {
  it.each<[LogicalType, string]>([
    ['string', 'VARCHAR'],
    ['boolean', 'BOOLEAN'],
    ['int', 'INTEGER'],
    ['bigint', 'BIGINT'],
    ['double', 'DOUBLE'],
    ['decimal(18,2)', 'DECIMAL(18,2)'],
    ['date', 'DATE'],
    ['timestamp', 'TIMESTAMP'],
    ['json', 'VARCHAR'],
    ['map<string,string>', 'MAP(VARCHAR, VARCHAR)'],
  ])('maps %s to %s', (logical, duckdb) => {
    expect(duckDbColumnType(logical)).toBe(duckdb);
    expect(duckDbDialect.columnType(logical)).toBe(duckdb);
  });

  it('rejects an unknown type', () => {
    expect(() => duckDbColumnType('money' as LogicalType)).toThrow(/money/);
  });
});

describe('duckDbDefaultSql', () => {
  it("turns Spark's current_timestamp() into DuckDB's keyword", () => {
    expect(duckDbDefaultSql('current_timestamp()')).toBe('current_timestamp');
    expect(duckDbDefaultSql('CURRENT_TIMESTAMP( )')).toBe('current_timestamp');
  });

  it('leaves literals alone', () => {
    expect(duckDbDefaultSql("'open'")).toBe("'open'");
    expect(duckDbDefaultSql('0')).toBe('0');
  });
});

describe('identifiers', () => {
  it('quotes plain identifiers, so reserved words work as names', () => {
    expect(quoteIdentifier('order')).toBe('"order"');
    expect(qualifiedTableName(budgetLines)).toBe('"silver"."budget_lines"');
  });

  it('rejects anything but letters, digits and _', () => {
    expect(() => quoteIdentifier('a"; DROP TABLE x; --')).toThrow(
      /not a valid lakehouse identifier/,
    );
    expect(() => quoteIdentifier('1abc')).toThrow();
  });
});

describe('duckDbDialect', () => {
  it('renders CREATE SCHEMA IF NOT EXISTS', () => {
    expect(duckDbDialect.createSchema('gold')).toBe(
      'CREATE SCHEMA IF NOT EXISTS "gold"',
    );
  });

  it('renders CREATE TABLE with NOT NULL keys, defaults and the primary key', () => {
    expect(duckDbDialect.createTable(budgetLines)).toBe(
      [
        'CREATE TABLE IF NOT EXISTS "silver"."budget_lines" (',
        '  "project_id" VARCHAR NOT NULL,',
        '  "month" DATE NOT NULL,',
        '  "budget" DECIMAL(18,2),',
        `  "status" VARCHAR DEFAULT 'open' NOT NULL,`,
        '  "updated_at" TIMESTAMP DEFAULT current_timestamp,',
        '  PRIMARY KEY ("project_id", "month")',
        ')',
      ].join('\n'),
    );
  });

  it('ignores partitioning and table properties', () => {
    const ddl = duckDbDialect.createTable(budgetLines);
    expect(ddl).not.toMatch(/PARTITION|TBLPROPERTIES|delta/i);
  });

  it('renders a table without a key', () => {
    expect(
      duckDbDialect.createTable({
        ...budgetLines,
        primaryKey: [],
      }),
    ).not.toContain('PRIMARY KEY');
  });

  it('rejects a key column that is not declared', () => {
    expect(() =>
      duckDbDialect.createTable({ ...budgetLines, primaryKey: ['nope'] }),
    ).toThrow(/key column\(s\) nope/);
  });

  it('rejects a column declared twice', () => {
    expect(() =>
      duckDbDialect.createTable({
        ...budgetLines,
        columns: [...budgetLines.columns, budgetLines.columns[2]],
      }),
    ).toThrow(/declares column budget twice/);
  });

  it('renders ADD COLUMN IF NOT EXISTS with the default but no constraint', () => {
    expect(
      duckDbDialect.addColumn(budgetLines, {
        name: 'forecast',
        type: 'decimal(18,2)',
        nullable: false,
        defaultSql: '0',
        description: 'Forecast',
      }),
    ).toBe(
      'ALTER TABLE "silver"."budget_lines" ADD COLUMN IF NOT EXISTS "forecast" DECIMAL(18,2) DEFAULT 0',
    );
  });

  it('refuses to add a key column to an existing table', () => {
    expect(() =>
      duckDbDialect.addColumn(budgetLines, budgetLines.columns[0]),
    ).toThrow(/Cannot add key column project_id/);
  });
});
