import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { createRouter } from './service/router';
import { readControlRoomConfig } from './config';

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
      },
      async init({ config, logger, httpRouter }) {
        const settings = readControlRoomConfig(config);
        logger.info(`Control Room lakehouse engine: ${settings.engine}`);
        httpRouter.use(await createRouter({ settings }));
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
