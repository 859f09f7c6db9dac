import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';

/**
 * Registers the `notion:task:create` scaffolder action.
 *
 * @public
 */
export const scaffolderModuleNotion = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'notion',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        logger: coreServices.logger,
      },
      async init({ logger }) {
        logger.info(
          'Notion scaffolder module loaded; notion:task:create is not registered yet',
        );
      },
    });
  },
});
