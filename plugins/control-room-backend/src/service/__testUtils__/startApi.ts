import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { PermissionsService } from '@backstage/backend-plugin-api';
import { DuckDbLakehouse } from '@finance-ppm/plugin-control-room-node';
import {
  createProjectAccess,
  createProjectResources,
  ProjectOwners,
} from '../projectAccess';
import {
  ControlRoomRouterOptions,
  createControlRoomRouter,
  unauthenticatedPaths,
} from '../apiRouter';
import { seedPortfolio } from './portfolio';

export const BASE = '/api/control-room';

export type ExtraOptions = Partial<
  Omit<
    ControlRoomRouterOptions,
    'httpAuth' | 'permissions' | 'auditor' | 'logger' | 'projectAccess'
  >
> & {
  /** Catalog owners of projects and programs; default none. */
  owners?: ProjectOwners;
  /** Answers permission requests instead of a fixed ALLOW or DENY. */
  permissions?: Pick<PermissionsService, 'authorize' | 'authorizeConditional'>;
};

/**
 * Seeds an in-memory DuckDB for the calling test file and returns a function
 * that starts the API on it behind a test backend.
 */
export function useSeededApi(
  seed: (lakehouse: DuckDbLakehouse) => Promise<unknown> = seedPortfolio,
) {
  const state: { lakehouse?: DuckDbLakehouse } = {};
  // Backends without extra options are shared: starting one per test is slow.
  const sharedBackends = new Map<string, ReturnType<typeof startFreshApi>>();

  beforeAll(async () => {
    state.lakehouse = await DuckDbLakehouse.open({ path: ':memory:' });
    await seed(state.lakehouse);
  });

  afterAll(async () => {
    await state.lakehouse?.close();
  });

  async function startFreshApi(
    extra: ExtraOptions,
    permission: AuthorizeResult.ALLOW | AuthorizeResult.DENY,
  ) {
    const auditor = mockServices.auditor.mock();
    const auditEvent = { success: jest.fn(), fail: jest.fn() };
    auditor.createEvent.mockResolvedValue(auditEvent);
    const testPlugin = createBackendPlugin({
      pluginId: 'control-room',
      register(env) {
        env.registerInit({
          deps: {
            httpRouter: coreServices.httpRouter,
            httpAuth: coreServices.httpAuth,
            permissions: coreServices.permissions,
            permissionsRegistry: coreServices.permissionsRegistry,
            logger: coreServices.logger,
          },
          async init({
            httpRouter,
            httpAuth,
            permissions: realPermissions,
            permissionsRegistry,
            logger,
          }) {
            const { owners, permissions: custom, ...routerOptions } = extra;
            const permissions = (custom ??
              realPermissions) as PermissionsService;
            const projectAccess = createProjectAccess({
              permissions,
              permissionsRegistry,
              projects: createProjectResources({
                lakehouse: state.lakehouse!,
                owners: async () =>
                  owners ?? { projects: new Map(), programs: new Map() },
                ttlMs: 0,
              }),
            });
            httpRouter.use(
              await createControlRoomRouter({
                lakehouse: state.lakehouse!,
                httpAuth,
                permissions,
                projectAccess,
                auditor,
                logger,
                cacheTtlMs: 0,
                // No alert open; a test passes its own state, or undefined.
                alertState: { readOpen: async () => [] },
                ...routerOptions,
              }),
            );
            for (const path of unauthenticatedPaths) {
              httpRouter.addAuthPolicy({ path, allow: 'unauthenticated' });
            }
          },
        });
      },
    });
    const { server } = await startTestBackend({
      features: [
        testPlugin,
        mockServices.permissions.factory({ result: permission }),
      ],
    });
    return { server, auditor, auditEvent };
  }

  function startApi(
    extra: ExtraOptions = {},
    permission:
      | AuthorizeResult.ALLOW
      | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
  ) {
    if (Object.keys(extra).length > 0) {
      return startFreshApi(extra, permission);
    }
    if (!sharedBackends.has(permission)) {
      sharedBackends.set(permission, startFreshApi(extra, permission));
    }
    return sharedBackends.get(permission)!;
  }

  return { startApi, lakehouse: () => state.lakehouse! };
}
