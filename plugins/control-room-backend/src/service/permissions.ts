import { PermissionsRegistryService } from '@backstage/backend-plugin-api';
import { controlRoomPermissions } from '@finance-ppm/plugin-control-room-common';

/**
 * Makes the three Control Room permissions known to the permission
 * framework, so policies and the permission UI can list them.
 *
 * @public
 */
export function registerControlRoomPermissions(
  permissionsRegistry: Pick<PermissionsRegistryService, 'addPermissions'>,
): void {
  permissionsRegistry.addPermissions(controlRoomPermissions);
}
