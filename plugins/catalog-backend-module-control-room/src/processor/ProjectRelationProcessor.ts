import {
  Entity,
  getCompoundEntityRef,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  RELATION_HAS_PART,
  RELATION_PART_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { LocationSpec } from '@backstage/plugin-catalog-common';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  AZURE_RESOURCE_ID_ANNOTATION,
  NOTION_PROJECT_ID_ANNOTATION,
} from '@finance-ppm/plugin-control-room-common';

const NOTION_ID =
  /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const AZURE_ID =
  /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/.+/i;

/** Resolves a Notion project id to the catalog ref of its project entity. */
export type ProjectRefLookup = (
  projectId: string,
) => Promise<string | undefined>;

/**
 * Links any entity carrying `notion.so/project-id` to that project: Azure
 * resources become `dependencyOf` it, other entities `partOf` it. It also
 * rejects malformed Notion and Azure annotations with a clear error.
 */
export class ProjectRelationProcessor implements CatalogProcessor {
  constructor(private readonly lookupProjectRef: ProjectRefLookup) {}

  getProcessorName(): string {
    return 'ControlRoomProjectRelationProcessor';
  }

  async validateEntityKind(entity: Entity): Promise<boolean> {
    validateAnnotations(entity);
    return false;
  }

  async postProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    const projectId =
      entity.metadata.annotations?.[NOTION_PROJECT_ID_ANNOTATION];
    if (!projectId || !NOTION_ID.test(projectId)) {
      return entity;
    }
    const projectRef = await this.lookupProjectRef(
      normalizeNotionId(projectId),
    );
    const self = stringifyEntityRef(entity);
    if (!projectRef) {
      emit(
        processingResult.notFoundError(
          location,
          `${self} names Notion project ${projectId} in ${NOTION_PROJECT_ID_ANNOTATION}, but no such project is in silver.notion_projects`,
        ),
      );
      return entity;
    }
    if (projectRef === self) {
      return entity;
    }
    const source = getCompoundEntityRef(entity);
    const target = parseRef(projectRef);
    const [forward, backward] =
      entity.kind.toLowerCase() === 'resource'
        ? [RELATION_DEPENDENCY_OF, RELATION_DEPENDS_ON]
        : [RELATION_PART_OF, RELATION_HAS_PART];
    emit(processingResult.relation({ source, type: forward, target }));
    emit(
      processingResult.relation({
        source: target,
        type: backward,
        target: source,
      }),
    );
    return entity;
  }
}

/** Lower-case, dashed form, so ids with and without dashes match. */
export function normalizeNotionId(id: string): string {
  const hex = id.replace(/-/g, '').toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(
    12,
    16,
  )}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function parseRef(ref: string) {
  const [kind, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  return { kind, namespace, name };
}

/** Throws an InputError naming the entity, annotation and expected form. */
export function validateAnnotations(entity: Entity): void {
  const annotations = entity.metadata.annotations ?? {};
  const projectId = annotations[NOTION_PROJECT_ID_ANNOTATION];
  if (projectId !== undefined && !NOTION_ID.test(projectId)) {
    throw new InputError(
      `${stringifyEntityRef(
        entity,
      )}: annotation ${NOTION_PROJECT_ID_ANNOTATION} must be a Notion page id (32 hex digits, dashes allowed), got '${projectId}'`,
    );
  }
  const resourceId = annotations[AZURE_RESOURCE_ID_ANNOTATION];
  if (resourceId !== undefined && !AZURE_ID.test(resourceId)) {
    throw new InputError(
      `${stringifyEntityRef(
        entity,
      )}: annotation ${AZURE_RESOURCE_ID_ANNOTATION} must be an Azure resource id (/subscriptions/<id>/resourceGroups/<group>/providers/...), got '${resourceId}'`,
    );
  }
}
