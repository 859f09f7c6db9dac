import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { stringifyEntityRef, UserEntity } from '@backstage/catalog-model';
import {
  microsoftAuthenticator,
  microsoftSignInResolvers,
} from '@backstage/plugin-auth-backend-module-microsoft-provider';
import {
  MICROSOFT_EMAIL_ANNOTATION,
  MicrosoftGraphClient,
  readMicrosoftGraphOrg,
  readProviderConfigs,
} from '@backstage/plugin-catalog-backend-module-msgraph';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  loadAppConfig,
  PRODUCTION_CONFIG,
} from './__testUtils__/loadAppConfig';

const TENANT = '72f988bf-0000-4000-8000-000000000001';
const GRAPH = 'https://graph.microsoft.com/v1.0';

const env = {
  AUTH_MICROSOFT_TENANT_ID: TENANT,
  AUTH_MICROSOFT_CLIENT_ID: 'sign-in-app-id',
  AUTH_MICROSOFT_CLIENT_SECRET: 'secret_sign_in_not_real',
  CATALOG_GRAPH_CLIENT_ID: 'graph-app-id',
  CATALOG_GRAPH_CLIENT_SECRET: 'secret_graph_not_real',
};

// Users, groups and members as Graph documents them
// (https://learn.microsoft.com/graph/api/resources/user, .../group).
const alice = {
  '@odata.type': '#microsoft.graph.user',
  id: 'a1b2c3d4-0000-4000-8000-00000000a11c',
  displayName: 'Alice Finance',
  givenName: 'Alice',
  surname: 'Finance',
  mail: 'Alice.Finance@contoso.com',
  userPrincipalName: 'alice@contoso.onmicrosoft.com',
  jobTitle: 'Controller',
};
const bob = {
  '@odata.type': '#microsoft.graph.user',
  id: 'b0b0b0b0-0000-4000-8000-000000000b0b',
  displayName: 'Bob Builder',
  givenName: 'Bob',
  surname: 'Builder',
  mail: 'bob@contoso.com',
  userPrincipalName: 'bob@contoso.onmicrosoft.com',
  jobTitle: 'Engineer',
};
const financeGroup = {
  '@odata.type': '#microsoft.graph.group',
  id: 'f1f1f1f1-0000-4000-8000-0000000f1a2c',
  displayName: 'Finance',
  description: 'Finance and controlling',
  mail: 'finance@contoso.com',
  mailNickname: 'finance',
  securityEnabled: true,
  mailEnabled: true,
  groupTypes: [],
};

/** A JWT as Entra ID issues it for Graph; only its claims are read here. */
function graphAccessToken(): string {
  const encode = (value: object) =>
    Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ typ: 'JWT', alg: 'none' })}.${encode({
    aud: '00000003-0000-0000-c000-000000000000',
    scp: 'email openid profile User.Read',
    tid: TENANT,
    oid: alice.id,
    upn: alice.userPrincipalName,
  })}.signature`;
}

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const graphFilters: string[] = [];

function graphOrgHandlers() {
  const list = (value: object[]) =>
    HttpResponse.json({
      '@odata.context': `${GRAPH}/$metadata#users`,
      value,
    });
  return [
    http.get(`${GRAPH}/users`, ({ request }) => {
      graphFilters.push(new URL(request.url).searchParams.get('$filter')!);
      return list([alice, bob]);
    }),
    http.get(`${GRAPH}/groups`, ({ request }) => {
      graphFilters.push(new URL(request.url).searchParams.get('$filter')!);
      return list([financeGroup]);
    }),
    http.get(`${GRAPH}/groups/${financeGroup.id}/members`, () => list([alice])),
    http.get(`${GRAPH}/organization/${TENANT}`, () =>
      HttpResponse.json({ id: TENANT, displayName: 'Contoso' }),
    ),
    // Nobody has a photo: Graph answers 404 ImageNotFound.
    http.get(`${GRAPH}/:kind/:id/photos`, () =>
      HttpResponse.json(
        {
          error: {
            code: 'ImageNotFound',
            message: 'Exception of type ImageNotFound',
          },
        },
        { status: 404 },
      ),
    ),
    http.get(`${GRAPH}/:kind/:id/photo/$value`, () =>
      HttpResponse.json(
        {
          error: {
            code: 'ImageNotFound',
            message: 'Exception of type ImageNotFound',
          },
        },
        { status: 404 },
      ),
    ),
  ];
}

/** The org as the production config's Graph provider reads it. */
async function ingestOrg() {
  const config = new ConfigReader(await loadAppConfig(PRODUCTION_CONFIG, env));
  const [provider] = readProviderConfigs(config);
  const token: ConstructorParameters<typeof MicrosoftGraphClient>[1] = {
    getToken: async () => ({
      token: 'graph-app-token',
      expiresOnTimestamp: Date.now() + 3600_000,
    }),
  };
  return {
    provider,
    org: await readMicrosoftGraphOrg(
      new MicrosoftGraphClient(GRAPH, token),
      provider.tenantId,
      {
        userFilter: provider.userFilter,
        groupFilter: provider.groupFilter,
        logger: mockServices.logger.mock(),
      },
    ),
  };
}

describe('users and groups from Microsoft Graph', () => {
  it('ingests the filtered users with their email and group membership', async () => {
    server.use(...graphOrgHandlers());
    const { provider, org } = await ingestOrg();

    expect(provider.tenantId).toBe(TENANT);
    expect(graphFilters).toEqual([
      "accountEnabled eq true and userType eq 'Member'",
      'securityEnabled eq true',
    ]);
    const user = org.users.find(
      u => u.spec.profile?.displayName === 'Alice Finance',
    )!;
    expect(user.metadata.annotations?.[MICROSOFT_EMAIL_ANNOTATION]).toBe(
      'Alice.Finance@contoso.com',
    );
    expect(user.spec.profile?.email).toBe('Alice.Finance@contoso.com');
    const group = org.groups.find(
      g => g.spec.profile?.displayName === 'Finance',
    )!;
    // Membership is what the finance read policy keys on: the Graph group
    // becomes the group the production config lets read every project.
    expect(user.spec.memberOf).toEqual([stringifyEntityRef(group)]);
    const bobs = org.users.find(u => u.spec.profile?.email === bob.mail)!;
    expect(bobs.spec.memberOf ?? []).toEqual([]);
    const config = new ConfigReader(
      await loadAppConfig(PRODUCTION_CONFIG, env),
    );
    expect(
      config.getStringArray('controlRoom.permissions.financeReaders'),
    ).toContain(stringifyEntityRef(group));
  });
});

describe('Entra ID sign-in', () => {
  async function signIn(profileEmail: string, users: UserEntity[]) {
    const me = { ...alice, mail: profileEmail };
    server.use(
      http.post(
        `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`,
        () =>
          HttpResponse.json({
            token_type: 'Bearer',
            scope: 'email openid profile User.Read',
            expires_in: 3599,
            access_token: graphAccessToken(),
            refresh_token: 'refresh-token-2',
          }),
      ),
      http.get(`${GRAPH}/me/`, () => HttpResponse.json(me)),
      http.get(`${GRAPH}/me/photos/96x96/$value`, () =>
        HttpResponse.json(
          { error: { code: 'ImageNotFound', message: 'none' } },
          { status: 404 },
        ),
      ),
    );
    const config = new ConfigReader(
      await loadAppConfig(PRODUCTION_CONFIG, env),
    );
    const ctx = microsoftAuthenticator.initialize({
      callbackUrl:
        'https://portal.contoso.com/api/auth/microsoft/handler/frame',
      config: config.getConfig('auth.providers.microsoft.production'),
    });
    const result = await microsoftAuthenticator.refresh(
      {
        req: {} as any,
        scope: 'email openid profile User.Read',
        refreshToken: 'refresh-token-1',
      },
      await ctx,
    );
    const { profile } = await microsoftAuthenticator.defaultProfileTransform(
      result,
      {} as any,
    );
    const configured = config
      .getConfigArray('auth.providers.microsoft.production.signIn.resolvers')[0]
      .getString('resolver');
    const resolver = (microsoftSignInResolvers as Record<string, any>)[
      configured
    ]();
    const signInWithCatalogUser = jest.fn(
      async (query: { annotations: Record<string, string> }) => {
        const [key, value] = Object.entries(query.annotations)[0];
        const found = users.find(u => u.metadata.annotations?.[key] === value);
        if (!found) {
          throw new Error('Failed to sign-in, unable to resolve user identity');
        }
        return { token: `token-for:${stringifyEntityRef(found)}` };
      },
    );
    return {
      profile,
      identity: () =>
        resolver({ profile, result }, { signInWithCatalogUser } as any),
    };
  }

  it('resolves the Entra ID account to the catalog User with the same email', async () => {
    server.use(...graphOrgHandlers());
    const { org } = await ingestOrg();
    const { profile, identity } = await signIn(alice.mail, org.users);

    expect(profile.email).toBe('Alice.Finance@contoso.com');
    const alicesEntity = org.users.find(
      u => u.spec.profile?.email === alice.mail,
    )!;
    await expect(identity()).resolves.toEqual({
      token: `token-for:${stringifyEntityRef(alicesEntity)}`,
    });
  });

  it('refuses an account with no catalog User', async () => {
    server.use(...graphOrgHandlers());
    const { org } = await ingestOrg();
    const { identity } = await signIn('mallory@elsewhere.example', org.users);
    await expect(identity()).rejects.toThrow('unable to resolve user identity');
  });
});
