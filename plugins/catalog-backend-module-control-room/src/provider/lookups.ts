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

/** Changes whenever a project row is added, archived or re-synced. */
async function readProjectsVersion(lakehouse: Lakehouse): Promise<string> {
  const [row] = await lakehouse.query(
    `SELECT count(*) AS projects, max(synced_at) AS synced_at
       FROM silver.notion_projects`,
  );
  return `${row?.projects ?? 0}|${row?.synced_at ?? ''}`;
}

interface ProjectNames {
  at: number;
  version: Promise<string>;
  names: Promise<Map<string, string>>;
}

/**
 * Maps a Notion project id to its entity ref, with the same naming the
 * provider uses. The names are re-read at most once a minute, since the
 * processor asks once per entity; a miss re-reads them at once when silver
 * has changed since, so a project that just arrived (for example on the
 * first start, before the first sync finished) is linked without a stale
 * "no such project" warning.
 */
export function createProjectRefLookup(
  lakehouse: Lakehouse,
  mapping: CatalogMappingOptions,
  now: () => number = Date.now,
) {
  let cached: ProjectNames | undefined;
  const load = (): ProjectNames => {
    // The version is read first, so a change during the read is seen later.
    const version = readProjectsVersion(lakehouse);
    const names = version.then(
      async () =>
        assignPortfolioNames(await readPortfolioSnapshot(lakehouse)).projects,
    );
    const loaded = { at: now(), version, names };
    names.catch(() => {
      if (cached === loaded) cached = undefined;
    });
    return loaded;
  };
  const current = () => {
    if (!cached || now() - cached.at > PROJECT_NAMES_TTL_MS) cached = load();
    return cached;
  };
  const toRef = (name: string | undefined) =>
    name ? `${mapping.projects.kind.toLowerCase()}:default/${name}` : undefined;
  return async (projectId: string): Promise<string | undefined> => {
    const loaded = current();
    const name = (await loaded.names).get(projectId);
    if (name) return toRef(name);
    const [seen, latest] = await Promise.all([
      loaded.version,
      readProjectsVersion(lakehouse),
    ]);
    if (seen === latest) return undefined;
    if (cached === loaded) cached = load();
    return toRef((await current().names).get(projectId));
  };
}
