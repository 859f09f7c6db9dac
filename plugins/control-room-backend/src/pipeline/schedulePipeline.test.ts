import { mockServices } from '@backstage/backend-test-utils';
import { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import {
  DuckDbLakehouse,
  Lakehouse,
  lakehouseTables,
} from '@finance-ppm/plugin-control-room-node';
import { migrateLakehouse } from '../lakehouse/migrations';
import { findModelsDirectory, loadModels } from '../lakehouse/modelRunner';
import { jobsRunByBackstage, schedulePipeline } from './schedulePipeline';
import { runSqlJob } from './sqlJobs';

type ScheduledTask = SchedulerServiceTaskScheduleDefinition & {
  id: string;
  fn: () => Promise<void>;
};

function recordingScheduler() {
  const tasks: ScheduledTask[] = [];
  const scheduler = mockServices.scheduler.mock({
    scheduleTask: async task => {
      tasks.push(task as ScheduledTask);
    },
  });
  return { scheduler, tasks };
}

describe('jobsRunByBackstage', () => {
  it('runs the SQL jobs itself only with the backstage orchestrator', () => {
    expect(jobsRunByBackstage('backstage', []).map(j => j.id)).toEqual([
      'ppm_marts_gold',
      'control_room_status_refresh',
    ]);
    expect(jobsRunByBackstage('databricks', []).map(j => j.id)).toEqual([]);
  });

  it('always runs the pulls it has work for', () => {
    expect(
      jobsRunByBackstage('databricks', ['notion_sync_bronze']).map(j => j.id),
    ).toEqual(['notion_sync_bronze']);
  });
});

describe('schedulePipeline', () => {
  let lakehouse: Lakehouse;
  beforeEach(async () => {
    lakehouse = await DuckDbLakehouse.open({ path: ':memory:' });
    await migrateLakehouse(lakehouse, lakehouseTables);
  });
  afterEach(() => lakehouse.close());

  it('schedules the gold jobs on their cron and records each run', async () => {
    const { scheduler, tasks } = recordingScheduler();
    const models = await loadModels(findModelsDirectory(__dirname));

    await schedulePipeline({
      scheduler,
      lakehouse,
      logger: mockServices.logger.mock(),
      orchestrator: 'backstage',
      models,
    });

    expect(tasks.map(t => [t.id, t.frequency])).toEqual([
      ['ppm_marts_gold', { cron: '0 * * * *' }],
      ['control_room_status_refresh', { cron: '*/15 * * * *' }],
    ]);

    await tasks[0].fn();
    await tasks[1].fn();
    const runs = await lakehouse.query(
      'SELECT job_id, status FROM bronze.job_runs ORDER BY started_at',
    );
    const status = await lakehouse.query(
      'SELECT job_id, last_run_status FROM gold.control_room_status',
    );
    expect(runs).toEqual([
      { job_id: 'ppm_marts_gold', status: 'SUCCESS' },
      { job_id: 'control_room_status_refresh', status: 'SUCCESS' },
    ]);
    expect(status).toEqual(
      expect.arrayContaining([
        { job_id: 'ppm_marts_gold', last_run_status: 'SUCCESS' },
      ]),
    );
  });

  it('with the databricks orchestrator schedules only the run copier', async () => {
    const { scheduler, tasks } = recordingScheduler();
    const sync = jest.fn(async () => ({ rowsWritten: 3 }));

    await schedulePipeline({
      scheduler,
      lakehouse,
      logger: mockServices.logger.mock(),
      orchestrator: 'databricks',
      models: [],
      syncDatabricksRuns: sync,
    });
    await tasks[0].fn();

    expect(tasks.map(t => t.id)).toEqual(['databricks_job_runs_sync']);
    expect(sync).toHaveBeenCalledTimes(1);
  });
});

describe('runSqlJob', () => {
  it('names models that have no SQL file', async () => {
    const lakehouse = await DuckDbLakehouse.open({ path: ':memory:' });
    await expect(
      runSqlJob(lakehouse, [], ['gold.ppm_forecast']),
    ).rejects.toThrow('No SQL model file for gold.ppm_forecast');
    await lakehouse.close();
  });
});
