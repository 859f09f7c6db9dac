import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createNotionTaskAction } from './actions/createNotionTask';
import { createNotionTaskDependencies } from './actions/dependencies';

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
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
      },
      async init({ scaffolder, logger, discovery, auth, permissions }) {
        // Pages are made by the Control Room backend, so its claims make
        // each one once, whichever replica or entry point asks.
        scaffolder.addActions(
          createNotionTaskAction(
            createNotionTaskDependencies({ discovery, auth, permissions }),
          ),
        );
        logger.info(
          'Notion scaffolder module loaded; registered notion:task:create',
        );
      },
    });
  },
});
