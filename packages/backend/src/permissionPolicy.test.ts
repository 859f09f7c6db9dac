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

  it('gives other users the projects they or their groups own, by condition', async () => {
    const alice = userIn('user:default/alice', 'group:default/group-a');
    const decision = await policy.handle(
      { permission: controlRoomFinanceReadPermission },
      alice,
    );
    expect(decision).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'control-room',
      resourceType: 'control-room-project',
      conditions: {
        anyOf: [
          {
            rule: 'IS_PROJECT_OWNER',
            resourceType: 'control-room-project',
            params: { claims: ['user:default/alice', 'group:default/group-a'] },
          },
          {
            rule: 'IS_PROGRAM_OWNER',
            resourceType: 'control-room-project',
            params: { claims: ['user:default/alice', 'group:default/group-a'] },
          },
        ],
      },
    });
  });

  it('lets the finance readers read every project', async () => {
    const financeOnly = new ControlRoomPermissionPolicy(
      readPolicySettings(
        new ConfigReader({
          controlRoom: {
            permissions: {
              financeReaders: ['group:default/Finance'],
              projectReads: { owners: false, programOwners: false },
            },
          },
        }),
      ),
    );
    const read = { permission: controlRoomFinanceReadPermission };
    expect(
      (
        await financeOnly.handle(
          read,
          userIn('user:default/f', 'group:default/finance'),
        )
      ).result,
    ).toBe(AuthorizeResult.ALLOW);
    // Limited to the finance group: everyone else reads nothing.
    expect(
      (
        await financeOnly.handle(
          read,
          userIn('user:default/a', 'group:default/group-a'),
        )
      ).result,
    ).toBe(AuthorizeResult.DENY);
  });

  it('adds the configured programs for everyone', async () => {
    const withPrograms = new ControlRoomPermissionPolicy(
      readPolicySettings(
        new ConfigReader({
          controlRoom: {
            permissions: {
              projectReads: {
                owners: false,
                programOwners: false,
                programs: ['prog-open'],
              },
            },
          },
        }),
      ),
    );
    const decision = await withPrograms.handle(
      { permission: controlRoomFinanceReadPermission },
      userIn('user:default/x'),
    );
    expect(decision).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      conditions: {
        anyOf: [
          { rule: 'IS_IN_PROGRAM', params: { programIds: ['prog-open'] } },
        ],
      },
    });
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
