import {
  controlRoomActionCreatePermission,
  controlRoomFinanceReadPermission,
  controlRoomJobRunPermission,
  controlRoomPermissions,
} from './permissions';

describe('control room permissions', () => {
  it('uses the names that permission policies refer to', () => {
    expect(controlRoomPermissions.map(p => p.name)).toEqual([
      'control-room.finance.read',
      'control-room.action.create',
      'control-room.job.run',
    ]);
  });

  it('makes project finance a resource, so policies can answer with conditions', () => {
    expect(controlRoomFinanceReadPermission.type).toBe('resource');
    expect(controlRoomFinanceReadPermission).toMatchObject({
      resourceType: 'control-room-project',
    });
    expect(controlRoomActionCreatePermission.type).toBe('basic');
  });

  it('marks the read and the writes with their action attribute', () => {
    expect(controlRoomFinanceReadPermission.attributes.action).toBe('read');
    expect(controlRoomActionCreatePermission.attributes.action).toBe('create');
    expect(controlRoomJobRunPermission.attributes.action).toBe('update');
  });
});
