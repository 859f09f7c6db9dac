import { createBackend } from '@backstage/backend-defaults';
import { controlRoomPermissionPolicyModule } from './permissionPolicy';
import { sandboxServiceFactory } from './sandbox';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

// Sign-in: the guest provider is for local use; see app-config.production.yaml.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

backend.add(import('@backstage/plugin-scaffolder-backend'));

backend.add(import('@backstage/plugin-permission-backend'));
// Control Room writes need a configured group; `allowAll` locally.
backend.add(controlRoomPermissionPolicyModule);

backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));

backend.add(import('@backstage/plugin-events-backend'));
backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));
backend.add(import('@backstage/plugin-mcp-actions-backend'));

// This project's plugins, on the Notion and Azure sandbox unless real
// credentials are configured.
backend.add(sandboxServiceFactory);
backend.add(import('@finance-ppm/plugin-control-room-backend'));
backend.add(import('@finance-ppm/plugin-catalog-backend-module-control-room'));
backend.add(import('@finance-ppm/plugin-scaffolder-backend-module-notion'));

backend.start();
