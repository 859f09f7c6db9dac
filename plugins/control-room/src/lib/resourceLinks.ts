import type { Entity } from '@backstage/catalog-model';
import { AZURE_RESOURCE_ID_ANNOTATION } from '@finance-ppm/plugin-control-room-common';
import { entityPath } from './catalogLinks';

/**
 * Maps lower-cased Azure resource ids to catalog pages and titles. Cost
 * Management reports ids lower-cased while Resource Graph keeps their case,
 * so ids are compared without it.
 */
export function resourceEntityLinks(
  entities: Entity[],
): Map<string, { path: string; title: string }> {
  const links = new Map<string, { path: string; title: string }>();
  for (const entity of entities) {
    const id = entity.metadata.annotations?.[AZURE_RESOURCE_ID_ANNOTATION];
    if (id && !links.has(id.toLowerCase())) {
      links.set(id.toLowerCase(), {
        path: entityPath(entity),
        title: entity.metadata.title ?? entity.metadata.name,
      });
    }
  }
  return links;
}
