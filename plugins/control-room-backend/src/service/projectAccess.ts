import {
  AuthService,
  BackstageCredentials,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  controlRoomFinanceReadPermission,
  NOTION_PROGRAM_ID_ANNOTATION,
  NOTION_PROJECT_ID_ANNOTATION,
} from '@finance-ppm/plugin-control-room-common';
import { Lakehouse } from '@finance-ppm/plugin-control-room-node';
import {
  ControlRoomProjectResource,
  controlRoomProjectResourceRef,
  controlRoomProjectRules,
} from './projectRules';

/**
 * The projects a caller may read: every one, or the listed ids. Portfolio
 * totals are summed over these only.
 */
export type ProjectScope =
  | { all: true }
  | { all: false; projectIds: readonly string[] };

/** Catalog owners of projects and programs, keyed by their Notion ids. */
export interface ProjectOwners {
  projects: Map<string, string>;
  programs: Map<string, string>;
}

/** Reads who owns which project and program; the catalog backs it. */
export type ProjectOwnersSource = () => Promise<ProjectOwners>;

/** Decides which projects a caller may read. */
export interface ProjectAccess {
  /** Throws NotAllowedError when the caller may read no project at all. */
  scopeOf(credentials: BackstageCredentials): Promise<ProjectScope>;
  canRead(
    credentials: BackstageCredentials,
    projectId: string,
  ): Promise<boolean>;
}

const DEFAULT_TTL_MS = 60_000;
/** Distinct condition sets remembered per project list (one per policy branch in practice). */
const MAX_SCOPES_PER_LIST = 500;

function ownerRefOf(entity: Entity): string | undefined {
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner !== 'string' || !owner) {
    return undefined;
  }
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return undefined;
  }
}

/**
 * Owners from the catalog: the project's Component (`spec.type: project`)
 * and the program's System, found by their Notion annotations, read with
 * the plugin's own credentials.
 */
export function catalogProjectOwners(
  catalog: CatalogService,
  auth: AuthService,
): ProjectOwnersSource {
  return async () => {
    const credentials = await auth.getOwnServiceCredentials();
    const read = async (kind: string, type: string) =>
      (
        await catalog.getEntities(
          {
            filter: { kind, 'spec.type': type },
            fields: ['kind', 'metadata', 'spec.owner', 'spec.type'],
          },
          { credentials },
        )
      ).items;
    const [components, systems] = await Promise.all([
      read('Component', 'project'),
      read('System', 'program'),
    ]);
    const byAnnotation = (entities: Entity[], annotation: string) =>
      new Map(
        entities.flatMap(entity => {
          const id = entity.metadata.annotations?.[annotation];
          const owner = ownerRefOf(entity);
          return id && owner ? [[id, owner] as const] : [];
        }),
      );
    return {
      projects: byAnnotation(components, NOTION_PROJECT_ID_ANNOTATION),
      programs: byAnnotation(systems, NOTION_PROGRAM_ID_ANNOTATION),
    };
  };
}

/** The live projects with their owners, read again after `ttlMs`. */
export function createProjectResources(options: {
  lakehouse: Lakehouse;
  owners: ProjectOwnersSource;
  ttlMs?: number;
  now?: () => number;
}): () => Promise<ControlRoomProjectResource[]> {
  const { lakehouse, owners } = options;
  const ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
  const now = options.now ?? Date.now;
  let cached: { at: number; value: Promise<ControlRoomProjectResource[]> };
  const load = async () => {
    const [rows, known] = await Promise.all([
      lakehouse.query(
        `SELECT project_id, program_id FROM silver.notion_projects
          WHERE NOT coalesce(is_archived, false)
          ORDER BY project_id`,
      ),
      owners(),
    ]);
    return rows.map(row => {
      const projectId = String(row.project_id);
      const programId =
        row.program_id === null ? undefined : String(row.program_id);
      const ownerRef = known.projects.get(projectId);
      const programOwnerRef = programId && known.programs.get(programId);
      return {
        projectId,
        ...(programId && { programId }),
        ...(ownerRef && { ownerRef }),
        ...(programOwnerRef && { programOwnerRef }),
      };
    });
  };
  return () => {
    if (!cached || now() - cached.at >= ttlMs) {
      const value = load();
      cached = { at: now(), value };
      // A failed read is not kept.
      value.catch(() => {
        if (cached?.value === value) {
          cached = { at: -Infinity, value };
        }
      });
    }
    return cached.value;
  };
}

/**
 * Registers the project resource type with its rules and answers, per
 * caller, which projects `control-room.finance.read` lets them read.
 */
export function createProjectAccess(options: {
  permissions: PermissionsService;
  permissionsRegistry: Pick<
    PermissionsRegistryService,
    'addResourceType' | 'getPermissionRuleset'
  >;
  projects: () => Promise<ControlRoomProjectResource[]>;
}): ProjectAccess {
  const { permissions, permissionsRegistry, projects } = options;
  permissionsRegistry.addResourceType({
    resourceRef: controlRoomProjectResourceRef,
    permissions: [controlRoomFinanceReadPermission],
    rules: Object.values(controlRoomProjectRules),
    getResources: async ids => {
      const byId = new Map((await projects()).map(p => [p.projectId, p]));
      return ids.map(id => byId.get(id));
    },
  });
  const isAllowed = createConditionAuthorizer(
    permissionsRegistry.getPermissionRuleset(controlRoomProjectResourceRef),
  );
  // The readable set depends only on the decision's conditions and the
  // project list, which is kept for a while: it is worked out once per list
  // and conditions, not on every request (2,000 projects cost about 1.5 ms).
  // The decision itself is still asked for on every request.
  const scopesByList = new WeakMap<
    readonly ControlRoomProjectResource[],
    Map<string, ProjectScope>
  >();
  const conditionalScope = (
    list: readonly ControlRoomProjectResource[],
    decision: Parameters<typeof isAllowed>[0],
  ): ProjectScope => {
    let scopes = scopesByList.get(list);
    if (!scopes) {
      scopes = new Map();
      scopesByList.set(list, scopes);
    }
    // The whole decision: its conditions, plugin and resource type.
    const key = JSON.stringify(decision);
    let scope = scopes.get(key);
    if (!scope) {
      scope = {
        all: false,
        projectIds: Object.freeze(
          list
            .filter(project => isAllowed(decision, project))
            .map(p => p.projectId),
        ),
      };
      if (scopes.size >= MAX_SCOPES_PER_LIST) {
        scopes.delete(scopes.keys().next().value!);
      }
      scopes.set(key, scope);
    }
    return scope;
  };

  async function scopeOf(
    credentials: BackstageCredentials,
  ): Promise<ProjectScope> {
    const [decision] = await permissions.authorizeConditional(
      [{ permission: controlRoomFinanceReadPermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.ALLOW) {
      return { all: true };
    }
    if (decision.result === AuthorizeResult.DENY) {
      throw new NotAllowedError(
        `Missing permission ${controlRoomFinanceReadPermission.name}`,
      );
    }
    return conditionalScope(await projects(), decision);
  }

  return {
    scopeOf,
    async canRead(credentials, projectId) {
      const scope = await scopeOf(credentials);
      return scope.all || scope.projectIds.includes(projectId);
    },
  };
}
