import fs from 'node:fs';
import path from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { pipelineJobs } from '../pipeline/jobs';
import { loadModels } from './modelRunner';

const repoRoot = path.resolve(__dirname, '../../../..');
const bundleDir = path.join(repoRoot, 'databricks');
// The Databricks CLI's published bundle schema, kept unchanged beside the repo.
const schemaPath = path.resolve(
  repoRoot,
  '../shared/fixtures/databricks/bundle-jsonschema.json',
);

interface BundleTask {
  task_key: string;
  depends_on?: { task_key: string }[];
  sql_task?: {
    warehouse_id: string;
    file?: { path: string };
    parameters?: Record<string, string>;
  };
}

interface BundleJob {
  name: string;
  tags?: Record<string, string>;
  schedule: { quartz_cron_expression: string; timezone_id: string };
  tasks: BundleTask[];
}

interface BundleFile {
  file: string;
  config: any;
}

function readYaml(file: string): any {
  return parse(fs.readFileSync(file, 'utf8'));
}

/** The files an `include` entry names; only `*` in the file name is used here. */
function expandInclude(pattern: string): string[] {
  const dir = path.join(bundleDir, path.dirname(pattern));
  const escaped = path
    .basename(pattern)
    .replace(/[.+?^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '[^/]*');
  const matcher = new RegExp(`^${escaped}$`);
  return fs
    .readdirSync(dir)
    .filter(name => matcher.test(name))
    .sort()
    .map(name => path.join(dir, name));
}

const root: BundleFile = {
  file: path.join(bundleDir, 'databricks.yml'),
  config: readYaml(path.join(bundleDir, 'databricks.yml')),
};
const included: BundleFile[] = (root.config.include as string[])
  .flatMap(expandInclude)
  .map(file => ({ file, config: readYaml(file) }));

/** Every job of the bundle with the file that declares it. */
const jobs: { key: string; job: BundleJob; file: string }[] = included.flatMap(
  ({ file, config }) =>
    Object.entries<BundleJob>(config.resources?.jobs ?? {}).map(
      ([key, job]) => ({ key, job, file }),
    ),
);

describe('Databricks bundle', () => {
  let validate: ValidateFunction;

  beforeAll(() => {
    const { $schema: _ignored, ...schema } = JSON.parse(
      fs.readFileSync(schemaPath, 'utf8'),
    );
    validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
  });

  it.each([root, ...included].map(f => [path.relative(repoRoot, f.file), f]))(
    '%s matches the bundle JSON Schema',
    (_name, { config }) => {
      const valid = validate(config);
      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
    },
  );

  it('includes at least one resource file', () => {
    expect(included.length).toBeGreaterThan(0);
  });

  it('rejects a misspelt key', () => {
    const { file, config } = included.find(f => f.config.resources?.jobs)!;
    const broken = structuredClone(config);
    const job = Object.values<any>(broken.resources.jobs)[0];
    job.schedule = {
      quartz_cron_expresion: job.schedule.quartz_cron_expression,
      timezone_id: 'UTC',
    };
    expect(validate(broken)).toBe(false);
    expect(validate.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          keyword: 'additionalProperties',
          params: { additionalProperty: 'quartz_cron_expresion' },
        }),
      ]),
    );
    // The file itself is untouched and still valid.
    expect(validate(readYaml(file))).toBe(true);
  });

  it('declares the two SQL jobs of the plan with their names and UTC schedules', () => {
    const schedules = Object.fromEntries(
      jobs.map(({ key, job }) => [
        key,
        {
          name: job.name,
          cron: job.schedule.quartz_cron_expression,
          timezone: job.schedule.timezone_id,
        },
      ]),
    );
    // The other four plan jobs are API pulls that the backend always runs.
    expect(schedules).toEqual({
      ppm_marts_gold: {
        name: '[PPM] Compute Gold Marts',
        cron: '0 0 * * * ?',
        timezone: 'UTC',
      },
      control_room_status_refresh: {
        name: '[PPM] Control Room Status',
        cron: '0 */15 * * * ?',
        timezone: 'UTC',
      },
    });
  });

  it('tags each job with its key and catalog, which the backend matches runs on', () => {
    for (const { key, job } of jobs) {
      expect(job.tags).toEqual({
        app: 'notion-finance-ppm',
        catalog: '${var.catalog}',
        control_room_job: key,
      });
      expect(pipelineJobs.some(plan => plan.id === key)).toBe(true);
    }
  });

  it('runs the gold marts as six tasks, the forecast and project totals after budget_vs_actual', () => {
    const { job } = jobs.find(j => j.key === 'ppm_marts_gold')!;
    expect(job.tasks.map(t => t.task_key).sort()).toEqual([
      'advisor_recs',
      'budget_line_totals',
      'budget_vs_actual',
      'forecast',
      'project_health',
      'project_totals',
    ]);
    for (const key of ['forecast', 'project_totals']) {
      const task = job.tasks.find(t => t.task_key === key)!;
      expect(task.depends_on).toEqual([{ task_key: 'budget_vs_actual' }]);
    }
  });

  it('makes every task wait for the tasks building the tables its model reads', async () => {
    const models = await loadModels(path.join(bundleDir, 'sql'));
    for (const { job, file } of jobs) {
      const modelOf = (task: BundleTask) =>
        models.find(
          model =>
            path.resolve(path.dirname(file), task.sql_task!.file!.path) ===
            path.join(bundleDir, 'sql', model.relativePath),
        )!;
      const upstream = (task: BundleTask): string[] =>
        (task.depends_on ?? []).flatMap(({ task_key }) => {
          const before = job.tasks.find(t => t.task_key === task_key)!;
          return [modelOf(before).name, ...upstream(before)];
        });
      const built = job.tasks.map(task => modelOf(task).name);
      for (const task of job.tasks) {
        const reads = modelOf(task).dependsOn.filter(name =>
          built.includes(name),
        );
        expect({ task: task.task_key, waitsFor: upstream(task) }).toEqual({
          task: task.task_key,
          waitsFor: expect.arrayContaining(reads),
        });
      }
    }
  });

  it('points every task at an existing SQL file on the bundle warehouse', () => {
    const tasks = jobs.flatMap(({ job, file }) =>
      job.tasks.map(task => ({ task, file })),
    );
    expect(tasks.length).toBeGreaterThan(0);
    for (const { task, file } of tasks) {
      expect(task.sql_task?.warehouse_id).toBe('${var.warehouse_id}');
      const sqlPath = task.sql_task?.file?.path;
      expect(sqlPath).toMatch(/^\.\.\/sql\/.+\.sql$/);
      // Bundle paths are relative to the file that declares them.
      const resolved = path.resolve(path.dirname(file), sqlPath!);
      expect(fs.existsSync(resolved)).toBe(true);
    }
  });

  it('takes the workspace host from the environment and declares its variables', () => {
    expect(root.config.bundle.name).toBe('notion-finance-ppm');
    expect(root.config.workspace?.host).toBeUndefined();
    for (const target of Object.values<any>(root.config.targets)) {
      expect(target.workspace?.host).toBeUndefined();
    }
    expect(root.config.variables.warehouse_id.description).toBeTruthy();
    expect(root.config.variables.catalog).toEqual(
      expect.objectContaining({ default: 'finance_ppm' }),
    );
    expect(root.config.targets.dev).toEqual(
      expect.objectContaining({ mode: 'development', default: true }),
    );
    expect(root.config.targets.prod.mode).toBe('production');
  });
});
