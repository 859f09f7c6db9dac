import express from 'express';
import Router from 'express-promise-router';
import { HealthResponse } from '@finance-ppm/plugin-control-room-common';
import { Lakehouse } from '@finance-ppm/plugin-control-room-node';

export interface RouterOptions {
  lakehouse: Lakehouse;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { lakehouse } = options;
  const router = Router();
  router.use(express.json());

  router.get('/health', async (_req, res) => {
    const checkedAt = new Date().toISOString();
    let body: HealthResponse;
    try {
      await lakehouse.ping();
      body = { status: 'ok', engine: lakehouse.engine, checked_at: checkedAt };
    } catch (error) {
      body = {
        status: 'degraded',
        engine: lakehouse.engine,
        checked_at: checkedAt,
        message: `The ${lakehouse.engine} lakehouse does not answer: ${
          error instanceof Error ? error.message : String(error)
        }`,
      };
    }
    res.json(body);
  });

  return router;
}
