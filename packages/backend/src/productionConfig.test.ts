import { ConfigReader } from '@backstage/config';
import {
  loadAppConfig,
  PRODUCTION_CONFIG,
} from './__testUtils__/loadAppConfig';

const ORIGIN = 'https://ppm.contoso.com';

describe('app-config.production.yaml', () => {
  it('serves CORS and CSP for the production origin, not localhost', async () => {
    const config = new ConfigReader(
      await loadAppConfig(PRODUCTION_CONFIG, {
        APP_BASE_URL: ORIGIN,
        BACKEND_BASE_URL: ORIGIN,
      }),
    );
    expect(config.getString('backend.cors.origin')).toBe(ORIGIN);
    expect(config.getBoolean('backend.cors.credentials')).toBe(true);
    // Replaces the local policy that allows any http: or https: host.
    expect(config.getStringArray('backend.csp.connect-src')).toEqual([
      "'self'",
      ORIGIN,
    ]);
    expect(config.getStringArray('backend.csp.frame-ancestors')).toEqual([
      "'none'",
    ]);
    const http = JSON.stringify({
      app: config.getString('app.baseUrl'),
      backend: config.getConfig('backend').get(),
    });
    expect(http).not.toContain('localhost');
  });

  it('signs in with Entra ID and never allows everything', async () => {
    const config = new ConfigReader(await loadAppConfig(PRODUCTION_CONFIG));
    expect(config.getString('auth.environment')).toBe('production');
    expect(
      config
        .getConfigArray('auth.providers.microsoft.production.signIn.resolvers')
        .map(resolver => resolver.getString('resolver')),
    ).toEqual(['emailMatchingUserEntityAnnotation']);
    expect(config.getBoolean('controlRoom.permissions.allowAll')).toBe(false);
    expect(config.getBoolean('controlRoom.sandbox.enabled')).toBe(false);
  });

  it('leaves the local config on localhost with the sandbox', async () => {
    const config = new ConfigReader(await loadAppConfig(['app-config.yaml']));
    expect(config.getString('backend.cors.origin')).toBe(
      'http://localhost:3000',
    );
    expect(config.getBoolean('controlRoom.sandbox.enabled')).toBe(true);
    expect(config.getOptionalString('auth.environment')).toBeUndefined();
  });
});
