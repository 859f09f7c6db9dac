import path from 'node:path';
import { JsonObject } from '@backstage/config';
import { ConfigSources } from '@backstage/config-loader';

export const repoRoot = path.resolve(__dirname, '../../../..');

/** The production deployment's config files, in the Dockerfile's order. */
export const PRODUCTION_CONFIG = [
  'app-config.yaml',
  'app-config.production.yaml',
];

/** The config files as Backstage loads them, `${VAR}` read from `env`. */
export async function loadAppConfig(
  files: string[],
  env: Record<string, string> = {},
): Promise<JsonObject> {
  const config = await ConfigSources.toConfig(
    ConfigSources.defaultForTargets({
      rootDir: repoRoot,
      targets: files.map(file => ({
        type: 'path' as const,
        target: path.join(repoRoot, file),
      })),
      substitutionFunc: async name => env[name],
    }),
  );
  config.close();
  return config.get<JsonObject>();
}
