import { AuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { Lakehouse } from '@finance-ppm/plugin-control-room-node';
import { assignPortfolioNames } from '../mapping/mapPortfolioToEntities';
import { CatalogMappingOptions } from '../mapping/types';
import { readPortfolioSnapshot } from './readPortfolioSnapshot';

/** Catalog users keyed by lower-case `spec.profile.email`. */
export function createOwnerLookup(catalog: CatalogService, auth: AuthService) {
  return async (): Promise<Map<string, string>> => {
    const { items } = await catalog.getEntities(
      {
        filter: { kind: 'User' },
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'spec.profile.email',
        ],
      },
      { credentials: await auth.getOwnServiceCredentials() },
    );
    const owners = new Map<string, string>();
    for (const user of items) {
      const email = (user.spec?.profile as { email?: string } | undefined)
        ?.email;
      if (email) owners.set(email.toLowerCase(), stringifyEntityRef(user));
    }
    return owners;
  };
}

const PROJECT_NAMES_TTL_MS = 60_000;

/**
 * Maps a Notion project id to its entity ref, with the same naming the
 * provider uses. The names are re-read at most once a minute, since the
 * processor asks once per entity.
 */
export function createProjectRefLookup(
  lakehouse: Lakehouse,
  mapping: CatalogMappingOptions,
  now: () => number = Date.now,
) {
  let cached: { at: number; names: Promise<Map<string, string>> } | undefined;
  const load = async () =>
    assignPortfolioNames(await readPortfolioSnapshot(lakehouse)).projects;
  return async (projectId: string): Promise<string | undefined> => {
    if (!cached || now() - cached.at > PROJECT_NAMES_TTL_MS) {
      const names = load();
      cached = { at: now(), names };
      names.catch(() => {
        cached = undefined;
      });
    }
    const name = (await cached.names).get(projectId);
    return name
      ? `${mapping.projects.kind.toLowerCase()}:default/${name}`
      : undefined;
  };
}
