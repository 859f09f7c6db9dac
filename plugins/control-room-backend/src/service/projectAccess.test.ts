import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { DuckDbLakehouse } from '@finance-ppm/plugin-control-room-node';
import { seedPortfolio } from './__testUtils__/portfolio';
import { projectRulesRegistry } from './__testUtils__/projectAccess';
import {
  catalogProjectOwners,
  createProjectAccess,
  createProjectResources,
} from './projectAccess';

let lakehouse: DuckDbLakehouse;
beforeAll(async () => {
  lakehouse = await DuckDbLakehouse.open({ path: ':memory:' });
  await seedPortfolio(lakehouse);
});
afterAll(() => lakehouse.close());

const entity = (
  kind: string,
  name: string,
  type: string,
  annotations: Record<string, string>,
  owner?: string,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default', annotations },
  spec: { type, ...(owner && { owner }) },
});

describe('catalogProjectOwners', () => {
  it('reads the owners of project Components and program Systems by their Notion ids', async () => {
    const catalog = catalogServiceMock({
      entities: [
        entity(
          'Component',
          'alpine-migration',
          'project',
          { 'notion.so/project-id': 'p1' },
          'group-a',
        ),
        entity(
          'Component',
          'cloud-savings',
          'project',
          { 'notion.so/project-id': 'p3' },
          'user:default/bob',
        ),
        // Not a project Component: its annotation does not count.
        entity(
          'Component',
          'billing-service',
          'service',
          { 'notion.so/project-id': 'p2' },
          'group:default/other',
        ),
        entity(
          'System',
          'alpha-program',
          'program',
          { 'notion.so/program-id': 'prog-a' },
          'group:default/group-a',
        ),
        // No owner: nothing to match.
        entity('System', 'beta-program', 'program', {
          'notion.so/program-id': 'prog-b',
        }),
      ],
    });
    const owners = await catalogProjectOwners(catalog, mockServices.auth())();
    expect(owners.projects).toEqual(
      new Map([
        ['p1', 'group:default/group-a'],
        ['p3', 'user:default/bob'],
      ]),
    );
    expect(owners.programs).toEqual(
      new Map([['prog-a', 'group:default/group-a']]),
    );
  });
});

describe('createProjectResources', () => {
  it('joins live projects to their owners and reads again after the ttl', async () => {
    let now = 0;
    const owners = jest.fn(async () => ({
      projects: new Map([['p1', 'user:default/alice']]),
      programs: new Map([['prog-b', 'group:default/group-b']]),
    }));
    const projects = createProjectResources({
      lakehouse,
      owners,
      ttlMs: 1000,
      now: () => now,
    });
    expect(await projects()).toEqual([
      { projectId: 'p1', programId: 'prog-a', ownerRef: 'user:default/alice' },
      { projectId: 'p2', programId: 'prog-a' },
      {
        projectId: 'p3',
        programId: 'prog-b',
        programOwnerRef: 'group:default/group-b',
      },
    ]);
    now = 999;
    await projects();
    expect(owners).toHaveBeenCalledTimes(1);
    now = 1000;
    await projects();
    expect(owners).toHaveBeenCalledTimes(2);
  });

  it('does not keep a failed read', async () => {
    const owners = jest
      .fn()
      .mockRejectedValueOnce(new Error('catalog is down'))
      .mockResolvedValue({ projects: new Map(), programs: new Map() });
    const projects = createProjectResources({ lakehouse, owners });
    await expect(projects()).rejects.toThrow('catalog is down');
    await expect(projects()).resolves.toHaveLength(3);
  });
});

describe('createProjectAccess', () => {
  it('registers the project resource type and loads resources by id', async () => {
    const registry = projectRulesRegistry();
    createProjectAccess({
      permissions: mockServices.permissions.mock(),
      permissionsRegistry: registry,
      projects: async () => [{ projectId: 'p1' }, { projectId: 'p2' }],
    });
    const [options] = registry.addResourceType.mock.calls[0];
    expect(options.resourceRef.resourceType).toBe('control-room-project');
    expect(options.permissions.map((p: { name: string }) => p.name)).toEqual([
      'control-room.finance.read',
    ]);
    expect(options.rules.map((r: { name: string }) => r.name)).toEqual([
      'IS_PROJECT_OWNER',
      'IS_PROGRAM_OWNER',
      'IS_IN_PROGRAM',
    ]);
    await expect(options.getResources(['p2', 'nope'])).resolves.toEqual([
      { projectId: 'p2' },
      undefined,
    ]);
  });

  it('answers canRead from the decision', async () => {
    const permissions = mockServices.permissions.mock();
    permissions.authorizeConditional.mockResolvedValue([
      {
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'control-room',
        resourceType: 'control-room-project',
        conditions: {
          rule: 'IS_IN_PROGRAM',
          resourceType: 'control-room-project',
          params: { programIds: ['prog-b'] },
        },
      },
    ]);
    const access = createProjectAccess({
      permissions,
      permissionsRegistry: projectRulesRegistry(),
      projects: async () => [
        { projectId: 'p1', programId: 'prog-a' },
        { projectId: 'p3', programId: 'prog-b' },
      ],
    });
    const credentials = mockCredentials.user();
    await expect(access.canRead(credentials, 'p3')).resolves.toBe(true);
    await expect(access.canRead(credentials, 'p1')).resolves.toBe(false);
  });

  it('works the readable set out once per project list and decision, and again for a new list', async () => {
    const permissions = mockServices.permissions.mock();
    const inProgram = (programId: string) => ({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'control-room',
      resourceType: 'control-room-project',
      conditions: {
        rule: 'IS_IN_PROGRAM',
        resourceType: 'control-room-project',
        params: { programIds: [programId] },
      },
    });
    let list = [
      { projectId: 'p1', programId: 'prog-a' },
      { projectId: 'p3', programId: 'prog-b' },
    ];
    const access = createProjectAccess({
      permissions,
      permissionsRegistry: projectRulesRegistry(),
      projects: async () => list,
    });
    const credentials = mockCredentials.user();
    // Equal decisions arrive as new objects on every request.
    permissions.authorizeConditional.mockImplementation(async () => [
      inProgram('prog-b') as any,
    ]);
    const first = await access.scopeOf(credentials);
    expect(first).toEqual({ all: false, projectIds: ['p3'] });
    expect(await access.scopeOf(credentials)).toBe(first);
    expect(permissions.authorizeConditional).toHaveBeenCalledTimes(2);

    permissions.authorizeConditional.mockImplementation(async () => [
      inProgram('prog-a') as any,
    ]);
    expect(await access.scopeOf(credentials)).toEqual({
      all: false,
      projectIds: ['p1'],
    });

    // The list was read again: a project moved to prog-a.
    list = [...list, { projectId: 'p4', programId: 'prog-a' }];
    expect(await access.scopeOf(credentials)).toEqual({
      all: false,
      projectIds: ['p1', 'p4'],
    });
    permissions.authorizeConditional.mockImplementation(async () => [
      { result: AuthorizeResult.DENY },
    ]);
    await expect(access.scopeOf(credentials)).rejects.toThrow(
      'Missing permission control-room.finance.read',
    );
  });
});
