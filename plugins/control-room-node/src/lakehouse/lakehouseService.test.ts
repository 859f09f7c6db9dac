import { ConfigReader } from '@backstage/config';
import { openLakehouse } from './lakehouseService';

function duckDbConfig(duckdb: Record<string, unknown>) {
  return new ConfigReader({
    controlRoom: { lakehouse: { duckdb: { path: ':memory:', ...duckdb } } },
  });
}

describe('openLakehouse on DuckDB', () => {
  it('gives DuckDB the configured memory limit', async () => {
    const lakehouse = await openLakehouse(
      duckDbConfig({ memoryLimit: '300MB' }),
    );
    try {
      expect(
        await lakehouse.query(
          "SELECT current_setting('memory_limit') AS memory_limit",
        ),
      ).toEqual([{ memory_limit: '286.1 MiB' }]);
    } finally {
      await lakehouse.close();
    }
  });

  it('refuses a memory limit DuckDB could not read, naming it', async () => {
    await expect(
      openLakehouse(duckDbConfig({ memoryLimit: "1GB'; DROP TABLE x; --" })),
    ).rejects.toThrow(
      /memory limit must be a size such as 512MB or 2GB, got '1GB'; DROP/,
    );
  });
});
