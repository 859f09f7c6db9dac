import { alertState } from '@finance-ppm/plugin-control-room-node';
import request from 'supertest';
import { createDataChanges } from '../service/dataChanges';
import { BASE, useSeededApi } from '../service/__testUtils__/startApi';

const { startApi, lakehouse } = useSeededApi();

const row = (key: string, status: string, since: string) => ({
  alert_key: key,
  kind: 'jobs',
  subject_id: 'ppm_marts_gold',
  project_id: null,
  title: `Alert ${key}`,
  description: null,
  severity: 'high',
  link: '/control-room/pipelines',
  status,
  since,
  last_seen_at: since,
  resolved_at: null,
  recipient: 'group:default/platform',
  notified_at: since,
});

describe('GET /alerts', () => {
  beforeAll(async () => {
    await lakehouse().upsert(alertState, [
      row('job-failed:b', 'open', '2026-03-01T10:00:00.000Z'),
      row('job-failed:a', 'open', '2026-03-01T09:00:00.000Z'),
      row('job-failed:c', 'resolved', '2026-03-01T08:00:00.000Z'),
      {
        ...row('project-red:p1', 'open', '2026-03-01T11:00:00.000Z'),
        kind: 'projectHealth',
        project_id: 'p1',
        description: 'Over budget',
      },
    ]);
  });

  it('lists the open alerts, oldest first, with kind, severity, since and link', async () => {
    const { server } = await startApi();
    const res = await request(server).get(`${BASE}/alerts`);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      data: [
        {
          kind: 'jobs',
          key: 'job-failed:a',
          title: 'Alert job-failed:a',
          severity: 'high',
          since: '2026-03-01T09:00:00.000Z',
          link: '/control-room/pipelines',
        },
        expect.objectContaining({ key: 'job-failed:b' }),
        expect.objectContaining({
          key: 'project-red:p1',
          kind: 'projectHealth',
          project_id: 'p1',
          description: 'Over budget',
        }),
      ],
    });
  });

  it('reads again once a run changed the data, despite the cache', async () => {
    const dataChanges = createDataChanges();
    const { server } = await startApi({ dataChanges, cacheTtlMs: 60_000 });
    await request(server).get(`${BASE}/alerts`);
    await lakehouse().upsert(alertState, [
      row('job-failed:d', 'open', '2026-03-01T12:00:00.000Z'),
    ]);

    const cached = await request(server).get(`${BASE}/alerts`);
    dataChanges.notify();
    const fresh = await request(server).get(`${BASE}/alerts`);

    expect(cached.body.data).toHaveLength(3);
    expect(fresh.body.data).toHaveLength(4);
  });
});
