import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  LakehouseDialect,
  lakehouseTables,
  TableDeclaration,
} from '@finance-ppm/plugin-control-room-node';
import { DuckDbLakehouse } from '@finance-ppm/plugin-control-room-node';
import { migrateLakehouse, planMigrations, schemaVersion } from './migrations';

const textDialect: LakehouseDialect = {
  columnType: type => type,
  createSchema: schema => `create schema ${schema}`,
  createTable: table => `create table ${table.schema}.${table.name}`,
  addColumn: (table, column) =>
    `add ${column.name} to ${table.schema}.${table.name}`,
};

const budgets: TableDeclaration = {
  schema: 'silver',
  name: 'test_budgets',
  description: 'Budgets for the migration test.',
  columns: [
    { name: 'budget_id', type: 'string', description: 'Key.' },
    { name: 'amount', type: 'decimal(18,2)', description: 'Amount.' },
  ],
  primaryKey: ['budget_id'],
};

const budgetsWithOwner: TableDeclaration = {
  ...budgets,
  columns: [
    ...budgets.columns,
    { name: 'owner', type: 'string', description: 'Owner.' },
  ],
};

describe('planMigrations', () => {
  it('creates missing schemas and tables', () => {
    expect(planMigrations([budgets], new Map(), textDialect)).toEqual([
      { id: 'create-schema:silver', statement: 'create schema silver' },
      {
        id: 'create-table:silver.test_budgets',
        statement: 'create table silver.test_budgets',
      },
    ]);
  });

  it('adds only the columns a table lacks', () => {
    const existing = new Map([
      ['silver.test_budgets', new Set(['budget_id', 'amount'])],
    ]);
    expect(planMigrations([budgetsWithOwner], existing, textDialect)).toEqual([
      {
        id: 'add-column:silver.test_budgets.owner',
        statement: 'add owner to silver.test_budgets',
      },
    ]);
  });

  it('plans nothing for an up-to-date lakehouse and never drops columns', () => {
    const existing = new Map([
      ['silver.test_budgets', new Set(['budget_id', 'amount', 'legacy'])],
    ]);
    expect(planMigrations([budgets], existing, textDialect)).toEqual([]);
  });
});

describe('schemaVersion', () => {
  it('changes when a declaration changes', () => {
    expect(schemaVersion([budgets])).toBe(schemaVersion([budgets]));
    expect(schemaVersion([budgets])).not.toBe(
      schemaVersion([budgetsWithOwner]),
    );
  });
});

describe('migrateLakehouse on a DuckDB file', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'control-room-migrate-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates every declared table, then changes nothing on a second start', async () => {
    const file = path.join(dir, 'lakehouse.duckdb');
    const first = await DuckDbLakehouse.open({ path: file });
    const applied = await migrateLakehouse(first, lakehouseTables);
    await first.close();

    const second = await DuckDbLakehouse.open({ path: file });
    const again = await migrateLakehouse(second, lakehouseTables);
    const history = await second.query<{ n: bigint }>(
      'SELECT count(*) AS n FROM bronze.lakehouse_migrations',
    );
    const tables = await second.query<{ n: bigint }>(
      `SELECT count(*) AS n FROM information_schema.tables
        WHERE table_schema IN ('bronze', 'silver', 'gold')`,
    );
    await second.close();

    expect(applied.filter(s => s.id.startsWith('create-table:'))).toHaveLength(
      lakehouseTables.length,
    );
    expect(again).toEqual([]);
    expect(Number(history[0].n)).toBe(applied.length);
    expect(Number(tables[0].n)).toBe(lakehouseTables.length);
  });

  it('adds a new column to an existing file without losing rows', async () => {
    const file = path.join(dir, 'lakehouse.duckdb');
    const before = await DuckDbLakehouse.open({ path: file });
    await migrateLakehouse(before, [budgets]);
    await before.upsert(budgets, [
      { budget_id: 'b-1', amount: '1250.50' },
      { budget_id: 'b-2', amount: '99.99' },
    ]);
    await before.close();

    const after = await DuckDbLakehouse.open({ path: file });
    const steps = await migrateLakehouse(after, [budgetsWithOwner]);
    const rows = await after.query(
      'SELECT budget_id, amount, owner FROM silver.test_budgets ORDER BY budget_id',
    );
    await after.close();

    expect(steps.map(s => s.id)).toEqual([
      'add-column:silver.test_budgets.owner',
    ]);
    expect(rows).toEqual([
      { budget_id: 'b-1', amount: '1250.50', owner: null },
      { budget_id: 'b-2', amount: '99.99', owner: null },
    ]);
  });
});
