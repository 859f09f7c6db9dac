import path from 'node:path';
import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  isLakehouseEngineName,
  LAKEHOUSE_ENGINES,
} from '@finance-ppm/plugin-control-room-common';
import { controlRoomSandboxServiceRef } from '../sandbox';
import {
  DatabricksLakehouse,
  DEFAULT_STATEMENT_TIMEOUT_SECONDS,
  readStatementTimeout,
} from './databricks';
import { DuckDbLakehouse } from './duckdb';
import { Lakehouse } from './types';

/** Where the DuckDB file goes when `controlRoom.lakehouse.duckdb.path` is unset. */
export const DEFAULT_DUCKDB_PATH = '.data/control-room/lakehouse.duckdb';

/** Longest any one lakehouse statement may run, from config. */
export function readStatementTimeoutSeconds(config: Config): number {
  return readStatementTimeout(config) ?? DEFAULT_STATEMENT_TIMEOUT_SECONDS;
}

/** Reads `controlRoom.lakehouse.engine`, failing on an unknown value. */
export function readLakehouseEngine(config: Config) {
  const engine =
    config.getOptionalString('controlRoom.lakehouse.engine') ?? 'duckdb';
  if (!isLakehouseEngineName(engine)) {
    throw new InputError(
      `controlRoom.lakehouse.engine must be one of ${LAKEHOUSE_ENGINES.join(
        ', ',
      )}; got '${engine}'`,
    );
  }
  return engine;
}

/**
 * Opens the engine chosen in config. DuckDB opens its file now; Databricks
 * connects on first use, so the backend starts while a warehouse is down.
 */
export async function openLakehouse(
  config: Config,
  options: { logger?: LoggerService; workingDirectory?: string } = {},
): Promise<Lakehouse> {
  const { logger, workingDirectory = process.cwd() } = options;
  const engine = readLakehouseEngine(config);
  const statementTimeoutSeconds = readStatementTimeoutSeconds(config);
  if (engine === 'databricks') {
    return DatabricksLakehouse.fromConfig(config, { logger });
  }
  const configured =
    config.getOptionalString('controlRoom.lakehouse.duckdb.path') ??
    DEFAULT_DUCKDB_PATH;
  const file =
    configured === ':memory:'
      ? configured
      : path.resolve(workingDirectory, configured);
  return DuckDbLakehouse.open({
    path: file,
    statementTimeoutMs: statementTimeoutSeconds * 1000,
    rowGroupSize: config.getOptionalNumber(
      'controlRoom.lakehouse.duckdb.rowGroupSize',
    ),
    memoryLimit: config.getOptionalString(
      'controlRoom.lakehouse.duckdb.memoryLimit',
    ),
  });
}

/**
 * The lakehouse, one per backend process, shared by the control-room plugin
 * and the catalog and scaffolder modules.
 *
 * @public
 */
export const lakehouseServiceRef = createServiceRef<Lakehouse>({
  id: 'control-room.lakehouse',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        lifecycle: coreServices.rootLifecycle,
        logger: coreServices.rootLogger,
        // Resolved first, so a backend missing its settings stops with the
        // sandbox service's one message naming them all.
        sandbox: controlRoomSandboxServiceRef,
      },
      async factory({ config, lifecycle, logger }) {
        const lakehouse = await openLakehouse(config, {
          logger: logger.child({ service: 'control-room.lakehouse' }),
        });
        lifecycle.addShutdownHook(() => lakehouse.close());
        return lakehouse;
      },
    }),
});
