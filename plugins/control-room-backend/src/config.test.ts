import { ConfigReader } from '@backstage/config';
import { readControlRoomConfig } from './config';

const withPipeline = (pipeline: object) =>
  new ConfigReader({ controlRoom: { pipeline } });

describe('readControlRoomConfig pipeline settings', () => {
  it("keeps the plan's schedules and a 30 minute task timeout by default", () => {
    const settings = readControlRoomConfig(new ConfigReader({}));
    expect(settings.schedules).toEqual({});
    expect(settings.taskTimeoutMs).toBe(30 * 60_000);
  });

  it('reads a schedule per job, with seconds, and the task timeout', () => {
    const settings = readControlRoomConfig(
      withPipeline({
        schedules: { notion_sync_bronze: '*/20 * * * * *' },
        taskTimeoutSeconds: 15,
      }),
    );
    expect(settings.schedules).toEqual({
      notion_sync_bronze: '*/20 * * * * *',
    });
    expect(settings.taskTimeoutMs).toBe(15_000);
  });

  it('names an unknown job, a bad cron and a bad timeout', () => {
    expect(() =>
      readControlRoomConfig(
        withPipeline({ schedules: { nightly: '0 1 * * *' } }),
      ),
    ).toThrow(
      'controlRoom.pipeline.schedules.nightly: no such job; the jobs are notion_sync_bronze',
    );
    expect(() =>
      readControlRoomConfig(
        withPipeline({ schedules: { ppm_marts_gold: 'every hour' } }),
      ),
    ).toThrow(
      "controlRoom.pipeline.schedules.ppm_marts_gold is not a cron expression: 'every hour'",
    );
    expect(() =>
      readControlRoomConfig(withPipeline({ taskTimeoutSeconds: 0.5 })),
    ).toThrow(
      'controlRoom.pipeline.taskTimeoutSeconds must be a whole number of seconds, 1 or more; got 0.5',
    );
  });
});
