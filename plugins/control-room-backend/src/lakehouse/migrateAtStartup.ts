import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  Lakehouse,
  lakehouseTables,
} from '@finance-ppm/plugin-control-room-node';
import { migrateLakehouse } from './migrations';

/**
 * Brings the lakehouse to the declared schema at start. A lakehouse that is
 * down must not stop the portal: /health then reports degraded and the
 * jobs record their failures.
 */
export async function migrateLakehouseAtStartup(
  lakehouse: Lakehouse,
  logger: LoggerService,
): Promise<void> {
  try {
    const steps = await migrateLakehouse(lakehouse, lakehouseTables);
    logger.info(
      `Lakehouse (${lakehouse.engine}) is at the declared schema; ${steps.length} migration step(s) applied`,
    );
  } catch (error) {
    logger.error(
      `Lakehouse (${lakehouse.engine}) migration failed; the API reports degraded until it answers`,
      error as Error,
    );
  }
}
