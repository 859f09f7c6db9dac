import { mockServices } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { SignalPayload } from '@backstage/plugin-signals-node';
import {
  DuckDbLakehouse,
  goldChecks,
  Lakehouse,
  lakehouseTables,
  NotionService,
  silverChecks,
} from '@finance-ppm/plugin-control-room-node';
import {
  createNotionSandbox,
  generatePortfolio,
  NotionSandbox,
} from '@finance-ppm/sandbox';
import { setupServer } from 'msw/node';
import { defaultHealthThresholds } from '../finance';
import { migrateLakehouse } from '../lakehouse/migrations';
import { findModelsDirectory, loadModels } from '../lakehouse/modelRunner';
import { buildPipelineWork } from '../pipeline/pipelineWork';
import { schedulePipeline } from '../pipeline/schedulePipeline';
import { createSandboxNotionPulls } from '../sources/notion/__testUtils__/sandboxNotionPulls';
import { pluginTestDatabases } from '../database/__testUtils__/testDatabases';
import { migrateDatabase } from '../database/migrateDatabase';
import { createAlertMonitor } from './alertMonitor';
import { ALERT_STATE_TABLE, createAlertStateStore } from './alertState';
import { readAlertSettings } from './config';
import { catalogProjectDirectory } from './projectDirectory';

/*
 * The must-shows of the alerts, end to end on the Notion sandbox (msw) and a
 * real in-memory DuckDB: the scheduled jobs run as the scheduler would run
 * them, and the notifications land in a recording NotificationService.
 */

const server = setupServer();
const databases = pluginTestDatabases();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

type ScheduledTask = SchedulerServiceTaskScheduleDefinition & {
  id: string;
  fn: () => Promise<void>;
};

interface Harness {
  sandbox: NotionSandbox;
  lakehouse: Lakehouse;
  /** The plugin database, holding the alert state. */
  knex: Knex;
  sent: NotificationSendOptions[];
  signals: SignalPayload[];
  /** Catalog entities the directory sees; tests add to it. */
  catalog: Entity[];
  /** Runs a scheduled job as the scheduler would; its failure is swallowed. */
  run(jobId: string): Promise<void>;
}

const opened: Array<{ lakehouse: Lakehouse; notion: NotionService }> = [];
afterEach(async () => {
  for (const { lakehouse, notion } of opened.splice(0)) {
    await notion.stop();
    await lakehouse.close();
  }
});

async function startPipeline(
  alerts: object = {},
  options: { plantDefects?: boolean } = {},
): Promise<Harness> {
  const sandbox = createNotionSandbox({
    portfolio: generatePortfolio({
      seed: 7,
      programs: 2,
      projectsPerProgram: 3,
      budgetLines: 60,
      plantDefects: options.plantDefects,
    }),
    requestsPerSecond: 1000,
    burst: 1000,
  });
  server.use(...sandbox.handlers);
  const lakehouse = await DuckDbLakehouse.open({ path: ':memory:' });
  await migrateLakehouse(lakehouse, lakehouseTables);
  const logger = mockServices.logger.mock();
  const { pulls: notionPulls, notion } = createSandboxNotionPulls({
    lakehouse,
    databaseIds: sandbox.databaseIds,
    logger,
  });
  opened.push({ lakehouse, notion });
  const work = buildPipelineWork({
    lakehouse,
    models: await loadModels(findModelsDirectory(__dirname)),
    finance: {
      reportingCurrency: 'USD',
      fxRates: { EUR: 1.08, GBP: 1.25 },
      health: defaultHealthThresholds,
    },
    notionPulls,
  });

  const sent: NotificationSendOptions[] = [];
  const signals: SignalPayload[] = [];
  const catalog: Entity[] = [];
  const knex = await databases.init('SQLITE_3');
  await migrateDatabase(knex);
  const monitor = createAlertMonitor({
    lakehouse,
    state: createAlertStateStore({ knex }),
    notifications: { send: async notification => void sent.push(notification) },
    signals: { publish: async signal => void signals.push(signal) },
    projects: ids =>
      catalogProjectDirectory(
        catalogServiceMock({ entities: catalog }),
        mockServices.auth(),
      )(ids),
    settings: readAlertSettings(new ConfigReader({ controlRoom: { alerts } })),
    logger,
  });
  const tasks: ScheduledTask[] = [];
  await schedulePipeline({
    scheduler: mockServices.scheduler.mock({
      scheduleTask: async task => void tasks.push(task as ScheduledTask),
    }),
    lakehouse,
    logger,
    orchestrator: 'backstage',
    work,
    onRunFinished: monitor.onRunFinished,
  });
  return {
    sandbox,
    lakehouse,
    knex,
    sent,
    signals,
    catalog,
    run: async jobId => {
      await tasks
        .find(task => task.id === jobId)!
        .fn()
        .catch(() => undefined);
    },
  };
}

const NOTION_DOWN = {
  kind: 'server_error',
  status: 503,
  count: 10_000,
} as const;

const about = (sent: NotificationSendOptions[], topic: string) =>
  sent.filter(n => n.payload.topic === topic);

describe('alerts on the sandbox pipeline', () => {
  it('notifies the platform group once of a failing job, and again when it recovers', async () => {
    const harness = await startPipeline();
    harness.sandbox.setFault(NOTION_DOWN);

    // The sync fails every 5 minutes; only the first failure notifies.
    await harness.run('notion_sync_bronze');
    await harness.run('notion_sync_bronze');
    await harness.run('notion_sync_bronze');

    const topic = 'job-failed:notion_sync_bronze';
    expect(about(harness.sent, topic)).toEqual([
      {
        recipients: { type: 'entity', entityRef: 'group:default/platform' },
        payload: expect.objectContaining({
          title: 'Job [PPM] Notion Sync Bronze is failing',
          link: '/control-room/pipelines',
          severity: 'high',
          topic,
        }),
      },
    ]);

    harness.sandbox.setFault(null);
    await harness.run('notion_sync_bronze');
    await harness.run('notion_sync_bronze');

    const notified = about(harness.sent, topic);
    expect(notified).toHaveLength(2);
    expect(notified[1]).toEqual({
      recipients: { type: 'entity', entityRef: 'group:default/platform' },
      payload: expect.objectContaining({
        title: 'Recovered: Job [PPM] Notion Sync Bronze is failing',
        severity: 'low',
        topic,
        scope: notified[0].payload.scope,
      }),
    });
    // Every finished run is announced to open tabs.
    expect(harness.signals.map(s => [s.channel, s.message.status])).toEqual([
      ['control-room:job-runs', 'FAILED'],
      ['control-room:job-runs', 'FAILED'],
      ['control-room:job-runs', 'FAILED'],
      ['control-room:job-runs', 'SUCCESS'],
      ['control-room:job-runs', 'SUCCESS'],
    ]);
  });

  it("notifies a planted red project's catalog owner with a link to its Finance tab", async () => {
    const harness = await startPipeline();
    const buildGold = async () => {
      await harness.run('notion_sync_bronze');
      await harness.run('notion_transform_silver');
      await harness.run('ppm_marts_gold');
    };
    await buildGold();
    const [target] = await harness.lakehouse.query<{ project_id: string }>(
      `SELECT project_id FROM gold.ppm_project_health
       WHERE health <> :red ORDER BY project_id LIMIT 1`,
      { red: 'red' },
    );
    expect(target).toBeDefined();
    const topic = `project-red:${target.project_id}`;
    expect(about(harness.sent, topic)).toEqual([]);
    harness.catalog.push(
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: {
          name: 'vm-of-the-project',
          annotations: { 'notion.so/project-id': target.project_id },
        },
        spec: { type: 'azure-vm', owner: 'group:default/platform' },
      },
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: 'planted-project',
          annotations: { 'notion.so/project-id': target.project_id },
        },
        spec: {
          type: 'project',
          lifecycle: 'production',
          owner: 'ledger-team',
        },
      },
    );

    // Two open high-impact risks turn a project red.
    for (const n of [1, 2]) {
      harness.sandbox.addPage('risks', {
        Name: { title: [{ text: { content: `Planted risk ${n}` } }] },
        Project: { relation: [{ id: target.project_id }] },
        Impact: { select: { name: 'High' } },
        Status: { status: { name: 'Open' } },
      });
    }
    await buildGold();

    expect(about(harness.sent, topic)).toEqual([
      {
        recipients: { type: 'entity', entityRef: 'group:default/ledger-team' },
        payload: expect.objectContaining({
          title: expect.stringMatching(/^Project .+ is red$/),
          link: '/catalog/default/component/planted-project/finance',
          severity: 'high',
          topic,
        }),
      },
    ]);
    // Red stays red through the next build: no second notification.
    await harness.run('ppm_marts_gold');
    expect(about(harness.sent, topic)).toHaveLength(1);
  });

  it('sends nothing of a kind switched off in config, and routes a kind elsewhere', async () => {
    const harness = await startPipeline(
      {
        jobs: { enabled: false },
        dataQuality: { recipient: 'group:default/data-stewards' },
      },
      { plantDefects: true },
    );
    harness.sandbox.setFault(NOTION_DOWN);
    await harness.run('notion_sync_bronze');
    harness.sandbox.setFault(null);
    await harness.run('notion_sync_bronze');
    // The planted defects break error-severity checks after the silver build.
    await harness.run('notion_transform_silver');

    expect(
      harness.sent.filter(n => n.payload.topic?.startsWith('job-')),
    ).toEqual([]);
    // The alert itself was still tracked while it was open, and resolved.
    expect(
      await harness
        .knex(ALERT_STATE_TABLE)
        .where({ alert_key: 'job-failed:notion_sync_bronze' })
        .select('status', 'notified_at', 'pending'),
    ).toEqual([{ status: 'resolved', notified_at: null, pending: null }]);
    const qualityNotices = harness.sent.filter(n =>
      n.payload.topic?.startsWith('dq-failed:'),
    );
    expect(qualityNotices.length).toBeGreaterThan(0);
    // Each notice says what its check requires, from the declared checks.
    for (const notice of qualityNotices) {
      const checkId = notice.payload.topic!.slice('dq-failed:'.length);
      const declared = [...silverChecks, ...goldChecks].find(
        c => c.id === checkId,
      );
      expect(notice.payload.description).toContain(declared?.description);
    }
    expect(qualityNotices.map(n => n.recipients)).toEqual(
      qualityNotices.map(() => ({
        type: 'entity',
        entityRef: 'group:default/data-stewards',
      })),
    );
  });
});
