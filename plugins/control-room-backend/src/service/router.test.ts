import express from 'express';
import request from 'supertest';
import {
  DuckDbLakehouse,
  Lakehouse,
} from '@finance-ppm/plugin-control-room-node';
import { checkHealth, createRouter } from './router';

describe('health router', () => {
  it('answers ok while DuckDB answers', async () => {
    const lakehouse = await DuckDbLakehouse.open({ path: ':memory:' });
    try {
      const app = express().use(await createRouter({ lakehouse }));
      const res = await request(app).get('/health').expect(200);
      expect(res.body).toMatchObject({ status: 'ok', engine: 'duckdb' });
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
