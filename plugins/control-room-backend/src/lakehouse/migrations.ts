import { createHash } from 'node:crypto';
import {
  Lakehouse,
  LakehouseDialect,
  lakehouseMigrations,
  qualifiedTableName,
  TableDeclaration,
} from '@finance-ppm/plugin-control-room-node';

/** One DDL step, named so the history says what changed. */
export interface MigrationStep {
  id: string;
  statement: string;
}

/** Columns that exist now, keyed by `schema.table`. */
export type ExistingColumns = Map<string, Set<string>>;

/** A short hash of the declarations; it changes whenever they change. */
export function schemaVersion(tables: TableDeclaration[]): string {
  return createHash('sha256')
    .update(JSON.stringify(tables))
    .digest('hex')
    .slice(0, 16);
}

/**
 * The steps that bring the lakehouse from `existing` to the declarations:
 * missing schemas and tables are created, missing columns added. Nothing is
 * ever dropped, so an undeclared column keeps its data.
 */
export function planMigrations(
  tables: TableDeclaration[],
  existing: ExistingColumns,
  dialect: LakehouseDialect,
): MigrationStep[] {
  const steps: MigrationStep[] = [];
  const knownSchemas = new Set(
    [...existing.keys()].map(name => name.split('.')[0]),
  );
  for (const schema of new Set(tables.map(t => t.schema))) {
    if (!knownSchemas.has(schema)) {
      steps.push({
        id: `create-schema:${schema}`,
        statement: dialect.createSchema(schema),
      });
    }
  }
  for (const table of tables) {
    const name = qualifiedTableName(table);
    const columns = existing.get(name);
    if (!columns) {
      steps.push({
        id: `create-table:${name}`,
        statement: dialect.createTable(table),
      });
      continue;
    }
    for (const column of table.columns) {
      if (!columns.has(column.name)) {
        steps.push({
          id: `add-column:${name}.${column.name}`,
          statement: dialect.addColumn(table, column),
        });
      }
    }
  }
  return steps;
}

/** Reads the lakehouse's current columns from information_schema. */
export async function readExistingColumns(
  lakehouse: Lakehouse,
  schemas: string[],
): Promise<ExistingColumns> {
  const rows = await lakehouse.query<{
    table_schema: string;
    table_name: string;
    column_name: string;
  }>(
    `SELECT table_schema, table_name, column_name
       FROM information_schema.columns
      WHERE table_schema IN (${schemas
        .map((_, i) => `:schema${i}`)
        .join(', ')})`,
    Object.fromEntries(schemas.map((schema, i) => [`schema${i}`, schema])),
  );
  const existing: ExistingColumns = new Map();
  for (const row of rows) {
    const name = `${row.table_schema}.${row.table_name}`;
    const columns = existing.get(name) ?? new Set<string>();
    columns.add(row.column_name);
    existing.set(name, columns);
  }
  return existing;
}

/**
 * Applies the planned steps in order and records each in
 * `bronze.lakehouse_migrations`. Running it again on an up-to-date
 * lakehouse plans nothing and changes nothing.
 */
export async function migrateLakehouse(
  lakehouse: Lakehouse,
  tables: TableDeclaration[],
): Promise<MigrationStep[]> {
  // The history table is always managed, whatever subset is migrated.
  const managed = tables.includes(lakehouseMigrations)
    ? tables
    : [lakehouseMigrations, ...tables];
  const schemas = [...new Set(managed.map(t => t.schema))];
  const existing = await readExistingColumns(lakehouse, schemas);
  const steps = planMigrations(managed, existing, lakehouse.dialect);
  const version = schemaVersion(managed);
  for (const step of steps) {
    await lakehouse.execute(step.statement);
  }
  if (steps.length > 0) {
    const appliedAt = new Date().toISOString();
    await lakehouse.upsert(
      lakehouseMigrations,
      steps.map(step => ({
        migration_id: step.id,
        statement: step.statement,
        schema_version: version,
        applied_at: appliedAt,
      })),
    );
  }
  return steps;
}
