import { ConfigReader } from '@backstage/config';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  controlRoomActionCreatePermission,
  controlRoomFinanceReadPermission,
  controlRoomJobRunPermission,
} from '@finance-ppm/plugin-control-room-common';
import {
  ControlRoomPermissionPolicy,
  readPolicySettings,
} from './permissionPolicy';

const userIn = (...refs: string[]) =>
  ({
    credentials: {} as any,
    info: {
      userEntityRef: refs[0] ?? 'user:default/x',
      ownershipEntityRefs: refs,
    },
  } as any);

describe('ControlRoomPermissionPolicy', () => {
  const policy = new ControlRoomPermissionPolicy(
    readPolicySettings(
      new ConfigReader({
        controlRoom: {
          permissions: {
            jobRunners: ['group:default/platform'],
            actionCreators: ['group:default/finance-pmo'],
          },
        },
      }),
    ),
  );

  it('lets signed-in users read finance data', async () => {
    await expect(
      policy.handle({ permission: controlRoomFinanceReadPermission }, userIn()),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('lets only the configured groups run jobs and create actions', async () => {
    const platform = userIn('user:default/ops', 'group:default/platform');
    const finance = userIn('user:default/fin', 'group:default/finance-pmo');
    const run = { permission: controlRoomJobRunPermission };
    const create = { permission: controlRoomActionCreatePermission };

    expect((await policy.handle(run, platform)).result).toBe(
      AuthorizeResult.ALLOW,
    );
    expect((await policy.handle(run, finance)).result).toBe(
      AuthorizeResult.DENY,
    );
    expect((await policy.handle(create, finance)).result).toBe(
      AuthorizeResult.ALLOW,
    );
    expect((await policy.handle(create, platform)).result).toBe(
      AuthorizeResult.DENY,
    );
    expect((await policy.handle(create)).result).toBe(AuthorizeResult.DENY);
  });

  it('allows everything when allowAll is set, as the local config does', async () => {
    const open = new ControlRoomPermissionPolicy(
      readPolicySettings(
        new ConfigReader({ controlRoom: { permissions: { allowAll: true } } }),
      ),
    );
    expect(
      (await open.handle({ permission: controlRoomJobRunPermission })).result,
    ).toBe(AuthorizeResult.ALLOW);
  });
});
