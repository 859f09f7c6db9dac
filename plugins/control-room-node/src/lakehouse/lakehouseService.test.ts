import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { DuckDbLakehouse } from './duckdb';
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

  it('gives a rebuild the configured rebuild memory limit', async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'lakehouse-'));
    const lakehouse = (await openLakehouse(
      duckDbConfig({
        path: path.join(directory, 'lakehouse.duckdb'),
        memoryLimit: '300MB',
        rebuildMemoryLimit: '64MB',
      }),
    )) as DuckDbLakehouse;
    const memoryLimit = async () =>
      (
        await lakehouse.query(
          "SELECT current_setting('memory_limit') AS memory_limit",
        )
      )[0].memory_limit;
    try {
      expect(await lakehouse.withRebuildMemoryLimit(memoryLimit)).toBe(
        '61.0 MiB',
      );
      expect(await memoryLimit()).toBe('286.1 MiB');
    } finally {
      await lakehouse.close();
      fs.rmSync(directory, { recursive: true, force: true });
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
