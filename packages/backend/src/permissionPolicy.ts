import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
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
}

export function readPolicySettings(config: Config): ControlRoomPolicySettings {
  const block = config.getOptionalConfig('controlRoom.permissions');
  return {
    allowAll: block?.getOptionalBoolean('allowAll') ?? false,
    jobRunners: block?.getOptionalStringArray('jobRunners') ?? [],
    actionCreators: block?.getOptionalStringArray('actionCreators') ?? [],
  };
}

/**
 * Everything is allowed to signed-in users except the Control Room writes,
 * which need membership of a configured group. `allowAll` is for local use.
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
    const writers: Record<string, string[]> = {
      'control-room.job.run': this.settings.jobRunners,
      'control-room.action.create': this.settings.actionCreators,
    };
    const allowedRefs = writers[request.permission.name];
    if (!allowedRefs) {
      return { result: AuthorizeResult.ALLOW };
    }
    const refs = user?.info.ownershipEntityRefs ?? [];
    return {
      result: refs.some(ref => allowedRefs.includes(ref))
        ? AuthorizeResult.ALLOW
        : AuthorizeResult.DENY,
    };
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
