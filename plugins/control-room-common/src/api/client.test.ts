import { ControlRoomApiError, ControlRoomClient } from './client';

function clientAnswering(status: number, body: unknown) {
  // Records what the client asks the fetch API for.
  const calls: Array<{
    url: string;
    method: string;
    contentType: string | null;
    body: string;
  }> = [];
  const client = new ControlRoomClient({
    discoveryApi: { getBaseUrl: async id => `http://backend.test/api/${id}` },
    fetchApi: {
      fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
        // Backstage's fetch middlewares each build a Request from the input;
        // a second one from a Request whose body was taken throws.
        const [, request] = [
          new Request(input, init),
          new Request(input, init),
        ];
        calls.push({
          url: request.url,
          method: request.method,
          contentType: request.headers.get('Content-Type'),
          body: await request.text(),
        });
        return new Response(JSON.stringify(body), {
          status,
          headers: { 'Content-Type': 'application/json' },
        });
      }) as typeof fetch,
    },
  });
  return { client, calls };
}

describe('ControlRoomClient', () => {
  it.each([
    ['getHealth', [], 'GET', '/health'],
    ['listJobs', [], 'GET', '/jobs'],
    ['listJobRuns', [{ job: 'j', limit: 5 }], 'GET', '/job-runs?job=j&limit=5'],
    ['runJob', ['a/b'], 'POST', '/jobs/a%2Fb/run'],
    [
      'getKpis',
      [{ from: '2026-01-01', dimension: 'project' }],
      'GET',
      '/kpis?from=2026-01-01&dimension=project',
    ],
    [
      'listProjects',
      [{ health: 'red', sort: 'budget' }],
      'GET',
      '/projects?health=red&sort=budget',
    ],
    ['getProject', ['p 1'], 'GET', '/projects/p%201'],
    ['listPrograms', [], 'GET', '/programs'],
    ['getForecast', [{ project: 'p1' }], 'GET', '/forecast?project=p1'],
    [
      'listDqIssues',
      [{ severity: 'error' }],
      'GET',
      '/dq/issues?severity=error',
    ],
    ['listDqMetrics', [], 'GET', '/dq/metrics'],
    [
      'listAdvisorRecommendations',
      [{ has_action: true }],
      'GET',
      '/advisor/recommendations?has_action=true',
    ],
    ['getAdvisorSummary', [], 'GET', '/advisor/summary'],
    ['getAlerts', [], 'GET', '/alerts'],
  ])('%s calls %s %s', async (method, args, httpMethod, path) => {
    const { client, calls } = clientAnswering(200, { data: [] });
    const result = await (client as any)[method](...args);
    expect(result).toEqual({ data: [] });
    expect(calls[0].url).toBe(`http://backend.test/api/control-room${path}`);
    expect(calls[0].method).toBe(httpMethod);
  });

  it('posts a new action as JSON', async () => {
    const { client, calls } = clientAnswering(200, {
      success: true,
      action_id: 'a',
      notion_url: 'u',
      created: true,
    });
    const request = { project_id: 'p1', title: 't', source: 'manual' as const };
    await client.createNotionAction(request);
    expect(JSON.parse(calls[0].body)).toEqual(request);
    expect(calls[0].contentType).toBe('application/json');
  });

  it('throws the server message with the status', async () => {
    const { client } = clientAnswering(400, {
      error: {
        name: 'InputError',
        message: 'limit must be an integer from 1 to 500',
      },
    });
    const error = await client.listProjects({ limit: 0 }).catch(e => e);
    expect(error).toBeInstanceOf(ControlRoomApiError);
    expect(error.status).toBe(400);
    expect(error.message).toBe('limit must be an integer from 1 to 500');
  });

  it('falls back to the status text when the body is not an error', async () => {
    const { client } = clientAnswering(502, 'oops');
    await expect(client.listJobs()).rejects.toThrow(/502/);
  });
});
