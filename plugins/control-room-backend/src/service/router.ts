import express from 'express';
import Router from 'express-promise-router';
import { HealthResponse } from '@finance-ppm/plugin-control-room-common';
import { ControlRoomSettings } from '../config';

export interface RouterOptions {
  settings: ControlRoomSettings;
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { settings } = options;
  const router = Router();
  router.use(express.json());

  router.get('/health', (_req, res) => {
    const body: HealthResponse = {
      status: 'ok',
      engine: settings.engine,
      checked_at: new Date().toISOString(),
    };
    res.json(body);
  });

  return router;
}
