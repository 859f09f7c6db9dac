import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  AuthorizeResult,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  controlRoomProjectConditions,
  createControlRoomProjectConditionalDecision,
} from '@finance-ppm/plugin-control-room-backend';
import {
  CONTROL_ROOM_PROJECT_RESOURCE_TYPE,
  controlRoomFinanceReadPermission,
} from '@finance-ppm/plugin-control-room-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';

/** Who may do the Control Room's writes; see app-config*.yaml. */
export interface ControlRoomPolicySettings {
  allowAll: boolean;
  /** Ownership refs (users or groups) allowed to run jobs now. */
  jobRunners: string[];
  /** Ownership refs allowed to create Notion actions. */
  actionCreators: string[];
  /** Ownership refs that read every project. */
  financeReaders: string[];
  /** What everyone else reads. */
  projectReads: {
    owners: boolean;
    programOwners: boolean;
    programs: string[];
  };
}

export function readPolicySettings(config: Config): ControlRoomPolicySettings {
  const block = config.getOptionalConfig('controlRoom.permissions');
  return {
    allowAll: block?.getOptionalBoolean('allowAll') ?? false,
    jobRunners: block?.getOptionalStringArray('jobRunners') ?? [],
    actionCreators: block?.getOptionalStringArray('actionCreators') ?? [],
    financeReaders: block?.getOptionalStringArray('financeReaders') ?? [],
    projectReads: {
      owners: block?.getOptionalBoolean('projectReads.owners') ?? true,
      programOwners:
        block?.getOptionalBoolean('projectReads.programOwners') ?? true,
      programs: block?.getOptionalStringArray('projectReads.programs') ?? [],
    },
  };
}

const sameRef = (a: string, b: string) =>
  a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US');

/**
 * Everything is allowed to signed-in users except the Control Room writes,
 * which need membership of a configured group, and project finance reads:
 * the finance readers read every project, everyone else the projects the
 * configured rules give them. `allowAll` is for local use.
 */
export class ControlRoomPermissionPolicy implements PermissionPolicy {
  constructor(private readonly settings: ControlRoomPolicySettings) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (this.settings.allowAll) {
      return { result: AuthorizeResult.ALLOW };
    }
    const refs = user?.info.ownershipEntityRefs ?? [];
    if (
      isResourcePermission(
        request.permission,
        CONTROL_ROOM_PROJECT_RESOURCE_TYPE,
      ) &&
      request.permission.name === controlRoomFinanceReadPermission.name
    ) {
      return this.financeRead(request.permission, refs);
    }
    const writers: Record<string, string[]> = {
      'control-room.job.run': this.settings.jobRunners,
      'control-room.action.create': this.settings.actionCreators,
    };
    const allowedRefs = writers[request.permission.name];
    if (!allowedRefs) {
      return { result: AuthorizeResult.ALLOW };
    }
    return {
      result: refs.some(ref =>
        allowedRefs.some(allowed => sameRef(ref, allowed)),
      )
        ? AuthorizeResult.ALLOW
        : AuthorizeResult.DENY,
    };
  }

  private financeRead(
    permission: typeof controlRoomFinanceReadPermission,
    refs: string[],
  ): PolicyDecision {
    const { financeReaders, projectReads } = this.settings;
    if (refs.some(ref => financeReaders.some(reader => sameRef(ref, reader)))) {
      return { result: AuthorizeResult.ALLOW };
    }
    const conditions = [
      ...(projectReads.owners && refs.length > 0
        ? [controlRoomProjectConditions.isProjectOwner({ claims: refs })]
        : []),
      ...(projectReads.programOwners && refs.length > 0
        ? [controlRoomProjectConditions.isProgramOwner({ claims: refs })]
        : []),
      ...(projectReads.programs.length > 0
        ? [
            controlRoomProjectConditions.isInProgram({
              programIds: projectReads.programs,
            }),
          ]
        : []),
    ];
    const [first, ...rest] = conditions;
    if (!first) {
      return { result: AuthorizeResult.DENY };
    }
    return createControlRoomProjectConditionalDecision(permission, {
      anyOf: [first, ...rest],
    });
  }
}

export const controlRoomPermissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'control-room-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint, config: coreServices.rootConfig },
      async init({ policy, config }) {
        policy.setPolicy(
          new ControlRoomPermissionPolicy(readPolicySettings(config)),
        );
      },
    });
  },
});
