import {
  DuckDbLakehouse,
  Lakehouse,
} from '@finance-ppm/plugin-control-room-node';
import { checkHealth } from './health';

describe('checkHealth', () => {
  it('answers ok while DuckDB answers', async () => {
    const lakehouse = await DuckDbLakehouse.open({ path: ':memory:' });
    try {
      expect(
        await checkHealth(lakehouse, () => new Date('2026-01-01T00:00:00Z')),
      ).toEqual({
        status: 'ok',
        engine: 'duckdb',
        checked_at: '2026-01-01T00:00:00.000Z',
      });
    } finally {
      await lakehouse.close();
    }
  });

  it('reports degraded with the reason when the ping fails', async () => {
    const down = {
      engine: 'databricks',
      ping: () => Promise.reject(new Error('warehouse asleep')),
    } as unknown as Lakehouse;
    const health = await checkHealth(
      down,
      () => new Date('2026-01-01T00:00:00Z'),
    );
    expect(health).toEqual({
      status: 'degraded',
      engine: 'databricks',
      checked_at: '2026-01-01T00:00:00.000Z',
      message: 'The databricks lakehouse does not answer: warehouse asleep',
    });
  });
});
