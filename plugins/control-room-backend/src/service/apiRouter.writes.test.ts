import { createHmac } from 'node:crypto';
import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { BASE, useSeededApi } from './__testUtils__/startApi';
import { NotionActionStore } from '@finance-ppm/plugin-control-room-node';
import { InputError } from '@backstage/errors';
import { TestDatabases } from '@backstage/backend-test-utils';
import { migrateDatabase } from '../database';
import { databaseSeenWebhookEvents } from './webhookEvents';

const WEBHOOK_TOKEN = 'secret_webhook_token_for_tests';
const { startApi } = useSeededApi();

describe('POST /jobs/{id}/run', () => {
  it('starts a known job and audits it', async () => {
    const runJob = jest.fn().mockResolvedValue(undefined);
    const { server, auditor, auditEvent } = await startApi({ runJob });
    const res = await request(server).post(`${BASE}/jobs/ppm_marts_gold/run`);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ job_id: 'ppm_marts_gold', started: true });
    expect(runJob).toHaveBeenCalledWith('ppm_marts_gold');
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'job-run',
        meta: expect.objectContaining({ jobId: 'ppm_marts_gold' }),
      }),
    );
    expect(auditEvent.success).toHaveBeenCalled();
  });

  it('answers 404 for an unknown job', async () => {
    const runJob = jest.fn();
    const { server } = await startApi({ runJob });
    const res = await request(server).post(`${BASE}/jobs/no_such_job/run`);
    expect(res.status).toBe(404);
    expect(runJob).not.toHaveBeenCalled();
  });

  it('audits a failing start as failed', async () => {
    const runJob = jest.fn().mockRejectedValue(new Error('scheduler is down'));
    const { server, auditEvent } = await startApi({ runJob });
    const res = await request(server).post(`${BASE}/jobs/ppm_marts_gold/run`);
    expect(res.status).toBe(500);
    expect(auditEvent.fail).toHaveBeenCalled();
  });

  it('answers 503 when no runner is wired', async () => {
    const { server } = await startApi();
    const res = await request(server).post(`${BASE}/jobs/ppm_marts_gold/run`);
    expect(res.status).toBe(503);
  });

  it('answers 401 without credentials and 403 when denied, starting nothing', async () => {
    const runJob = jest.fn();
    const allowed = await startApi({ runJob });
    await request(allowed.server)
      .post(`${BASE}/jobs/ppm_marts_gold/run`)
      .set('Authorization', mockCredentials.none.header())
      .expect(401);
    const denied = await startApi({ runJob }, AuthorizeResult.DENY);
    const res = await request(denied.server).post(
      `${BASE}/jobs/ppm_marts_gold/run`,
    );
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('control-room.job.run');
    expect(runJob).not.toHaveBeenCalled();
  });
});

describe('POST /notion/actions', () => {
  function inMemoryStore(): NotionActionStore & {
    pages: Array<{ id: string; source: string; sourceId?: string }>;
  } {
    const pages: Array<{ id: string; source: string; sourceId?: string }> = [];
    return {
      pages,
      async findBySource(source, sourceId) {
        const page = pages.find(
          p => p.source === source && p.sourceId === sourceId,
        );
        return (
          page && {
            action_id: page.id,
            notion_url: `https://notion.test/${page.id}`,
          }
        );
      },
      async create(req) {
        // Slow enough that two unserialised requests would both create.
        await new Promise(resolve => setTimeout(resolve, 20));
        const id = `page-${pages.length + 1}`;
        pages.push({ id, source: req.source, sourceId: req.source_id });
        return { action_id: id, notion_url: `https://notion.test/${id}` };
      },
    };
  }
  const body = {
    project_id: 'p1',
    title: 'Resize VM',
    source: 'advisor',
    source_id: 'rec-3',
  };

  it('creates one page for two concurrent clicks on the same finding', async () => {
    const store = inMemoryStore();
    const { server, auditor } = await startApi({ notionActions: store });
    const [a, b] = await Promise.all([
      request(server).post(`${BASE}/notion/actions`).send(body),
      request(server).post(`${BASE}/notion/actions`).send(body),
    ]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(store.pages).toHaveLength(1);
    expect(a.body.action_id).toBe(b.body.action_id);
    expect([a.body.created, b.body.created].sort()).toEqual([false, true]);
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({ eventId: 'notion-action-create' }),
    );
  });

  it('answers 422 to an unknown project_id and creates nothing', async () => {
    const store = inMemoryStore();
    const { server } = await startApi({ notionActions: store });
    const res = await request(server)
      .post(`${BASE}/notion/actions`)
      .send({ ...body, project_id: 'x' });
    expect(res.status).toBe(422);
    expect(res.body.error.message).toBe(
      'project_id x is not a known live project',
    );
    expect(store.pages).toHaveLength(0);
  });

  it("passes a Notion 400 on as a 400 carrying Notion's message", async () => {
    const store = inMemoryStore();
    store.create = async () => {
      throw new InputError(
        'Notion rejected the action: Status is expected to be select.',
      );
    };
    const { server } = await startApi({ notionActions: store });
    const res = await request(server).post(`${BASE}/notion/actions`).send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('Status is expected to be select');
  });

  it('creates a manual action without a source id each time', async () => {
    const store = inMemoryStore();
    const { server } = await startApi({ notionActions: store });
    const manual = { project_id: 'p1', title: 'Call vendor', source: 'manual' };
    await request(server)
      .post(`${BASE}/notion/actions`)
      .send(manual)
      .expect(200);
    await request(server)
      .post(`${BASE}/notion/actions`)
      .send(manual)
      .expect(200);
    expect(store.pages).toHaveLength(2);
  });

  it('creates a manual action once per Idempotency-Key', async () => {
    const store = inMemoryStore();
    const { server } = await startApi({ notionActions: store });
    const manual = { project_id: 'p1', title: 'Call vendor', source: 'manual' };
    const post = (key: string) =>
      request(server)
        .post(`${BASE}/notion/actions`)
        .set('Idempotency-Key', key)
        .send(manual);
    const first = await post('retry-1').expect(200);
    const repeat = await post('retry-1').expect(200);
    expect(first.body.created).toBe(true);
    expect(repeat.body).toEqual({ ...first.body, created: false });
    expect(store.pages).toEqual([
      { id: 'page-1', source: 'manual', sourceId: 'retry-1' },
    ]);
    await post('retry-2').expect(200);
    expect(store.pages).toHaveLength(2);
  });

  it('rejects an Idempotency-Key longer than 255 characters', async () => {
    const store = inMemoryStore();
    const { server } = await startApi({ notionActions: store });
    const res = await request(server)
      .post(`${BASE}/notion/actions`)
      .set('Idempotency-Key', 'k'.repeat(256))
      .send({ project_id: 'p1', title: 'Call vendor', source: 'manual' });
    expect(res.status).toBe(400);
    expect(store.pages).toHaveLength(0);
  });

  it.each([
    [{ ...body, title: undefined }, 'title'],
    [{ ...body, title: '   ' }, 'title'],
    [{ ...body, source: 'email' }, 'source'],
    [{ ...body, source_id: undefined }, 'source_id'],
    [{ ...body, due_date: '31/12/2026' }, 'due_date'],
    [{ ...body, project_id: undefined }, 'project_id'],
  ])('rejects %p naming %s', async (payload, field) => {
    const store = inMemoryStore();
    const { server } = await startApi({ notionActions: store });
    const res = await request(server)
      .post(`${BASE}/notion/actions`)
      .send(payload);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(field);
    expect(store.pages).toHaveLength(0);
  });

  it('answers 401 and 403 without creating a page', async () => {
    const store = inMemoryStore();
    const allowed = await startApi({ notionActions: store });
    await request(allowed.server)
      .post(`${BASE}/notion/actions`)
      .set('Authorization', mockCredentials.none.header())
      .send(body)
      .expect(401);
    const denied = await startApi(
      { notionActions: store },
      AuthorizeResult.DENY,
    );
    const res = await request(denied.server)
      .post(`${BASE}/notion/actions`)
      .send(body);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('control-room.action.create');
    expect(store.pages).toHaveLength(0);
  });

  it('audits a failed creation', async () => {
    const store = inMemoryStore();
    store.create = async () => {
      throw new Error('Notion said no');
    };
    const { server, auditEvent } = await startApi({ notionActions: store });
    await request(server).post(`${BASE}/notion/actions`).send(body).expect(500);
    expect(auditEvent.fail).toHaveBeenCalled();
  });

  it('answers 503 when Notion is not wired', async () => {
    const { server } = await startApi();
    const res = await request(server).post(`${BASE}/notion/actions`).send(body);
    expect(res.status).toBe(503);
  });
});

describe('POST /webhooks/notion', () => {
  const NOW = new Date('2026-11-25T10:00:00.000Z');
  const event = {
    id: 'evt-1',
    timestamp: '2026-11-25T09:59:30.000Z',
    type: 'page.properties_updated',
    entity: { id: 'page-1', type: 'page' },
    data: {
      parent: {
        id: 'ds-projects',
        type: 'data_source',
        data_source_id: 'ds-projects',
      },
    },
  };
  const sign = (raw: string, token = WEBHOOK_TOKEN) =>
    `sha256=${createHmac('sha256', token).update(raw).digest('hex')}`;
  const waitFor = (ms: number) =>
    new Promise(resolve => setTimeout(resolve, ms));

  async function startWebhook() {
    const triggerNotionSync = jest.fn().mockResolvedValue(undefined);
    const onVerificationToken = jest.fn();
    const { server } = await startApi({
      triggerNotionSync,
      now: () => NOW,
      notionWebhook: {
        verificationToken: WEBHOOK_TOKEN,
        debounceMs: 30,
        onVerificationToken,
      },
    });
    const post = (raw: string, signature?: string) => {
      const req = request(server)
        .post(`${BASE}/webhooks/notion`)
        .set('Authorization', mockCredentials.none.header())
        .set('Content-Type', 'application/json');
      return (signature ? req.set('X-Notion-Signature', signature) : req).send(
        raw,
      );
    };
    return { post, triggerNotionSync, onVerificationToken };
  }

  it('syncs the affected data source once for a burst of signed events', async () => {
    const { post, triggerNotionSync } = await startWebhook();
    for (let i = 0; i < 3; i++) {
      const raw = JSON.stringify({ ...event, id: `evt-burst-${i}` });
      const res = await post(raw, sign(raw));
      expect(res.status).toBe(200);
    }
    expect(triggerNotionSync).not.toHaveBeenCalled();
    await waitFor(120);
    expect(triggerNotionSync).toHaveBeenCalledTimes(1);
    expect(triggerNotionSync).toHaveBeenCalledWith('ds-projects');
  });

  it.each([
    [
      'a tampered body',
      (raw: string) => ({
        body: raw.replace('page-1', 'page-2'),
        signature: sign(raw),
      }),
    ],
    ['no signature', (raw: string) => ({ body: raw, signature: undefined })],
    [
      'the wrong token',
      (raw: string) => ({ body: raw, signature: sign(raw, 'secret_other') }),
    ],
    [
      'a signature without the prefix',
      (raw: string) => ({ body: raw, signature: sign(raw).slice(7) }),
    ],
  ])('answers 401 to %s and starts nothing', async (_name, tamper) => {
    const { post, triggerNotionSync } = await startWebhook();
    const { body: sent, signature } = tamper(JSON.stringify(event));
    const res = await post(sent, signature);
    expect(res.status).toBe(401);
    expect(JSON.stringify(res.body)).not.toContain(WEBHOOK_TOKEN);
    await waitFor(80);
    expect(triggerNotionSync).not.toHaveBeenCalled();
  });

  it('hands the verification token of the handshake to the operator hook', async () => {
    const { post, triggerNotionSync, onVerificationToken } =
      await startWebhook();
    const res = await post(
      JSON.stringify({ verification_token: 'secret_new' }),
    );
    expect(res.status).toBe(200);
    expect(onVerificationToken).toHaveBeenCalledWith('secret_new');
    expect(triggerNotionSync).not.toHaveBeenCalled();
  });

  it('logs an unsigned handshake once, however often it is sent', async () => {
    const { post, onVerificationToken } = await startWebhook();
    for (const token of ['secret_first', 'secret_second', 'secret_first']) {
      await post(JSON.stringify({ verification_token: token })).expect(200);
    }
    expect(onVerificationToken).toHaveBeenCalledTimes(1);
    expect(onVerificationToken).toHaveBeenCalledWith('secret_first');
  });

  it('rejects a replayed event and syncs once', async () => {
    const { post, triggerNotionSync } = await startWebhook();
    const raw = JSON.stringify(event);
    await post(raw, sign(raw)).expect(200);
    const replay = await post(raw, sign(raw));
    expect(replay.status).toBe(409);
    expect(replay.body.error.message).toContain('evt-1');
    await waitFor(120);
    expect(triggerNotionSync).toHaveBeenCalledTimes(1);
  });

  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  it('rejects a replay sent to another replica', async () => {
    const knex = await databases.init('SQLITE_3');
    await migrateDatabase(knex);
    const replica = () =>
      startApi({
        now: () => NOW,
        triggerNotionSync: jest.fn().mockResolvedValue(undefined),
        notionWebhook: {
          verificationToken: WEBHOOK_TOKEN,
          seenEvents: databaseSeenWebhookEvents(knex),
        },
      });
    const [a, b] = [await replica(), await replica()];
    const raw = JSON.stringify({ ...event, id: 'evt-replicas' });
    const post = (server: typeof a.server) =>
      request(server)
        .post(`${BASE}/webhooks/notion`)
        .set('Content-Type', 'application/json')
        .set('X-Notion-Signature', sign(raw))
        .send(raw);
    expect((await post(a.server)).status).toBe(200);
    const replay = await post(b.server);
    expect(replay.status).toBe(409);
    expect(replay.body.error.message).toContain('evt-replicas');
  });

  it.each([
    ['older than five minutes', '2026-11-25T09:54:59.000Z'],
    ['from the future', '2026-11-25T10:05:00.000Z'],
    ['without a parsable time', 'yesterday'],
  ])('rejects a signed event %s', async (_name, timestamp) => {
    const { post, triggerNotionSync } = await startWebhook();
    const raw = JSON.stringify({ ...event, id: 'evt-old', timestamp });
    const res = await post(raw, sign(raw));
    expect(res.status).toBe(401);
    expect(res.body.error.message).toContain('replay');
    await waitFor(80);
    expect(triggerNotionSync).not.toHaveBeenCalled();
  });

  it('answers 400 to a signed event without id or timestamp', async () => {
    const { post } = await startWebhook();
    const { id: _id, ...withoutId } = event;
    const raw = JSON.stringify(withoutId);
    const res = await post(raw, sign(raw));
    expect(res.status).toBe(400);
  });

  it('answers 401 to every event while no token is configured', async () => {
    const triggerNotionSync = jest.fn();
    const { server } = await startApi({ triggerNotionSync });
    const raw = JSON.stringify(event);
    const res = await request(server)
      .post(`${BASE}/webhooks/notion`)
      .set('Content-Type', 'application/json')
      .set('X-Notion-Signature', sign(raw))
      .send(raw);
    expect(res.status).toBe(401);
    expect(triggerNotionSync).not.toHaveBeenCalled();
  });
});
