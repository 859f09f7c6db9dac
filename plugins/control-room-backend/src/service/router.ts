import express from 'express';
import Router from 'express-promise-router';
import { HealthResponse } from '@finance-ppm/plugin-control-room-common';
import { Lakehouse } from '@finance-ppm/plugin-control-room-node';

export interface RouterOptions {
  lakehouse: Lakehouse;
}

/** `ok` when the lakehouse answers a ping, `degraded` with the reason otherwise. */
export async function checkHealth(
  lakehouse: Lakehouse,
  now: () => Date = () => new Date(),
): Promise<HealthResponse> {
  const checkedAt = now().toISOString();
  try {
    await lakehouse.ping();
    return { status: 'ok', engine: lakehouse.engine, checked_at: checkedAt };
  } catch (error) {
    return {
      status: 'degraded',
      engine: lakehouse.engine,
      checked_at: checkedAt,
      message: `The ${lakehouse.engine} lakehouse does not answer: ${
        error instanceof Error ? error.message : String(error)
      }`,
    };
  }
}

/**
 * The health-only router the plugin mounted before the API existed;
 * `createControlRoomRouter` serves /health too and replaces it.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { lakehouse } = options;
  const router = Router();
  router.use(express.json());

  router.get('/health', async (_req, res) => {
    res.json(await checkHealth(lakehouse));
  });

  return router;
}
