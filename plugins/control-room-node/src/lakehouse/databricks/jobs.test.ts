import { ConfigReader } from '@backstage/config';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  DatabricksJobsClient,
  DatabricksRunPayload,
  mapRunState,
  toDatabricksJobRun,
} from './jobs';

const HOST = 'example.cloud.databricks.com';
const BASE = `https://${HOST}`;
const TOKEN = 'test-token-not-a-real-credential';
const CLIENT_SECRET = 'sp-secret-not-a-real-credential';
const SINCE = new Date('2024-05-01T00:00:00Z');

const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function noWait() {
  return { sleep: async () => {} };
}

function run(
  runId: number,
  state: DatabricksRunPayload['state'],
  start = Date.parse('2024-05-02T06:00:00Z'),
  end = start + 90_000,
): DatabricksRunPayload {
  return { run_id: runId, state, start_time: start, end_time: end };
}

describe('mapRunState', () => {
  it.each([
    [{ life_cycle_state: 'PENDING' }, 'PENDING'],
    [{ life_cycle_state: 'QUEUED' }, 'PENDING'],
    [{ life_cycle_state: 'BLOCKED' }, 'PENDING'],
    [{ life_cycle_state: 'WAITING_FOR_RETRY' }, 'PENDING'],
    [{ life_cycle_state: 'RUNNING' }, 'RUNNING'],
    [{ life_cycle_state: 'TERMINATING' }, 'RUNNING'],
    [{ life_cycle_state: 'TERMINATED', result_state: 'SUCCESS' }, 'SUCCESS'],
    [{ life_cycle_state: 'TERMINATED', result_state: 'EXCLUDED' }, 'SUCCESS'],
    [{ life_cycle_state: 'SOMETHING_NEW' }, 'PENDING'],
    [undefined, 'PENDING'],
  ] as const)('maps %j to %s', (state, status) => {
    expect(mapRunState(state)).toEqual({ status, error: null });
  });

  it.each([
    [
      {
        life_cycle_state: 'TERMINATED',
        result_state: 'FAILED',
        state_message: 'Task sync failed',
      },
      'FAILED: Task sync failed',
    ],
    [{ life_cycle_state: 'TERMINATED', result_state: 'TIMEDOUT' }, 'TIMEDOUT'],
    [
      {
        life_cycle_state: 'TERMINATED',
        result_state: 'CANCELED',
        state_message: ' ',
      },
      'CANCELED',
    ],
    [
      { life_cycle_state: 'TERMINATED', result_state: 'SUCCESS_WITH_FAILURES' },
      'SUCCESS_WITH_FAILURES',
    ],
    [{ life_cycle_state: 'TERMINATED' }, 'TERMINATED without a result'],
    [
      {
        life_cycle_state: 'SKIPPED',
        state_message: 'An active run of this job already exists',
      },
      'SKIPPED: An active run of this job already exists',
    ],
    [
      { life_cycle_state: 'INTERNAL_ERROR', state_message: 'Cluster lost' },
      'INTERNAL_ERROR: Cluster lost',
    ],
  ] as const)('maps %j to FAILED', (state, error) => {
    expect(mapRunState(state)).toEqual({ status: 'FAILED', error });
  });
});

describe('toDatabricksJobRun', () => {
  it('maps a finished run', () => {
    expect(
      toDatabricksJobRun(
        'notion_transform_silver',
        run(7, { life_cycle_state: 'TERMINATED', result_state: 'SUCCESS' }),
      ),
    ).toEqual({
      jobKey: 'notion_transform_silver',
      runId: 7,
      status: 'SUCCESS',
      startedAt: '2024-05-02T06:00:00.000Z',
      endedAt: '2024-05-02T06:01:30.000Z',
      durationSeconds: 90,
      error: null,
    });
  });

  it('leaves end and duration empty while running', () => {
    expect(
      toDatabricksJobRun('job', {
        run_id: 8,
        state: { life_cycle_state: 'RUNNING' },
        start_time: Date.parse('2024-05-02T06:00:00Z'),
        end_time: 0,
      }),
    ).toMatchObject({
      status: 'RUNNING',
      endedAt: null,
      durationSeconds: null,
    });
    expect(
      toDatabricksJobRun('job', {
        run_id: 9,
        state: { life_cycle_state: 'QUEUED' },
      }),
    ).toMatchObject({ status: 'PENDING', startedAt: null });
  });

  it('reads the newer status object when state is absent', () => {
    expect(
      toDatabricksJobRun('job', {
        run_id: 10,
        status: {
          state: 'TERMINATED',
          termination_details: {
            code: 'RUN_EXECUTION_ERROR',
            type: 'CLIENT_ERROR',
            message: 'Notebook raised',
          },
        },
      }),
    ).toMatchObject({
      status: 'FAILED',
      error: 'RUN_EXECUTION_ERROR: Notebook raised',
    });
    expect(
      toDatabricksJobRun('job', {
        run_id: 11,
        status: {
          state: 'TERMINATED',
          termination_details: { code: 'SUCCESS', type: 'SUCCESS' },
        },
      }).status,
    ).toBe('SUCCESS');
    expect(
      toDatabricksJobRun('job', { run_id: 12, status: { state: 'RUNNING' } })
        .status,
    ).toBe('RUNNING');
  });
});

describe('DatabricksJobsClient', () => {
  it('lists runs of jobs by their key tag across pages, newest first, whatever their names', async () => {
    const requests: string[] = [];
    const tagged = (key: string, name: string, catalog = 'ppm') => ({
      name,
      tags: { app: 'notion-finance-ppm', catalog, control_room_job: key },
    });
    server.use(
      http.get(`${BASE}/api/2.1/jobs/list`, ({ request }) => {
        requests.push(request.url);
        expect(request.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
        const url = new URL(request.url);
        expect(url.searchParams.get('name')).toBeNull();
        return url.searchParams.get('page_token') === 'jobs-2'
          ? HttpResponse.json({
              jobs: [
                // The dev target prefixes names; the key still matches.
                {
                  job_id: 22,
                  settings: tagged(
                    'notion_transform_silver',
                    '[dev jane] [PPM] Transform Silver',
                  ),
                },
                // Another deployment's job, for another catalog.
                {
                  job_id: 23,
                  settings: tagged(
                    'notion_transform_silver',
                    '[PPM] Transform Silver',
                    'other',
                  ),
                },
                { job_id: 24, settings: { name: '[PPM] Transform Silver' } },
              ],
            })
          : HttpResponse.json({
              jobs: [
                {
                  job_id: 11,
                  settings: tagged('notion_sync_bronze', 'Renamed by hand'),
                },
              ],
              has_more: true,
              next_page_token: 'jobs-2',
            });
      }),
      http.get(`${BASE}/api/2.1/jobs/runs/list`, ({ request }) => {
        requests.push(request.url);
        const url = new URL(request.url);
        expect(url.searchParams.get('start_time_from')).toBe(
          String(SINCE.getTime()),
        );
        const jobId = url.searchParams.get('job_id');
        if (jobId === '11' && !url.searchParams.get('page_token')) {
          return HttpResponse.json({
            runs: [
              run(
                101,
                {
                  life_cycle_state: 'TERMINATED',
                  result_state: 'SUCCESS',
                },
                Date.parse('2024-05-02T06:05:00Z'),
              ),
            ],
            has_more: true,
            next_page_token: 'runs-2',
          });
        }
        if (jobId === '11') {
          return HttpResponse.json({
            runs: [
              run(
                100,
                {
                  life_cycle_state: 'TERMINATED',
                  result_state: 'FAILED',
                  state_message: 'boom',
                },
                Date.parse('2024-05-02T06:00:00Z'),
              ),
            ],
            has_more: false,
          });
        }
        return HttpResponse.json({
          runs: [
            run(
              200,
              { life_cycle_state: 'RUNNING' },
              Date.parse('2024-05-02T06:10:00Z'),
              0,
            ),
          ],
        });
      }),
    );
    const client = new DatabricksJobsClient({
      host: HOST,
      auth: { token: TOKEN },
      catalog: 'ppm',
      ...noWait(),
    });

    const runs = await client.listJobRuns(
      ['notion_sync_bronze', 'notion_transform_silver', 'missing'],
      { since: SINCE },
    );

    expect(runs.map(r => [r.jobKey, r.runId, r.status, r.error])).toEqual([
      ['notion_transform_silver', 200, 'RUNNING', null],
      ['notion_sync_bronze', 101, 'SUCCESS', null],
      ['notion_sync_bronze', 100, 'FAILED', 'FAILED: boom'],
    ]);
    expect(
      requests.filter(url => url.includes('page_token=runs-2')),
    ).toHaveLength(1);
    expect(
      requests.filter(url => url.includes('page_token=jobs-2')),
    ).toHaveLength(1);
    expect(requests.some(url => url.includes('job_id=23'))).toBe(false);
    expect(requests.some(url => url.includes('job_id=24'))).toBe(false);
  });

  it('starts a run by key with an idempotency token', async () => {
    const bodies: unknown[] = [];
    server.use(
      http.get(`${BASE}/api/2.1/jobs/list`, () =>
        HttpResponse.json({
          jobs: [
            {
              job_id: 5,
              settings: { tags: { control_room_job: 'ppm_marts_gold' } },
            },
            {
              job_id: 6,
              settings: { tags: { control_room_job: 'twice' } },
            },
            {
              job_id: 7,
              settings: { tags: { control_room_job: 'twice' } },
            },
          ],
        }),
      ),
      http.post(`${BASE}/api/2.1/jobs/run-now`, async ({ request }) => {
        bodies.push(await request.json());
        return bodies.length === 1
          ? HttpResponse.json({}, { status: 503 })
          : HttpResponse.json({ run_id: 77, number_in_job: 77 });
      }),
    );
    const client = new DatabricksJobsClient({
      host: HOST,
      auth: { token: TOKEN },
      ...noWait(),
    });
    await expect(client.runNow('ppm_marts_gold')).resolves.toEqual({
      runId: 77,
    });
    // The retry after the 503 sends the same token: one run at most.
    expect(bodies).toHaveLength(2);
    expect(bodies[0]).toEqual(bodies[1]);
    expect(bodies[0]).toMatchObject({
      job_id: 5,
      idempotency_token: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    await expect(client.runNow('missing')).rejects.toMatchObject({
      name: 'NotFoundError',
      message: expect.stringContaining('control_room_job: missing'),
    });
    await expect(client.runNow('twice')).rejects.toMatchObject({
      name: 'ConflictError',
    });
  });

  it('gets an OAuth token for a service principal and reuses it', async () => {
    const tokenRequests: Array<{ authorization: string | null; body: string }> =
      [];
    server.use(
      http.post(`${BASE}/oidc/v1/token`, async ({ request }) => {
        tokenRequests.push({
          authorization: request.headers.get('authorization'),
          body: await request.text(),
        });
        return HttpResponse.json({
          access_token: 'oauth-access',
          token_type: 'Bearer',
          expires_in: 3600,
        });
      }),
      http.get(`${BASE}/api/2.1/jobs/list`, ({ request }) => {
        expect(request.headers.get('authorization')).toBe(
          'Bearer oauth-access',
        );
        return HttpResponse.json({ jobs: [] });
      }),
    );
    const client = new DatabricksJobsClient({
      host: `${BASE}/`,
      auth: { clientId: 'sp-id', clientSecret: CLIENT_SECRET },
      ...noWait(),
    });
    await client.findJobIds('a');
    await client.findJobIds('b');
    expect(tokenRequests).toEqual([
      {
        authorization: `Basic ${Buffer.from(`sp-id:${CLIENT_SECRET}`).toString(
          'base64',
        )}`,
        body: 'grant_type=client_credentials&scope=all-apis',
      },
    ]);
  });

  it('refreshes an OAuth token close to expiry', async () => {
    let clock = 0;
    let issued = 0;
    server.use(
      http.post(`${BASE}/oidc/v1/token`, () => {
        issued += 1;
        return HttpResponse.json({
          access_token: `t${issued}`,
          expires_in: 120,
        });
      }),
      http.get(`${BASE}/api/2.1/jobs/list`, () => HttpResponse.json({})),
    );
    const client = new DatabricksJobsClient({
      host: HOST,
      auth: { clientId: 'sp-id', clientSecret: CLIENT_SECRET },
      now: () => clock,
      ...noWait(),
    });
    await client.findJobIds('a');
    clock = 30_000;
    await client.findJobIds('a');
    clock = 61_000;
    await client.findJobIds('a');
    expect(issued).toBe(2);
  });

  it('reports a failed token request without the secret', async () => {
    server.use(
      http.post(`${BASE}/oidc/v1/token`, () =>
        HttpResponse.json(
          {
            error: 'invalid_client',
            error_description: 'Client authentication failed',
          },
          { status: 401 },
        ),
      ),
    );
    const client = new DatabricksJobsClient({
      host: HOST,
      auth: { clientId: 'sp-id', clientSecret: CLIENT_SECRET },
      ...noWait(),
    });
    const error = await client.findJobIds('a').catch(e => e);
    expect(error.message).toBe(
      `Databricks OAuth token request at ${HOST} failed: HTTP 401 Client authentication failed`,
    );
    expect(error.message).not.toContain(CLIENT_SECRET);
  });

  it('retries 429 and 503, honouring Retry-After', async () => {
    const delays: number[] = [];
    let calls = 0;
    server.use(
      http.get(`${BASE}/api/2.1/jobs/runs/list`, () => {
        calls += 1;
        if (calls === 1) {
          return new HttpResponse(null, {
            status: 429,
            headers: { 'Retry-After': '3' },
          });
        }
        if (calls === 2) {
          return new HttpResponse(null, { status: 503 });
        }
        return HttpResponse.json({ runs: [run(1, undefined)] });
      }),
    );
    const client = new DatabricksJobsClient({
      host: HOST,
      auth: { token: TOKEN },
      retry: { delayMinMs: 100 },
      sleep: async ms => {
        delays.push(ms);
      },
    });
    await expect(client.listRuns(5, SINCE)).resolves.toHaveLength(1);
    expect(delays).toEqual([3000, 200]);
  });

  it('reports API errors with the server message', async () => {
    server.use(
      http.get(`${BASE}/api/2.1/jobs/list`, () =>
        HttpResponse.json(
          { error_code: 'PERMISSION_DENIED', message: 'No access' },
          { status: 403 },
        ),
      ),
    );
    const client = new DatabricksJobsClient({
      host: HOST,
      auth: { token: TOKEN },
      ...noWait(),
    });
    await expect(client.findJobIds('a')).rejects.toThrow(
      `Databricks /api/2.1/jobs/list at ${HOST} failed: HTTP 403 PERMISSION_DENIED: No access`,
    );
  });

  it('gives up on an unreachable workspace with a clear error', async () => {
    const refused = Object.assign(new TypeError('fetch failed'), {
      cause: { code: 'ECONNREFUSED' },
    });
    let calls = 0;
    const client = new DatabricksJobsClient({
      host: HOST,
      auth: { token: TOKEN },
      retry: { maxAttempts: 2 },
      fetch: async () => {
        calls += 1;
        throw refused;
      },
      ...noWait(),
    });
    const error = await client.findJobIds('a').catch(e => e);
    expect(error.name).toBe('ServiceUnavailableError');
    expect(error.message).toBe(
      `Databricks workspace at ${HOST} is unreachable: ECONNREFUSED`,
    );
    expect(calls).toBe(2);
  });

  it('stops paging on a repeated page token', async () => {
    let calls = 0;
    server.use(
      http.get(`${BASE}/api/2.1/jobs/list`, () => {
        calls += 1;
        return HttpResponse.json({
          jobs: [{ job_id: 1, settings: { tags: { control_room_job: 'a' } } }],
          has_more: true,
          next_page_token: 'same',
        });
      }),
    );
    const client = new DatabricksJobsClient({
      host: HOST,
      auth: { token: TOKEN },
      ...noWait(),
    });
    await expect(client.findJobIds('a')).resolves.toEqual([1]);
    expect(calls).toBe(2);
  });

  it('is built from app-config', async () => {
    server.use(
      http.get(`${BASE}/api/2.1/jobs/list`, ({ request }) => {
        expect(request.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
        return HttpResponse.json({
          jobs: [
            {
              job_id: 3,
              settings: { tags: { control_room_job: 'a', catalog: 'ppm' } },
            },
            {
              job_id: 4,
              settings: { tags: { control_room_job: 'a', catalog: 'prod' } },
            },
          ],
        });
      }),
    );
    const client = DatabricksJobsClient.fromConfig(
      new ConfigReader({
        controlRoom: {
          lakehouse: {
            databricks: {
              host: HOST,
              httpPath: '/sql/1.0/warehouses/abc',
              catalog: 'ppm',
              token: TOKEN,
            },
          },
        },
      }),
    );
    await expect(client.findJobIds('a')).resolves.toEqual([3]);
  });
});
