import { mockServices } from '@backstage/backend-test-utils';
import { CONTROL_ROOM_JOB_RUNS_CHANNEL } from '@finance-ppm/plugin-control-room-common';
import { DuckDbLakehouse } from '@finance-ppm/plugin-control-room-node';
import { openBuiltPortfolio } from '../finance/__testUtils__/testPortfolio';
import { SqlModel } from '../lakehouse/models';
import { createDataChanges } from '../service/dataChanges';
import {
  GOLD_REFRESH_TASK,
  projectsOfPagesIngestedSince,
  createGoldRefresh,
} from './goldRefresh';
import { portfolioPipelineWork } from './__testUtils__/portfolioPipelineWork';

async function projectBudget(lakehouse: DuckDbLakehouse, project: string) {
  const [row] = await lakehouse.query<{ total: string | null }>(
    `SELECT CAST(sum(value) AS VARCHAR) AS total FROM gold.ppm_budget_vs_actual
     WHERE dimension = 'project' AND dimension_value = :project AND metric_name = 'budget'`,
    { project },
  );
  return row.total;
}

jest.setTimeout(60_000);

describe('gold refresh after a silver change', () => {
  let lakehouse: DuckDbLakehouse;
  let models: SqlModel[];

  beforeEach(async () => {
    ({ lakehouse, models } = await openBuiltPortfolio());
  });

  afterEach(async () => {
    await lakehouse.close();
  });

  it('asks for one refresh after the quiet time, recomputes the requested projects, then tells open tabs', async () => {
    const trigger = jest.fn().mockResolvedValue(undefined);
    const signals = { publish: jest.fn().mockResolvedValue(undefined) };
    const dataChanges = createDataChanges();
    const changed = jest.fn();
    dataChanges.subscribe(changed);
    const refresh = createGoldRefresh({
      lakehouse,
      models,
      logger: mockServices.logger.mock(),
      trigger,
      signals,
      dataChanges,
      // Long enough that a loaded machine still records both changes inside it.
      debounceMs: 300,
    });
    const before = await projectBudget(lakehouse, 'PA');

    await lakehouse.execute(
      "UPDATE silver.notion_budget_lines SET amount = amount + 1000 WHERE budget_line_id = 'A1'",
    );
    // Two changes inside the quiet time start one run.
    await refresh.request(['PA']);
    await refresh.request(['PA', 'PB']);
    expect(trigger).not.toHaveBeenCalled();
    await new Promise(resolve => setTimeout(resolve, 1_000));
    expect(trigger).toHaveBeenCalledTimes(1);
    // The task that was asked runs the refresh.
    expect((await refresh.runPending()).sort()).toEqual(['PA', 'PB']);

    expect(Number(await projectBudget(lakehouse, 'PA'))).toBe(
      Number(before) + 1000,
    );
    expect(
      await lakehouse.query('SELECT * FROM bronze.gold_refresh_requests'),
    ).toEqual([]);
    expect(changed).toHaveBeenCalledTimes(1);
    expect(signals.publish).toHaveBeenCalledWith(
      expect.objectContaining({
        channel: CONTROL_ROOM_JOB_RUNS_CHANNEL,
        recipients: { type: 'broadcast' },
        message: expect.objectContaining({
          job_id: GOLD_REFRESH_TASK,
          status: 'SUCCESS',
        }),
      }),
    );
    // Nothing requested: the task writes nothing and announces nothing.
    expect(await refresh.runPending()).toEqual([]);
    expect(signals.publish).toHaveBeenCalledTimes(1);
  });

  it('names the projects a silver rebuild changed, before and after it, so a moved line refreshes both', async () => {
    const since = new Date(Date.now() - 60_000);
    await lakehouse.execute(
      `INSERT INTO bronze.job_runs (run_id, job_id, job_name, status, started_at, ended_at)
       VALUES ('r1', 'notion_transform_silver', 'silver', 'SUCCESS', :since, :since)`,
      { since },
    );
    await lakehouse.execute(
      `INSERT INTO bronze.notion_raw_pages
         (page_id, database_id, database_name, last_edited_time, _ingestion_timestamp)
       VALUES ('A1', 'db', 'budget_lines', current_timestamp, current_timestamp),
              ('B1', 'db', 'budget_lines', TIMESTAMP '2001-01-01', TIMESTAMP '2001-01-01')`,
    );
    expect(await projectsOfPagesIngestedSince(lakehouse, since)).toEqual([
      'PA',
    ]);

    const onSilverChanged = jest.fn().mockResolvedValue(undefined);
    // The rebuild moves line A1 from project PA to PD.
    const work = portfolioPipelineWork(
      { lakehouse, models },
      async () => {
        await lakehouse.execute(
          "UPDATE silver.notion_budget_lines SET project_id = 'PD' WHERE budget_line_id = 'A1'",
        );
        return 1;
      },
      { onSilverChanged },
    );
    await work.notion_transform_silver();
    expect(onSilverChanged).toHaveBeenCalledTimes(1);
    expect([...onSilverChanged.mock.calls[0][0]].sort()).toEqual(['PA', 'PD']);
  });
});
