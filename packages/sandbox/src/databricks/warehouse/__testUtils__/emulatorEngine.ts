import {
  DatabricksLakehouse,
  DatabricksLakehouseOptions,
} from '@finance-ppm/plugin-control-room-node';
import { SqlWarehouseEmulator } from '../server';

/** The token the warehouse tests start their emulator with. */
export const TEST_TOKEN = 'dapi-sandbox-token';

/**
 * The backend's Databricks engine on the emulated warehouse, through the
 * real driver, with short retry delays so fault tests stay quick.
 */
export function emulatorEngine(
  warehouse: SqlWarehouseEmulator,
  overrides: Partial<DatabricksLakehouseOptions> = {},
  dependencies: ConstructorParameters<typeof DatabricksLakehouse>[1] = {},
) {
  return new DatabricksLakehouse(
    {
      host: `${warehouse.host}:${warehouse.port}`,
      httpPath: warehouse.httpPath,
      catalog: 'finance_ppm',
      auth: { token: TEST_TOKEN },
      retry: {
        maxAttempts: 4,
        delayMinMs: 5,
        delayMaxMs: 20,
        timeoutMs: 10_000,
      },
      ...overrides,
    },
    dependencies,
  );
}
