/**
 * The plan's six jobs, and the Cost Management pull (issue 20). `cron` is the plan's Quartz schedule in 5-field form
 * (Backstage's scheduler takes 5 fields); both are UTC.
 */
export interface PipelineJob {
  id: string;
  name: string;
  cron: string;
  /**
   * `pull` jobs call Notion or Azure and always run in the backend;
   * `sql` jobs run SQL models and may run as Databricks bundle jobs instead.
   */
  kind: 'pull' | 'sql';
  /** SQL models (`schema.table`) a `sql` job rebuilds, in any order. */
  models?: string[];
}

export const pipelineJobs: PipelineJob[] = [
  {
    id: 'notion_sync_bronze',
    name: '[PPM] Notion Sync Bronze',
    cron: '*/5 * * * *',
    kind: 'pull',
  },
  {
    id: 'notion_transform_silver',
    name: '[PPM] Transform Silver',
    cron: '*/10 * * * *',
    kind: 'pull',
  },
  {
    id: 'ppm_marts_gold',
    name: '[PPM] Compute Gold Marts',
    cron: '0 * * * *',
    kind: 'sql',
    models: [
      'gold.ppm_budget_line_totals',
      'gold.ppm_budget_vs_actual',
      'gold.ppm_project_totals',
      'gold.ppm_forecast',
      'gold.ppm_project_health',
      'gold.azure_advisor_recs',
    ],
  },
  {
    id: 'azure_rg_ingest_bronze',
    name: '[PPM] Azure Resource Graph Ingest',
    cron: '0 6 * * *',
    kind: 'pull',
  },
  {
    id: 'azure_advisor_transform',
    name: '[PPM] Azure Advisor Transform',
    cron: '30 6 * * *',
    kind: 'pull',
  },
  {
    id: 'azure_cost_ingest',
    name: '[PPM] Azure Cost Ingest',
    cron: '0 7 * * *',
    kind: 'pull',
  },
  {
    id: 'control_room_status_refresh',
    name: '[PPM] Control Room Status',
    cron: '*/15 * * * *',
    kind: 'sql',
    models: ['gold.control_room_status'],
  },
];

/** Converts a 6-field Quartz expression (seconds first, `?` allowed) to 5-field cron. */
/**
 * The plan's jobs with the cron config sets (`controlRoom.pipeline.schedules`)
 * in place of the plan's, so the scheduler, bronze.job_schedules, the missed
 * run alerts and the API all see one schedule per job.
 */
export function scheduledPipelineJobs(
  schedules: Record<string, string> = {},
): PipelineJob[] {
  return pipelineJobs.map(job =>
    schedules[job.id] ? { ...job, cron: schedules[job.id] } : job,
  );
}

export function quartzToCron(quartz: string): string {
  const fields = quartz.trim().split(/\s+/);
  if (fields.length !== 6 && fields.length !== 7) {
    throw new Error(`Not a Quartz cron expression: '${quartz}'`);
  }
  if (fields[0] !== '0') {
    throw new Error(
      `Quartz seconds other than 0 are not supported: '${quartz}'`,
    );
  }
  const [, minute, hour, dayOfMonth, month, dayOfWeek] = fields;
  return [
    minute,
    hour,
    dayOfMonth === '?' ? '*' : dayOfMonth,
    month,
    dayOfWeek === '?' ? '*' : dayOfWeek,
  ].join(' ');
}
