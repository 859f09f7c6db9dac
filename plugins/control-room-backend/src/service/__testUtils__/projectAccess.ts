import { PermissionsService } from '@backstage/backend-plugin-api';
import { Lakehouse } from '@finance-ppm/plugin-control-room-node';
import {
  createProjectAccess,
  createProjectResources,
  ProjectOwners,
} from '../projectAccess';
import { controlRoomProjectRules } from '../projectRules';

/** A permissions registry holding just this plugin's project rules. */
export function projectRulesRegistry() {
  const rules = Object.values(controlRoomProjectRules);
  return {
    addResourceType: jest.fn(),
    getPermissionRuleset: () =>
      ({
        getRuleByName: (name: string) => {
          const rule = rules.find(candidate => candidate.name === name);
          if (!rule) {
            throw new Error(`No rule ${name}`);
          }
          return rule;
        },
      } as any),
  };
}

/** Project access over the lakehouse's projects, outside a backend. */
export function testProjectAccess(
  permissions: Pick<PermissionsService, 'authorizeConditional'>,
  lakehouse: Lakehouse,
  owners: ProjectOwners = { projects: new Map(), programs: new Map() },
) {
  return createProjectAccess({
    permissions: permissions as PermissionsService,
    permissionsRegistry: projectRulesRegistry(),
    projects: createProjectResources({
      lakehouse,
      owners: async () => owners,
      ttlMs: 0,
    }),
  });
}
