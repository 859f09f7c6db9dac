import { mockServices } from '@backstage/backend-test-utils';
import { registerControlRoomPermissions } from './permissions';

describe('registerControlRoomPermissions', () => {
  it('registers the write permissions; the read comes with its resource type', () => {
    const registry = mockServices.permissionsRegistry.mock();
    registerControlRoomPermissions(registry);
    expect(registry.addPermissions).toHaveBeenCalledWith([
      expect.objectContaining({ name: 'control-room.action.create' }),
      expect.objectContaining({ name: 'control-room.job.run' }),
    ]);
  });
});
