/**
 * @jest-environment node
 */
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { ControlRoomClient } from './ControlRoomClient';

const baseUrl = 'http://backstage.test/api/control-room';
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function createClient() {
  return new ControlRoomClient({
    discoveryApi: { getBaseUrl: async () => baseUrl },
    fetchApi: { fetch: (input, init) => fetch(input, init) },
  });
}

describe('ControlRoomClient', () => {
  it('reads /health from the control-room backend', async () => {
    server.use(
      http.get(`${baseUrl}/health`, () =>
        HttpResponse.json({
          status: 'ok',
          engine: 'duckdb',
          checked_at: '2026-01-02T03:04:05.000Z',
        }),
      ),
    );

    await expect(createClient().getHealth()).resolves.toEqual({
      status: 'ok',
      engine: 'duckdb',
      checked_at: '2026-01-02T03:04:05.000Z',
    });
  });

  it('turns an error response into a ResponseError with the status', async () => {
    server.use(
      http.get(`${baseUrl}/health`, () =>
        HttpResponse.json(
          { error: { name: 'Error', message: 'boom' } },
          { status: 503 },
        ),
      ),
    );

    await expect(createClient().getHealth()).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 503,
    });
  });
});
