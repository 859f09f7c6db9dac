import { createBackend } from '@backstage/backend-defaults';
import { controlRoomPermissionPolicyModule } from './permissionPolicy';
import { sandboxServiceFactory } from './sandbox';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

// Sign-in: Microsoft Entra ID (app-config.production.yaml); the guest
// provider only outside production, for local use.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-microsoft-provider'));
if (process.env.NODE_ENV !== 'production') {
  backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
}

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
// Users and groups from Microsoft Graph (catalog.providers.microsoftGraphOrg).
backend.add(import('@backstage/plugin-catalog-backend-module-msgraph'));

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

// This project's plugins. The Notion and Azure sandbox runs only with
// controlRoom.sandbox.enabled (app-config.yaml); without it, missing
// credentials stop the backend at start.
backend.add(sandboxServiceFactory);
backend.add(import('@finance-ppm/plugin-control-room-backend'));
backend.add(import('@finance-ppm/plugin-catalog-backend-module-control-room'));
backend.add(import('@finance-ppm/plugin-scaffolder-backend-module-notion'));

backend.start();
