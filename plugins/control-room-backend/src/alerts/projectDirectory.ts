import { AuthService } from '@backstage/backend-plugin-api';
import {
  Entity,
  getCompoundEntityRef,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NOTION_PROJECT_ID_ANNOTATION } from '@finance-ppm/plugin-control-room-common';

/** What the catalog says about a project. */
export interface ProjectEntity {
  entityRef: string;
  /** `spec.owner` as a full entity ref. */
  ownerRef?: string;
  /** Portal path of the entity's Finance tab. */
  financePath: string;
}

/** Looks up the catalog entities of projects, keyed by project id. */
export type ProjectDirectory = (
  projectIds: readonly string[],
) => Promise<Map<string, ProjectEntity>>;

const ANNOTATION_FILTER_KEY = `metadata.annotations.${NOTION_PROJECT_ID_ANNOTATION}`;
/** Project ids per catalog request, to keep the query string short. */
const IDS_PER_REQUEST = 50;

function isProjectComponent(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'component' &&
    (entity.spec as { type?: unknown } | undefined)?.type === 'project'
  );
}

function describeEntity(entity: Entity): ProjectEntity {
  const ref = getCompoundEntityRef(entity);
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  let ownerRef: string | undefined;
  if (typeof owner === 'string' && owner) {
    try {
      ownerRef = stringifyEntityRef(
        parseEntityRef(owner, {
          defaultKind: 'group',
          defaultNamespace: ref.namespace,
        }),
      );
    } catch {
      // An unparsable owner is left to the platform group.
      ownerRef = undefined;
    }
  }
  return {
    entityRef: stringifyEntityRef(ref),
    ...(ownerRef && { ownerRef }),
    financePath: `/catalog/${ref.namespace}/${ref.kind.toLocaleLowerCase(
      'en-US',
    )}/${ref.name}/finance`,
  };
}

/**
 * Project id to its entity. The project's own Component wins over other
 * entities carrying the same annotation (Azure resources, say).
 */
export function projectEntitiesById(
  entities: readonly Entity[],
): Map<string, ProjectEntity> {
  const ranked = [...entities].sort(
    (a, b) => Number(isProjectComponent(b)) - Number(isProjectComponent(a)),
  );
  const byId = new Map<string, ProjectEntity>();
  for (const entity of ranked) {
    const projectId =
      entity.metadata.annotations?.[NOTION_PROJECT_ID_ANNOTATION];
    if (projectId && !byId.has(projectId.toLocaleLowerCase('en-US'))) {
      byId.set(projectId.toLocaleLowerCase('en-US'), describeEntity(entity));
    }
  }
  return byId;
}

/** A directory backed by the catalog, asked with the plugin's own credentials. */
export function catalogProjectDirectory(
  catalog: CatalogService,
  auth: AuthService,
): ProjectDirectory {
  return async projectIds => {
    const ids = [...new Set(projectIds)];
    if (ids.length === 0) {
      return new Map();
    }
    const credentials = await auth.getOwnServiceCredentials();
    const entities: Entity[] = [];
    for (let start = 0; start < ids.length; start += IDS_PER_REQUEST) {
      const { items } = await catalog.getEntities(
        {
          filter: {
            [ANNOTATION_FILTER_KEY]: ids.slice(start, start + IDS_PER_REQUEST),
          },
          fields: ['kind', 'metadata', 'spec.owner', 'spec.type'],
        },
        { credentials },
      );
      entities.push(...items);
    }
    const found = projectEntitiesById(entities);
    // Keyed by the ids as asked; the catalog compares them case-insensitively.
    return new Map(
      ids.flatMap(id => {
        const entity = found.get(id.toLocaleLowerCase('en-US'));
        return entity ? [[id, entity] as const] : [];
      }),
    );
  };
}
