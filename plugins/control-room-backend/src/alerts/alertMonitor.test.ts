import { mockServices, TestDatabaseId } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { ConfigReader } from '@backstage/config';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import {
  azureAdvisorRecs,
  DuckDbLakehouse,
  jobRuns,
  Lakehouse,
  lakehouseTables,
  ppmProjectHealth,
} from '@finance-ppm/plugin-control-room-node';
import { pluginTestDatabases } from '../database/__testUtils__/testDatabases';
import { migrateDatabase } from '../database/migrateDatabase';
import { migrateLakehouse } from '../lakehouse/migrations';
import {
  createAlertMonitor,
  jobRunSignal,
  recipientFor,
  withProjectLinks,
} from './alertMonitor';
import { ALERT_STATE_TABLE, createAlertStateStore } from './alertState';
import { failedGoldRun } from './__testUtils__/failedGoldRun';
import { AlertSettings, readAlertSettings } from './config';
import { ProjectDirectory, ProjectEntity } from './projectDirectory';
import { Alert } from './types';

// The shipped defaults: every kind on, routed to the platform group.
const defaults: AlertSettings = readAlertSettings(new ConfigReader({}));

const ledger: ProjectEntity = {
  entityRef: 'component:default/ledger',
  ownerRef: 'group:default/ledger-team',
  financePath: '/catalog/default/component/ledger/finance',
};

const directory =
  (entities: Record<string, ProjectEntity>): ProjectDirectory =>
  async ids =>
    new Map(ids.flatMap(id => (entities[id] ? [[id, entities[id]]] : [])));

const run = failedGoldRun;

/** A successful run after the failed one. */
const recovered = run({
  run_id: 'r2',
  status: 'SUCCESS',
  started_at: '2026-03-01T10:05:00.000Z',
  ended_at: '2026-03-01T10:06:00.000Z',
  error_message: null,
});

describe('createAlertMonitor', () => {
  const databases = pluginTestDatabases();
  const SQLITE: TestDatabaseId = 'SQLITE_3';
  let lakehouse: Lakehouse;
  let knex: Knex;
  beforeEach(async () => {
    lakehouse = await DuckDbLakehouse.open({ path: ':memory:' });
    await migrateLakehouse(lakehouse, lakehouseTables);
    knex = await databases.init(SQLITE);
    await migrateDatabase(knex);
  });
  afterEach(() => lakehouse.close());

  function monitorWith(
    options: {
      settings?: AlertSettings;
      send?: (n: NotificationSendOptions) => Promise<void>;
      projects?: ProjectDirectory;
      now?: string;
    } = {},
  ) {
    const sent: NotificationSendOptions[] = [];
    const logger = mockServices.logger.mock();
    const dataChanges = { notify: jest.fn() };
    const monitor = createAlertMonitor({
      lakehouse,
      state: createAlertStateStore({ knex }),
      notifications: {
        send: options.send ?? (async n => void sent.push(n)),
      },
      projects: options.projects ?? directory({}),
      settings: options.settings ?? defaults,
      logger,
      dataChanges,
      now: () => new Date(options.now ?? '2026-03-01T10:10:00.000Z'),
      watchingSince: new Date('2026-03-01T10:00:00.000Z'),
    });
    return { monitor, sent, logger, dataChanges };
  }

  it('notices a job that stopped running, from the periodic evaluation', async () => {
    await lakehouse.upsert(jobRuns, [{ ...run({ status: 'SUCCESS' }) }]);
    const { monitor, sent } = monitorWith({ now: '2026-03-01T12:00:01Z' });

    const result = await monitor.evaluate();

    expect(result.opened.map(a => a.key)).toEqual([
      'job-missed:ppm_marts_gold',
    ]);
    expect(sent[0].payload).toMatchObject({
      topic: 'job-missed:ppm_marts_gold',
      link: '/control-room/pipelines',
    });
  });

  it('retries a notification that could not be sent', async () => {
    await lakehouse.upsert(jobRuns, [{ ...run({}) }]);
    const send = jest
      .fn()
      .mockRejectedValueOnce(new Error('notifications backend down'))
      .mockResolvedValue(undefined);
    const { monitor, logger } = monitorWith({ send });

    expect((await monitor.evaluate()).notificationsSent).toBe(0);
    expect(logger.warn).toHaveBeenCalled();
    expect((await monitor.evaluate()).notificationsSent).toBe(1);
    expect((await monitor.evaluate()).notificationsSent).toBe(0);
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('retries a recovery that could not be announced', async () => {
    await lakehouse.upsert(jobRuns, [{ ...run({}) }]);
    const send = jest.fn().mockResolvedValueOnce(undefined);
    const { monitor } = monitorWith({ send });
    await monitor.evaluate();
    await lakehouse.upsert(jobRuns, [{ ...recovered }]);

    send.mockRejectedValueOnce(new Error('down'));
    const failed = await monitor.evaluate();
    expect(failed.resolved.map(a => a.key)).toEqual([
      'job-failed:ppm_marts_gold',
    ]);
    expect(failed.notificationsSent).toBe(0);
    send.mockResolvedValueOnce(undefined);
    expect((await monitor.evaluate()).notificationsSent).toBe(1);
    expect((await monitor.evaluate()).notificationsSent).toBe(0);

    expect(send).toHaveBeenCalledTimes(3);
    expect(send.mock.calls[2][0].payload).toMatchObject({
      severity: 'low',
      title: expect.stringMatching(/^Recovered: /),
    });
  });

  it('sends no recovery of an alert that opened while its kind was off', async () => {
    await lakehouse.upsert(jobRuns, [{ ...run({}) }]);
    const off = {
      ...defaults,
      kinds: { ...defaults.kinds, jobs: { enabled: false } },
    };
    await monitorWith({ settings: off }).monitor.evaluate();
    await lakehouse.upsert(jobRuns, [{ ...recovered }]);

    const { monitor, sent } = monitorWith();
    const result = await monitor.evaluate();

    expect(result.resolved).toHaveLength(1);
    expect(sent).toEqual([]);
  });

  it("routes project alerts to the project's owner, else the platform group", async () => {
    await lakehouse.upsert(ppmProjectHealth, [
      { project_id: 'p1', health: 'red', reasons: '["Over budget"]' },
      { project_id: 'p2', health: 'red', reasons: null },
    ]);
    const { monitor, sent } = monitorWith({
      projects: directory({ p1: ledger }),
    });

    await monitor.evaluate();

    expect(
      sent.map(n => [n.payload.topic, n.recipients, n.payload.link]),
    ).toEqual([
      [
        'project-red:p1',
        { type: 'entity', entityRef: 'group:default/ledger-team' },
        '/catalog/default/component/ledger/finance',
      ],
      [
        'project-red:p2',
        { type: 'entity', entityRef: 'group:default/platform' },
        '/control-room/projects',
      ],
    ]);
  });

  it('holds new project alerts back while the catalog does not answer', async () => {
    await lakehouse.upsert(ppmProjectHealth, [
      { project_id: 'p1', health: 'red', reasons: null },
    ]);
    await lakehouse.upsert(jobRuns, [{ ...run({}) }]);
    const catalogDown = monitorWith({
      projects: async () => {
        throw new Error('catalog unavailable');
      },
    });
    const first = await catalogDown.monitor.evaluate();
    expect(catalogDown.sent.map(n => n.payload.topic)).toEqual([
      'job-failed:ppm_marts_gold',
    ]);
    expect(first.opened.map(a => a.key)).toContain('project-red:p1');
    expect(catalogDown.logger.warn).toHaveBeenCalled();

    const catalogBack = monitorWith({ projects: directory({ p1: ledger }) });
    await catalogBack.monitor.evaluate();
    expect(catalogBack.sent.map(n => n.recipients)).toEqual([
      { type: 'entity', entityRef: 'group:default/ledger-team' },
    ]);
  });

  it('notifies a new Advisor finding once and its disappearance not at all', async () => {
    const rec = {
      recommendation_id: 'rec-1',
      project_id: 'p1',
      impact: 'High',
      category: 'Cost',
      solution: 'Right-size vm-1',
      has_action: false,
    };
    await lakehouse.upsert(azureAdvisorRecs, [rec]);
    const { monitor, sent } = monitorWith({
      projects: directory({ p1: ledger }),
    });
    await monitor.evaluate();
    await monitor.evaluate();
    await lakehouse.upsert(azureAdvisorRecs, [{ ...rec, has_action: true }]);
    const result = await monitor.evaluate();

    expect(sent.map(n => [n.payload.topic, n.payload.severity])).toEqual([
      ['advisor:rec-1', 'normal'],
    ]);
    expect(result.resolved.map(a => a.key)).toEqual(['advisor:rec-1']);
  });

  it('evaluates one at a time, so concurrent runs notify once', async () => {
    await lakehouse.upsert(jobRuns, [{ ...run({}) }]);
    const { monitor, sent } = monitorWith();

    await Promise.all([monitor.evaluate(), monitor.evaluate()]);

    expect(sent).toHaveLength(1);
  });

  it('after a run, evaluates, marks the API data changed and never throws', async () => {
    await knex.schema.dropTable(ALERT_STATE_TABLE);
    const { monitor, logger, dataChanges } = monitorWith();
    const signals = { publish: jest.fn().mockRejectedValue(new Error('x')) };
    const withSignals = createAlertMonitor({
      lakehouse,
      state: createAlertStateStore({ knex }),
      notifications: { send: jest.fn() },
      signals,
      projects: directory({}),
      settings: defaults,
      logger,
    });

    await expect(monitor.onRunFinished(run({}))).resolves.toBeUndefined();
    await expect(withSignals.onRunFinished(run({}))).resolves.toBeUndefined();

    expect(logger.error).toHaveBeenCalledTimes(2);
    expect(dataChanges.notify).toHaveBeenCalledTimes(1);
    expect(signals.publish).toHaveBeenCalledWith({
      recipients: { type: 'broadcast' },
      channel: 'control-room:job-runs',
      message: {
        job_id: 'ppm_marts_gold',
        run_id: 'r1',
        status: 'FAILED',
        ended_at: '2026-03-01T10:01:00.000Z',
      },
    });
    expect(logger.warn).toHaveBeenCalled();
  });
});

describe('recipientFor and withProjectLinks', () => {
  const alert: Alert = {
    key: 'project-red:p1',
    kind: 'projectHealth',
    subjectId: 'p1',
    projectId: 'p1',
    title: 't',
    severity: 'high',
    link: '/control-room/projects',
    since: '2026-03-01T10:00:00.000Z',
  };
  const projects = new Map([['p1', ledger]]);

  it('prefers the configured route over the owner', () => {
    const routed = {
      ...defaults,
      kinds: {
        ...defaults.kinds,
        projectHealth: { enabled: true, recipient: 'user:default/cfo' },
      },
    };
    expect(recipientFor(alert, routed, projects)).toBe('user:default/cfo');
    expect(recipientFor(alert, defaults, projects)).toBe(
      'group:default/ledger-team',
    );
    expect(recipientFor(alert, defaults, new Map())).toBe(
      'group:default/platform',
    );
  });

  it('links to the Finance tab of a project found in the catalog', () => {
    expect(withProjectLinks([alert], projects)[0].link).toBe(
      ledger.financePath,
    );
    expect(withProjectLinks([alert], new Map())[0].link).toBe(alert.link);
  });

  it('announces a run by job, run, status and end', () => {
    expect(jobRunSignal(run({ status: 'SUCCESS' }))).toEqual({
      job_id: 'ppm_marts_gold',
      run_id: 'r1',
      status: 'SUCCESS',
      ended_at: '2026-03-01T10:01:00.000Z',
    });
  });
});
