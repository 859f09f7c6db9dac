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
    fetchApi: { fetch: (input: any, init?: RequestInit) => fetch(input, init) },
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

  it('turns an error response into an error with the status and message', async () => {
    server.use(
      http.get(`${baseUrl}/health`, () =>
        HttpResponse.json(
          { error: { name: 'Error', message: 'boom' } },
          { status: 503 },
        ),
      ),
    );

    await expect(createClient().getHealth()).rejects.toMatchObject({
      name: 'ControlRoomApiError',
      status: 503,
      message: 'boom',
    });
  });
});

describe('ControlRoomClient writes', () => {
  it('posts a Notion action and returns the created link', async () => {
    let received: unknown;
    server.use(
      http.post(`${baseUrl}/notion/actions`, async ({ request }) => {
        received = await request.json();
        return HttpResponse.json({
          success: true,
          action_id: 'act-1',
          notion_url: 'https://www.notion.so/act1',
          created: true,
        });
      }),
    );

    const answer = await createClient().createNotionAction({
      project_id: 'p1',
      title: 'Resize VM',
      source: 'advisor',
      source_id: 'rec-1',
    });

    expect(answer.notion_url).toBe('https://www.notion.so/act1');
    expect(received).toEqual({
      project_id: 'p1',
      title: 'Resize VM',
      source: 'advisor',
      source_id: 'rec-1',
    });
  });
});
