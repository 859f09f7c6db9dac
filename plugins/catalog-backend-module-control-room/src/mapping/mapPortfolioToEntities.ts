import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  ANNOTATION_VIEW_URL,
  Entity,
} from '@backstage/catalog-model';
import {
  AZURE_RESOURCE_ID_ANNOTATION,
  NOTION_PROGRAM_ID_ANNOTATION,
  NOTION_PROJECT_ID_ANNOTATION,
} from '@finance-ppm/plugin-control-room-common';
import { assignEntityNames } from './entityNames';
import {
  AzureResourceRow,
  CatalogMappingOptions,
  PortfolioSnapshot,
  ProgramRow,
  ProjectRow,
} from './types';

/** Annotation carrying the Notion page id of a program. */
export { NOTION_PROGRAM_ID_ANNOTATION };

/** Where emitted entities say they come from. */
export const PROVIDER_LOCATION = 'control-room:silver';

/** Entity names for every program, project and resource id. */
export interface PortfolioEntityNames {
  programs: Map<string, string>;
  projects: Map<string, string>;
  resources: Map<string, string>;
}

export function assignPortfolioNames(
  snapshot: PortfolioSnapshot,
): PortfolioEntityNames {
  return {
    programs: assignEntityNames(
      snapshot.programs,
      p => p.program_id,
      p => p.name,
    ),
    projects: assignEntityNames(
      snapshot.projects,
      p => p.project_id,
      p => p.name,
    ),
    resources: assignEntityNames(
      snapshot.resources,
      r => r.resource_id,
      r => r.name ?? r.resource_id.split('/').pop() ?? '',
    ),
  };
}

export function notionPageUrl(pageId: string): string {
  return `https://www.notion.so/${pageId.replace(/-/g, '')}`;
}

export function azurePortalUrl(resourceId: string): string {
  return `https://portal.azure.com/#@/resource${resourceId}`;
}

/** `microsoft.compute/virtualMachines` becomes `azure-virtualmachines`. */
export function azureResourceType(type: string | null, prefix: string): string {
  const last = (type ?? 'resource').split('/').pop() ?? 'resource';
  return `${prefix}${last.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
}

function isWanted(id: string, options: CatalogMappingOptions): boolean {
  if (options.exclude.includes(id)) return false;
  return options.include.length === 0 || options.include.includes(id);
}

/**
 * The catalog user whose email the Notion owner carries, else the default
 * group. An owner without an email arrives as a display name, which is never
 * matched: names are not unique.
 */
function ownerRef(
  owner: string | null,
  ownerByEmail: Map<string, string>,
  options: CatalogMappingOptions,
): string {
  const email = owner?.includes('@') ? owner.toLowerCase() : undefined;
  return (email && ownerByEmail.get(email)) || options.defaultOwner;
}

function baseAnnotations(viewUrl: string): Record<string, string> {
  return {
    [ANNOTATION_LOCATION]: PROVIDER_LOCATION,
    [ANNOTATION_ORIGIN_LOCATION]: PROVIDER_LOCATION,
    [ANNOTATION_VIEW_URL]: viewUrl,
  };
}

/**
 * Maps silver rows to catalog entities: programs to systems, projects to
 * components of type project, Azure resources to resources. Pure, so the
 * same snapshot always yields the same entities.
 */
export function mapPortfolioToEntities(
  snapshot: PortfolioSnapshot,
  options: CatalogMappingOptions,
  ownerByEmail: Map<string, string> = new Map(),
): Entity[] {
  const names = assignPortfolioNames(snapshot);
  const entities: Entity[] = [];
  const programOf = new Map(
    snapshot.projects.map(p => [p.project_id, p.program_id] as const),
  );
  const projectOwner = new Map(
    snapshot.projects.map(p => [p.project_id, p.owner] as const),
  );

  const systemOf = (programId: string | null | undefined) =>
    programId && names.programs.has(programId) && isWanted(programId, options)
      ? names.programs.get(programId)
      : undefined;

  if (options.programs.enabled) {
    for (const program of snapshot.programs.filter(p =>
      isWanted(p.program_id, options),
    )) {
      entities.push(mapProgram(program, names, options, ownerByEmail));
    }
  }
  if (options.projects.enabled) {
    for (const project of snapshot.projects.filter(p =>
      isWanted(p.project_id, options),
    )) {
      entities.push(
        mapProject(
          project,
          names,
          systemOf(project.program_id),
          options,
          ownerByEmail,
        ),
      );
    }
  }
  if (options.resources.enabled) {
    for (const resource of snapshot.resources.filter(r =>
      isWanted(r.resource_id, options),
    )) {
      const projectId = resource.project_id ?? undefined;
      entities.push(
        mapResource(resource, names, {
          system: systemOf(projectId && programOf.get(projectId)),
          owner: ownerRef(
            (projectId && projectOwner.get(projectId)) || null,
            ownerByEmail,
            options,
          ),
          options,
        }),
      );
    }
  }
  return entities;
}

function mapProgram(
  program: ProgramRow,
  names: PortfolioEntityNames,
  options: CatalogMappingOptions,
  ownerByEmail: Map<string, string>,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: options.programs.kind,
    metadata: {
      name: names.programs.get(program.program_id)!,
      title: program.name,
      annotations: {
        ...baseAnnotations(notionPageUrl(program.program_id)),
        [NOTION_PROGRAM_ID_ANNOTATION]: program.program_id,
      },
    },
    spec: {
      type: options.programs.type,
      owner: ownerRef(program.owner, ownerByEmail, options),
    },
  };
}

function mapProject(
  project: ProjectRow,
  names: PortfolioEntityNames,
  system: string | undefined,
  options: CatalogMappingOptions,
  ownerByEmail: Map<string, string>,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: options.projects.kind,
    metadata: {
      name: names.projects.get(project.project_id)!,
      title: project.name,
      annotations: {
        ...baseAnnotations(
          project.notion_url ?? notionPageUrl(project.project_id),
        ),
        [NOTION_PROJECT_ID_ANNOTATION]: project.project_id,
      },
    },
    spec: {
      type: options.projects.type,
      lifecycle: options.lifecycles[project.status ?? ''] ?? 'experimental',
      owner: ownerRef(project.owner, ownerByEmail, options),
      ...(system ? { system } : {}),
    },
  };
}

function mapResource(
  resource: AzureResourceRow,
  names: PortfolioEntityNames,
  context: { system?: string; owner: string; options: CatalogMappingOptions },
): Entity {
  const { system, owner, options } = context;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: options.resources.kind,
    metadata: {
      name: names.resources.get(resource.resource_id)!,
      title: resource.name ?? undefined,
      annotations: {
        ...baseAnnotations(azurePortalUrl(resource.resource_id)),
        [AZURE_RESOURCE_ID_ANNOTATION]: resource.resource_id,
        ...(resource.project_id
          ? { [NOTION_PROJECT_ID_ANNOTATION]: resource.project_id }
          : {}),
      },
      ...(resource.location
        ? { labels: { 'azure-location': resource.location } }
        : {}),
    },
    spec: {
      type: azureResourceType(resource.type, options.resources.typePrefix),
      owner,
      ...(system ? { system } : {}),
    },
  };
}
