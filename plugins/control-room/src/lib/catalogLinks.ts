import type { Entity } from '@backstage/catalog-model';
import type { CatalogApi } from '@backstage/plugin-catalog-react';
import { CATALOG_FILTER_EXISTS } from '@backstage/plugin-catalog-react';
import { NOTION_PROJECT_ID_ANNOTATION } from '@finance-ppm/plugin-control-room-common';

/** The catalog page of an entity, under the app's default catalog route. */
export function entityPath(entity: Pick<Entity, 'kind' | 'metadata'>): string {
  const namespace = entity.metadata.namespace ?? 'default';
  return `/catalog/${namespace}/${entity.kind.toLocaleLowerCase('en-US')}/${
    entity.metadata.name
  }`;
}

/**
 * Maps Notion project ids to catalog pages. The project's own `Component`
 * wins over other entities carrying the same annotation.
 */
export function projectEntityPaths(entities: Entity[]): Map<string, string> {
  const paths = new Map<string, string>();
  const ranked = [...entities].sort(
    (a, b) => Number(isProjectComponent(b)) - Number(isProjectComponent(a)),
  );
  for (const entity of ranked) {
    const projectId =
      entity.metadata.annotations?.[NOTION_PROJECT_ID_ANNOTATION];
    if (projectId && !paths.has(projectId)) {
      paths.set(projectId, entityPath(entity));
    }
  }
  return paths;
}

export function isProjectComponent(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'component' &&
    (entity.spec as { type?: unknown } | undefined)?.type === 'project'
  );
}

/** Entities that get the Finance tab and card. */
export function hasProjectFinance(entity: Entity): boolean {
  return (
    isProjectComponent(entity) ||
    !!entity.metadata.annotations?.[NOTION_PROJECT_ID_ANNOTATION]
  );
}

/** The fields the links need, so the catalog sends no more. */
const LINK_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.annotations',
  'spec.type',
];

/**
 * Catalog pages of every entity carrying a Notion project id. Links are a
 * convenience: without the catalog the views still work, unlinked.
 */
export async function fetchProjectEntityPaths(
  catalogApi: Pick<CatalogApi, 'getEntities'>,
): Promise<Map<string, string>> {
  try {
    const { items } = await catalogApi.getEntities({
      filter: {
        [`metadata.annotations.${NOTION_PROJECT_ID_ANNOTATION}`]:
          CATALOG_FILTER_EXISTS,
      },
      fields: LINK_FIELDS,
    });
    return projectEntityPaths(items);
  } catch {
    return new Map();
  }
}
