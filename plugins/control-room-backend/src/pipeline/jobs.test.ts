import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { pipelineJobs, quartzToCron, scheduledPipelineJobs } from './jobs';

const bundleDir = path.resolve(__dirname, '../../../../databricks');

function bundleJobs(): Record<string, any> {
  const dir = path.join(bundleDir, 'resources');
  return Object.assign(
    {},
    ...fs
      .readdirSync(dir)
      .filter(file => file.endsWith('.yml'))
      .map(
        file =>
          parse(fs.readFileSync(path.join(dir, file), 'utf8')).resources.jobs,
      ),
  );
}

describe('scheduledPipelineJobs', () => {
  it("puts the configured cron in place of the plan's, and keeps the others", () => {
    const jobs = scheduledPipelineJobs({ ppm_marts_gold: '*/20 * * * * *' });
    expect(jobs.find(job => job.id === 'ppm_marts_gold')?.cron).toBe(
      '*/20 * * * * *',
    );
    expect(jobs.filter(job => job.id !== 'ppm_marts_gold')).toEqual(
      pipelineJobs.filter(job => job.id !== 'ppm_marts_gold'),
    );
    expect(scheduledPipelineJobs()).toEqual(pipelineJobs);
  });
});

describe('quartzToCron', () => {
  it.each([
    ['0 */5 * * * ?', '*/5 * * * *'],
    ['0 0 * * * ?', '0 * * * *'],
    ['0 0 6 * * ?', '0 6 * * *'],
    ['0 30 6 ? * MON', '30 6 * * MON'],
  ])('turns %s into %s', (quartz, cron) => {
    expect(quartzToCron(quartz)).toBe(cron);
  });

  it('rejects what it cannot express', () => {
    expect(() => quartzToCron('*/5 * * * *')).toThrow(
      "Not a Quartz cron expression: '*/5 * * * *'",
    );
    expect(() => quartzToCron('30 0 6 * * ?')).toThrow(/seconds other than 0/);
  });
});

describe('pipelineJobs', () => {
  it('are the plan six jobs with its schedules, and the cost pull after Advisor', () => {
    expect(pipelineJobs.map(j => [j.id, j.cron])).toEqual([
      ['notion_sync_bronze', '*/5 * * * *'],
      ['notion_transform_silver', '*/10 * * * *'],
      ['ppm_marts_gold', '0 * * * *'],
      ['azure_rg_ingest_bronze', '0 6 * * *'],
      ['azure_advisor_transform', '30 6 * * *'],
      ['azure_cost_ingest', '0 7 * * *'],
      ['control_room_status_refresh', '*/15 * * * *'],
    ]);
  });

  it('match the Databricks bundle for every SQL job: name, schedule and models', () => {
    const bundle = bundleJobs();
    const sqlJobs = pipelineJobs.filter(j => j.kind === 'sql');
    expect(Object.keys(bundle).sort()).toEqual(sqlJobs.map(j => j.id).sort());
    for (const job of sqlJobs) {
      const definition = bundle[job.id];
      expect(definition.name).toBe(job.name);
      expect(quartzToCron(definition.schedule.quartz_cron_expression)).toBe(
        job.cron,
      );
      expect(definition.schedule.timezone_id).toBe('UTC');
      const models = definition.tasks
        .map((task: any) => path.basename(task.sql_task.file.path, '.sql'))
        .map((table: string) => `gold.${table}`)
        .sort();
      expect(models).toEqual([...(job.models ?? [])].sort());
    }
  });
});
