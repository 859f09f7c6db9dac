import {
  DatabricksLakehouse,
  DuckDbLakehouse,
  Lakehouse,
  lakehouseTables,
} from '@finance-ppm/plugin-control-room-node';
import { startSqlWarehouseEmulator } from '@finance-ppm/sandbox';
import { migrateLakehouse } from '../migrations';

/** The engines a test can run on: both real, the warehouse emulated. */
export const TEST_ENGINES = [
  'DuckDB',
  'the emulated Databricks SQL warehouse',
] as const;
export type TestEngine = (typeof TEST_ENGINES)[number];

const TOKEN = 'dapi-test-engine';

/**
 * A migrated, empty lakehouse on the engine: in-memory DuckDB, or the
 * Databricks engine through the real driver on an emulated warehouse.
 */
export async function openTestLakehouse(
  engine: TestEngine,
): Promise<{ lakehouse: Lakehouse; close(): Promise<void> }> {
  if (engine === 'DuckDB') {
    const lakehouse = await DuckDbLakehouse.open({ path: ':memory:' });
    await migrateLakehouse(lakehouse, lakehouseTables);
    return { lakehouse, close: () => lakehouse.close() };
  }
  const warehouse = await startSqlWarehouseEmulator({
    token: TOKEN,
    catalog: 'finance_ppm',
  });
  const lakehouse = new DatabricksLakehouse({
    host: `${warehouse.host}:${warehouse.port}`,
    httpPath: warehouse.httpPath,
    catalog: 'finance_ppm',
    auth: { token: TOKEN },
  });
  await migrateLakehouse(lakehouse, lakehouseTables);
  return {
    lakehouse,
    async close() {
      await lakehouse.close();
      await warehouse.close();
    },
  };
}

/**
 * A writer and a second connection reading the same lakehouse, as another
 * replica or a bundle job's SQL task would; DuckDB in memory has one
 * connection for both. No tables are created.
 */
export async function openWriterAndReader(engine: TestEngine): Promise<{
  writer: Lakehouse;
  reader: Lakehouse;
  close(): Promise<void>;
}> {
  if (engine === 'DuckDB') {
    const lakehouse = await DuckDbLakehouse.open({ path: ':memory:' });
    return {
      writer: lakehouse,
      reader: lakehouse,
      close: () => lakehouse.close(),
    };
  }
  const warehouse = await startSqlWarehouseEmulator({
    token: TOKEN,
    catalog: 'finance_ppm',
  });
  const connect = () =>
    new DatabricksLakehouse({
      host: `${warehouse.host}:${warehouse.port}`,
      httpPath: warehouse.httpPath,
      catalog: 'finance_ppm',
      auth: { token: TOKEN },
    });
  const writer = connect();
  const reader = connect();
  return {
    writer,
    reader,
    async close() {
      await writer.close();
      await reader.close();
      await warehouse.close();
    },
  };
}
