import { PermissionsRegistryService } from '@backstage/backend-plugin-api';
import { controlRoomPermissions } from '@finance-ppm/plugin-control-room-common';

/**
 * Makes the Control Room's basic (write) permissions known to the permission
 * framework, so policies and the permission UI can list them. The finance
 * read comes with its resource type (`createProjectAccess`).
 *
 * @public
 */
export function registerControlRoomPermissions(
  permissionsRegistry: Pick<PermissionsRegistryService, 'addPermissions'>,
): void {
  permissionsRegistry.addPermissions(
    controlRoomPermissions.filter(permission => permission.type === 'basic'),
  );
}
