import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  DatabricksJobsClient,
  lakehouseServiceRef,
  lakehouseTables,
} from '@finance-ppm/plugin-control-room-node';
import { readControlRoomConfig } from './config';
import { migrateLakehouse } from './lakehouse/migrations';
import { findModelsDirectory, loadModels } from './lakehouse/modelRunner';
import { copyDatabricksRuns } from './pipeline/databricksRuns';
import { pipelineJobs } from './pipeline/jobs';
import { schedulePipeline } from './pipeline/schedulePipeline';
import { createRouter } from './service/router';

// How far back each copy of the Databricks bundle job runs looks.
const RUN_HISTORY_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * Wires the Control Room backend; the work lives in the folders it imports.
 *
 * @public
 */
export const controlRoomPlugin = createBackendPlugin({
  pluginId: 'control-room',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        scheduler: coreServices.scheduler,
        lakehouse: lakehouseServiceRef,
      },
      async init({ config, logger, httpRouter, scheduler, lakehouse }) {
        const settings = readControlRoomConfig(config);
        httpRouter.use(await createRouter({ lakehouse }));
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });

        // A lakehouse that is down must not stop the portal: /health then
        // reports degraded and the jobs record their failures.
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

        const modelsDirectory =
          settings.modelsDirectory ?? findModelsDirectory(process.cwd());
        const models = await loadModels(modelsDirectory);
        const syncDatabricksRuns =
          settings.orchestrator === 'databricks'
            ? () =>
                copyDatabricksRuns(
                  DatabricksJobsClient.fromConfig(config),
                  lakehouse,
                  pipelineJobs.filter(job => job.kind === 'sql'),
                  new Date(Date.now() - RUN_HISTORY_WINDOW_MS),
                )
            : undefined;
        await schedulePipeline({
          scheduler,
          lakehouse,
          logger,
          orchestrator: settings.orchestrator,
          models,
          syncDatabricksRuns,
        });
      },
    });
  },
});
