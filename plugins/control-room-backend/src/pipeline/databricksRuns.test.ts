import {
  DatabricksJobRun,
  DuckDbLakehouse,
  jobRuns,
  Lakehouse,
} from '@finance-ppm/plugin-control-room-node';
import { migrateLakehouse } from '../lakehouse/migrations';
import { copyDatabricksRuns } from './databricksRuns';
import { pipelineJobs } from './jobs';

const sqlJobs = pipelineJobs.filter(j => j.kind === 'sql');

const runs: DatabricksJobRun[] = [
  {
    jobKey: 'ppm_marts_gold',
    runId: 101,
    status: 'SUCCESS',
    startedAt: '2026-03-01T10:00:00.000Z',
    endedAt: '2026-03-01T10:02:00.000Z',
    durationSeconds: 120,
    error: null,
  },
  {
    jobKey: 'control_room_status_refresh',
    runId: 102,
    status: 'FAILED',
    startedAt: '2026-03-01T10:15:00.000Z',
    endedAt: '2026-03-01T10:15:09.000Z',
    durationSeconds: 9,
    error: 'Table not found; Authorization: Bearer abc123',
  },
];

describe('copyDatabricksRuns', () => {
  let lakehouse: Lakehouse;
  beforeEach(async () => {
    lakehouse = await DuckDbLakehouse.open({ path: ':memory:' });
    await migrateLakehouse(lakehouse, [jobRuns]);
  });
  afterEach(() => lakehouse.close());

  it('asks for the bundle jobs by key and stores each run once', async () => {
    const source = { listJobRuns: jest.fn(async () => runs) };
    const since = new Date('2026-03-01T00:00:00Z');

    await copyDatabricksRuns(source, lakehouse, sqlJobs, since);
    const again = await copyDatabricksRuns(source, lakehouse, sqlJobs, since);

    expect(source.listJobRuns).toHaveBeenCalledWith(
      ['ppm_marts_gold', 'control_room_status_refresh'],
      { since },
    );
    expect(again.rowsWritten).toBe(2);
    expect(
      await lakehouse.query(
        'SELECT run_id, job_id, status, trigger, duration_seconds, error_message FROM bronze.job_runs ORDER BY run_id',
      ),
    ).toEqual([
      {
        run_id: 'databricks-101',
        job_id: 'ppm_marts_gold',
        status: 'SUCCESS',
        trigger: 'databricks',
        duration_seconds: 120,
        error_message: null,
      },
      {
        run_id: 'databricks-102',
        job_id: 'control_room_status_refresh',
        status: 'FAILED',
        trigger: 'databricks',
        duration_seconds: 9,
        error_message: 'Table not found; Authorization: Bearer ***',
      },
    ]);
  });

  it('writes nothing when there are no runs', async () => {
    const source = { listJobRuns: async () => [] };
    await expect(
      copyDatabricksRuns(source, lakehouse, sqlJobs, new Date()),
    ).resolves.toEqual({ rowsWritten: 0 });
  });
});
