import { Knex } from 'knex';
import request from 'supertest';
import { pluginTestDatabases } from '../database/__testUtils__/testDatabases';
import { migrateDatabase } from '../database/migrateDatabase';
import { createDataChanges } from '../service/dataChanges';
import { BASE, useSeededApi } from '../service/__testUtils__/startApi';
import { AlertStateStore, createAlertStateStore } from './alertState';
import { Alert } from './types';

const { startApi } = useSeededApi();

const alert = (key: string, since: string): Alert => ({
  key,
  kind: 'jobs',
  subjectId: 'ppm_marts_gold',
  title: `Alert ${key}`,
  severity: 'high',
  link: '/control-room/pipelines',
  since,
});

describe('GET /alerts', () => {
  const databases = pluginTestDatabases();
  let knex: Knex;
  let alertState: AlertStateStore;

  beforeAll(async () => {
    knex = await databases.init('SQLITE_3');
    await migrateDatabase(knex);
    alertState = createAlertStateStore({ knex });
    const at = '2026-03-01T12:00:00.000Z';
    await alertState.open(
      alert('job-failed:b', '2026-03-01T10:00:00.000Z'),
      at,
      false,
    );
    await alertState.open(
      alert('job-failed:a', '2026-03-01T09:00:00.000Z'),
      at,
      false,
    );
    await alertState.open(
      alert('job-failed:c', '2026-03-01T08:00:00.000Z'),
      at,
      false,
    );
    const c = (await alertState.readActive()).find(
      a => a.key === 'job-failed:c',
    )!;
    await alertState.resolve(c, at, false);
    await alertState.open(
      {
        ...alert('project-red:p1', '2026-03-01T11:00:00.000Z'),
        kind: 'projectHealth',
        projectId: 'p1',
        description: 'Over budget',
      },
      at,
      false,
    );
  });

  it('answers 503 when no alert state is wired', async () => {
    const { server } = await startApi({ alertState: undefined });
    const res = await request(server).get(`${BASE}/alerts`);
    expect(res.status).toBe(503);
    expect(res.body.error.message).toBe('Alerts are not configured');
  });

  it('lists the open alerts, oldest first, with kind, severity, since and link', async () => {
    const { server } = await startApi({ alertState });
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
    const { server } = await startApi({
      dataChanges,
      cacheTtlMs: 60_000,
      alertState,
    });
    await request(server).get(`${BASE}/alerts`);
    await alertState.open(
      alert('job-failed:d', '2026-03-01T12:00:00.000Z'),
      '2026-03-01T12:00:00.000Z',
      false,
    );

    const cached = await request(server).get(`${BASE}/alerts`);
    dataChanges.notify();
    const fresh = await request(server).get(`${BASE}/alerts`);

    expect(cached.body.data).toHaveLength(3);
    expect(fresh.body.data).toHaveLength(4);
  });
});
