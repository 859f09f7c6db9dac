import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { createCatalogEntityLookup } from './dependencies';

describe('createCatalogEntityLookup', () => {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  const lookup = () =>
    createCatalogEntityLookup({
      discovery: mockServices.discovery(),
      auth: mockServices.auth(),
    });

  it('reads the entity by name on behalf of the user', async () => {
    let authorization: string | null = null;
    server.use(
      http.get(
        'http://localhost:0/api/catalog/entities/by-name/component/finance/apollo',
        ({ request }) => {
          authorization = request.headers.get('authorization');
          return HttpResponse.json({
            kind: 'Component',
            metadata: { name: 'apollo' },
            spec: { type: 'project' },
          });
        },
      ),
    );
    const entity = await lookup()(
      'component:finance/apollo',
      mockCredentials.user(),
    );
    expect(entity?.metadata.name).toBe('apollo');
    expect(authorization).toMatch(/^Bearer /);
  });

  it('answers undefined for an unknown entity and throws on other failures', async () => {
    server.use(
      http.get('*/entities/by-name/component/default/missing', () =>
        HttpResponse.json({}, { status: 404 }),
      ),
      http.get('*/entities/by-name/component/default/broken', () =>
        HttpResponse.json({}, { status: 503 }),
      ),
    );
    await expect(
      lookup()('missing', mockCredentials.user()),
    ).resolves.toBeUndefined();
    await expect(lookup()('broken', mockCredentials.user())).rejects.toThrow(
      'HTTP 503',
    );
  });
});
