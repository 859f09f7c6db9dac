import {
  DuckDbLakehouse,
  jobRuns,
  Lakehouse,
} from '@finance-ppm/plugin-control-room-node';
import { migrateLakehouse } from '../lakehouse/migrations';
import { pipelineJobs } from './jobs';
import {
  describeJobError,
  failAbandonedRuns,
  pruneJobRuns,
  runRecordedJob,
} from './jobRuns';

const gold = pipelineJobs.find(j => j.id === 'ppm_marts_gold')!;

function clock(...isoTimes: string[]) {
  const times = isoTimes.map(t => new Date(t));
  return () => times.shift() ?? new Date(isoTimes[isoTimes.length - 1]);
}

describe('runRecordedJob', () => {
  let lakehouse: Lakehouse;
  beforeEach(async () => {
    lakehouse = await DuckDbLakehouse.open({ path: ':memory:' });
    await migrateLakehouse(lakehouse, [jobRuns]);
  });
  afterEach(() => lakehouse.close());

  const storedRuns = () =>
    lakehouse.query(
      'SELECT job_id, status, trigger, started_at, ended_at, duration_seconds, rows_written, error_message FROM bronze.job_runs',
    );

  it('records a successful run with its rows and duration', async () => {
    const run = await runRecordedJob(
      lakehouse,
      gold,
      'manual',
      async () => ({ rowsWritten: 42 }),
      { now: clock('2026-03-01T10:00:00.000Z', '2026-03-01T10:01:05.000Z') },
    );

    expect(run.status).toBe('SUCCESS');
    expect(await storedRuns()).toEqual([
      {
        job_id: 'ppm_marts_gold',
        status: 'SUCCESS',
        trigger: 'manual',
        started_at: '2026-03-01T10:00:00.000Z',
        ended_at: '2026-03-01T10:01:05.000Z',
        duration_seconds: 65,
        rows_written: 42n,
        error_message: null,
      },
    ]);
  });

  it('shows the run as RUNNING while the work is in progress', async () => {
    let seenWhileRunning: unknown[] = [];
    await runRecordedJob(lakehouse, gold, 'schedule', async () => {
      seenWhileRunning = await lakehouse.query(
        'SELECT status FROM bronze.job_runs',
      );
      return { rowsWritten: 0 };
    });

    expect(seenWhileRunning).toEqual([{ status: 'RUNNING' }]);
  });

  it('records a failure with a redacted error and rethrows it', async () => {
    const finished: string[] = [];
    await expect(
      runRecordedJob(
        lakehouse,
        gold,
        'schedule',
        async () => {
          throw new Error('warehouse said 401 for token=dapi0123456789abcdef');
        },
        { onFinished: async run => void finished.push(run.status) },
      ),
    ).rejects.toThrow('401');
    expect(finished).toEqual(['FAILED']);

    const [row] = await storedRuns();
    expect(row.status).toBe('FAILED');
    expect(row.error_message).toBe('warehouse said 401 for token=***');
    expect(row.rows_written).toBeNull();
  });
});

describe('describeJobError', () => {
  it.each([
    ['Authorization: Bearer abc.def-ghi', 'Authorization: Bearer ***'],
    ['client_secret: s3cr3t, next', 'client_secret: ***, next'],
    ['bad key ntn_abcdefghijklmnop here', 'bad key *** here'],
    ['password=hunter2&x=1', 'password=***&x=1'],
  ])('hides secrets in %p', (message, expected) => {
    expect(describeJobError(new Error(message))).toBe(expected);
  });

  it('accepts non-errors and caps the length', () => {
    expect(describeJobError('plain')).toBe('plain');
    expect(describeJobError(new Error('x'.repeat(5000)))).toHaveLength(2000);
  });
});

describe('job_runs housekeeping', () => {
  let lakehouse: Lakehouse;
  beforeEach(async () => {
    lakehouse = await DuckDbLakehouse.open({ path: ':memory:' });
    await migrateLakehouse(lakehouse, [jobRuns]);
  });
  afterEach(() => lakehouse.close());

  const run = (
    run_id: string,
    status: string,
    trigger: string,
    started_at: string,
  ) => ({
    run_id,
    job_id: gold.id,
    job_name: gold.name,
    status,
    trigger,
    started_at,
    ended_at: status === 'RUNNING' ? null : started_at,
    duration_seconds: null,
    rows_written: null,
    error_message: null,
  });
  const rows = async () =>
    (
      await lakehouse.query<{
        run_id: string;
        status: string;
        error_message: string | null;
      }>(
        'SELECT run_id, status, error_message FROM bronze.job_runs ORDER BY run_id',
      )
    ).map(r => [r.run_id, r.status, r.error_message]);

  it('fails a run left RUNNING past its task timeout, with a reason', async () => {
    await lakehouse.upsert(jobRuns, [
      run('a-abandoned', 'RUNNING', 'schedule', '2026-03-01T10:00:00Z'),
      run('b-recent', 'RUNNING', 'manual', '2026-03-01T10:20:00Z'),
      run('c-bundle', 'RUNNING', 'databricks', '2026-03-01T09:00:00Z'),
    ]);
    const ended = await failAbandonedRuns(lakehouse, {
      timeoutMs: 30 * 60_000,
      now: new Date('2026-03-01T10:31:00Z'),
    });
    expect(ended).toBe(1);
    expect(await rows()).toEqual([
      [
        'a-abandoned',
        'FAILED',
        'No end recorded within the task timeout (30 min): the backend running it stopped',
      ],
      ['b-recent', 'RUNNING', null],
      ['c-bundle', 'RUNNING', null],
    ]);
  });

  it('keeps finished runs for the retention period only', async () => {
    await lakehouse.upsert(jobRuns, [
      run('a-old', 'SUCCESS', 'schedule', '2026-01-01T10:00:00Z'),
      run('b-kept', 'FAILED', 'schedule', '2026-02-15T10:00:00Z'),
      run('c-old-running', 'RUNNING', 'databricks', '2026-01-01T10:00:00Z'),
    ]);
    await pruneJobRuns(lakehouse, {
      retentionDays: 30,
      now: new Date('2026-03-01T10:00:00Z'),
    });
    expect((await rows()).map(r => r[0])).toEqual(['b-kept', 'c-old-running']);
  });
});
