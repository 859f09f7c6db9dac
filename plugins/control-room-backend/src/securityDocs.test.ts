import fs from 'node:fs';
import path from 'node:path';
import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { controlRoomPermissions } from '@finance-ppm/plugin-control-room-common';
import request from 'supertest';
import { spec } from './schema/openapi.generated';
import { BASE, useSeededApi } from './service/__testUtils__/startApi';
import { unauthenticatedPaths } from './service';

// docs/security.md lists every route with its auth and permission; this
// keeps the table, openapi.yaml and the router in step.
const repoRoot = path.resolve(__dirname, '../../..');
const securityDoc = fs.readFileSync(
  path.join(repoRoot, 'docs/security.md'),
  'utf8',
);

interface RouteRow {
  method: string;
  path: string;
  auth: string;
  permission?: string;
}

/** The rows of the table under "## Routes". */
function routeTable(markdown: string): RouteRow[] {
  const section = markdown.split(/^## /m).find(s => s.startsWith('Routes'));
  if (!section) {
    throw new Error('docs/security.md has no "## Routes" section');
  }
  return section
    .split('\n')
    .filter(line => /^\|\s*(GET|POST|PUT|PATCH|DELETE)\s*\|/.test(line))
    .map(line => {
      const [method, routePath, auth, permission] = line
        .split('|')
        .slice(1)
        .map(cell => cell.trim());
      const name = permission.replace(/`/g, '');
      return {
        method,
        path: routePath.replace(/`/g, ''),
        auth,
        ...(name !== '—' && { permission: name }),
      };
    });
}

const rows = routeTable(securityDoc);
const specRoutes = Object.entries(spec.paths).flatMap(([routePath, item]) =>
  Object.entries(item as Record<string, { security?: unknown[] }>).map(
    ([method, operation]) => ({
      method: method.toUpperCase(),
      path: routePath,
      open:
        Array.isArray(operation.security) && operation.security.length === 0,
    }),
  ),
);
const key = (route: { method: string; path: string }) =>
  `${route.method} ${route.path}`;

/** A concrete request for a route: ids that exist, bodies that validate. */
function call(server: any, row: RouteRow) {
  const url = `${BASE}${row.path.replace(
    '{id}',
    row.path.startsWith('/jobs') ? 'ppm_marts_gold' : 'p1',
  )}`;
  if (row.method === 'POST') {
    const body = row.path.startsWith('/notion')
      ? { project_id: 'p1', title: 'Doc check', source: 'manual' }
      : {};
    return request(server).post(url).send(body);
  }
  return request(server).get(url);
}

/** Denies one permission by name and allows the rest. */
function denying(name: string) {
  const answer = (requests: Array<{ permission: { name: string } }>) =>
    requests.map(({ permission }) => ({
      result:
        permission.name === name ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
    }));
  return {
    authorize: async (requests: any) => answer(requests),
    authorizeConditional: async (requests: any) => answer(requests),
  } as any;
}

const { startApi } = useSeededApi();

describe('docs/security.md route table', () => {
  it('lists every route of openapi.yaml once, and nothing else', () => {
    expect(rows.map(key).sort()).toEqual(specRoutes.map(key).sort());
    expect(new Set(rows.map(key)).size).toBe(rows.length);
  });

  it('marks exactly the routes without Backstage credentials as such', () => {
    const open = rows.filter(row => row.auth !== 'user or service');
    expect(open.map(row => row.path).sort()).toEqual(
      specRoutes
        .filter(route => route.open)
        .map(route => route.path)
        .sort(),
    );
    expect(open.map(row => row.path).sort()).toEqual(
      [...unauthenticatedPaths].sort(),
    );
  });

  it('names only permissions the plugin declares', () => {
    const known = controlRoomPermissions.map(permission => permission.name);
    for (const row of rows.filter(r => r.permission)) {
      expect(known).toContain(row.permission);
    }
  });

  it.each(rows.filter(row => row.permission).map(row => [key(row), row]))(
    '%s answers 403 when its permission is denied',
    async (_name, row) => {
      const { server } = await startApi({
        runJob: async () => {},
        permissions: denying(row.permission!),
      });
      const res = await call(server, row);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain(row.permission);
    },
  );

  it.each(rows.filter(row => row.permission).map(row => [key(row), row]))(
    '%s answers 401 without credentials',
    async (_name, row) => {
      const { server } = await startApi();
      const res = await call(server, row).set(
        'Authorization',
        mockCredentials.none.header(),
      );
      expect(res.status).toBe(401);
    },
  );

  it('GET /health answers callers without credentials', async () => {
    const row = rows.find(r => key(r) === 'GET /health')!;
    expect(row).toEqual({ method: 'GET', path: '/health', auth: 'none' });
    const { server } = await startApi();
    const res = await call(server, row).set(
      'Authorization',
      mockCredentials.none.header(),
    );
    expect(res.status).toBe(200);
  });

  it('POST /webhooks/notion needs the Notion signature, not Backstage credentials', async () => {
    const row = rows.find(r => key(r) === 'POST /webhooks/notion')!;
    expect(row).toEqual({
      method: 'POST',
      path: '/webhooks/notion',
      auth: 'Notion signature',
    });
    const { server } = await startApi();
    const res = await call(server, row).set(
      'Authorization',
      mockCredentials.none.header(),
    );
    expect(res.status).toBe(401);
    expect(res.body.error.message).toContain('X-Notion-Signature');
  });
});
