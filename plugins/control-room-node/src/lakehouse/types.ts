import { LakehouseEngineName } from '@finance-ppm/plugin-control-room-common';

/** The lakehouse layers; each is a schema on both engines. */
export type LakehouseSchema = 'bronze' | 'silver' | 'gold';

/**
 * Engine-neutral column types. Each engine maps them to its own DDL type
 * (DuckDB `VARCHAR`, Delta `STRING`, and so on).
 */
export type LogicalType =
  | 'string'
  | 'boolean'
  | 'int'
  | 'bigint'
  | 'double'
  | 'decimal(18,2)'
  | 'date'
  | 'timestamp'
  /** JSON text; `STRING` on Delta, `VARCHAR` on DuckDB. */
  | 'json'
  /** `MAP<STRING, STRING>` on both engines. */
  | 'map<string,string>';

/** @public */
export interface ColumnDeclaration {
  name: string;
  type: LogicalType;
  /** Defaults to true; key columns are always NOT NULL. */
  nullable?: boolean;
  /** A default both engines accept: a literal or `current_timestamp()`. */
  defaultSql?: string;
  /** What the column means; goes into the data dictionary. */
  description: string;
}

/**
 * A table declared once; each engine renders its own DDL from it.
 *
 * @public
 */
export interface TableDeclaration {
  schema: LakehouseSchema;
  name: string;
  description: string;
  columns: ColumnDeclaration[];
  /** Columns that identify a row; upserts MERGE on them. */
  primaryKey: string[];
  /**
   * False for tables a model rebuilds in full: DuckDB then skips the key
   * index, which makes a full rebuild several times slower, and the
   * declared unique check guards the key instead (as on Delta, which never
   * enforces keys). Default true.
   */
  enforceKey?: boolean;
  /** Delta partition columns; ignored by DuckDB. */
  partitionBy?: string[];
  /**
   * Columns the rows are kept physically ordered by, so that a read of a
   * few of their values skips the rest of the table (file statistics on
   * Delta, row-group zone maps on DuckDB). On Databricks the table is
   * created with `CLUSTER BY` (liquid clustering, which Delta does not
   * allow together with `partitionBy`); on DuckDB `Lakehouse.cluster`
   * rewrites the table in this order when its rows have spread.
   */
  clusterBy?: string[];
  /** Delta table properties; ignored by DuckDB. */
  properties?: Record<string, string>;
}

/**
 * Values that may be bound as parameters or read back from a row.
 *
 * Decoding choice: DECIMAL comes back as a string with its declared scale
 * ("1234.50") and BIGINT as a JS `bigint`, so no value loses precision on
 * its way out of either engine. Dates come back as `YYYY-MM-DD` strings and
 * timestamps as ISO 8601 strings in UTC.
 */
export type SqlValue = string | number | bigint | boolean | null;

/** A row keyed by column name. */
export type SqlRow = Record<string, SqlValue>;

/**
 * Named parameters. SQL refers to them as `:name` on every engine; values
 * are always bound, never spliced into the text.
 */
export type SqlParams = Record<string, SqlValue | Date>;

/** @public */
export interface UpsertResult {
  /** Rows in the batch after de-duplication on the key. */
  rows: number;
}

/**
 * The lakehouse as the plugins see it, whichever engine runs it.
 *
 * @public
 */
export interface Lakehouse {
  readonly engine: LakehouseEngineName;
  readonly dialect: LakehouseDialect;
  /** Runs a read and returns typed rows. */
  query<T extends SqlRow = SqlRow>(
    sql: string,
    params?: SqlParams,
  ): Promise<T[]>;
  /** Runs a statement that returns no rows (DDL, DML). */
  execute(sql: string, params?: SqlParams): Promise<void>;
  /**
   * MERGEs rows into a declared table on its primary key: a row whose key
   * exists is updated, any other is inserted. The same batch twice leaves
   * the table as after once.
   */
  upsert(table: TableDeclaration, rows: SqlRow[]): Promise<UpsertResult>;
  /**
   * Restores the physical order a table declares in `clusterBy`, after
   * writes that appended rows out of it; resolves true when it rewrote the
   * table. Only engines that do not cluster on their own implement it
   * (DuckDB); Databricks' liquid clustering keeps the order itself.
   */
  cluster?(table: TableDeclaration): Promise<boolean>;
  /** Cheap round trip for health checks; throws when the engine is down. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * How one engine spells DDL. Migrations are engine-neutral and ask the
 * dialect for each statement.
 *
 * @public
 */
export interface LakehouseDialect {
  /** The engine's type name for a logical type. */
  columnType(type: LogicalType): string;
  /** `CREATE SCHEMA IF NOT EXISTS ...`. */
  createSchema(schema: LakehouseSchema): string;
  /** `CREATE TABLE IF NOT EXISTS ...` with every declared column. */
  createTable(table: TableDeclaration): string;
  /** `ALTER TABLE ... ADD COLUMN ...` for a column added to a declaration. */
  addColumn(table: TableDeclaration, column: ColumnDeclaration): string;
}
