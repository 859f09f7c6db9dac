import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  controlRoomSandboxServiceRef,
  notionServiceRef,
} from '@finance-ppm/plugin-control-room-node';
import { createNotionTaskAction } from './actions/createNotionTask';
import {
  createCatalogEntityLookup,
  createNotionTaskDependencies,
} from './actions/dependencies';

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
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        notion: notionServiceRef,
        sandbox: controlRoomSandboxServiceRef,
      },
      async init({
        scaffolder,
        logger,
        config,
        discovery,
        auth,
        permissions,
        notion,
        sandbox,
      }) {
        scaffolder.addActions(
          createNotionTaskAction(
            createNotionTaskDependencies({
              config,
              client: notion.client,
              logger,
              sandboxDatabaseIds: sandbox.notion?.databaseIds,
              getEntity: createCatalogEntityLookup({ discovery, auth }),
              permissions,
            }),
          ),
        );
        logger.info(
          'Notion scaffolder module loaded; registered notion:task:create',
        );
      },
    });
  },
});
