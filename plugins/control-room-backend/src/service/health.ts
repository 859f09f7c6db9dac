import { HealthResponse } from '@finance-ppm/plugin-control-room-common';
import { Lakehouse } from '@finance-ppm/plugin-control-room-node';

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
