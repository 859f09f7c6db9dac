import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { lakehouseServiceRef } from '@finance-ppm/plugin-control-room-node';
import { readCatalogModuleConfig } from './config';
import { ControlRoomEntityProvider } from './provider/ControlRoomEntityProvider';
import { createOwnerLookup, createProjectRefLookup } from './provider/lookups';
import { ProjectRelationProcessor } from './processor/ProjectRelationProcessor';

/**
 * Adds Notion programs and projects and Azure resources to the catalog, and
 * links entities that carry `notion.so/project-id` to their project.
 *
 * @public
 */
export const catalogModuleControlRoom = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'control-room',
  register(reg) {
    reg.registerInit({
      deps: {
        catalogProcessing: catalogProcessingExtensionPoint,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        lakehouse: lakehouseServiceRef,
      },
      async init({
        catalogProcessing,
        catalog,
        auth,
        config,
        logger,
        scheduler,
        lakehouse,
      }) {
        const settings = readCatalogModuleConfig(config);
        catalogProcessing.addEntityProvider(
          new ControlRoomEntityProvider({
            lakehouse,
            logger,
            mapping: settings.mapping,
            lookupOwners: createOwnerLookup(catalog, auth),
            taskRunner: scheduler.createScheduledTaskRunner(settings.schedule),
          }),
        );
        catalogProcessing.addProcessor(
          new ProjectRelationProcessor(
            createProjectRefLookup(lakehouse, settings.mapping),
          ),
        );
      },
    });
  },
});
