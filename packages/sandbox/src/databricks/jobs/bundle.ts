import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/** One SQL file task of a bundle job. */
export interface BundleTask {
  taskKey: string;
  dependsOn: string[];
  /** Absolute path of the task's SQL file. */
  sqlFile: string;
}

/** A bundle job as a target deploys it. */
export interface BundleJob {
  /** The resource key, e.g. `ppm_marts_gold`. */
  key: string;
  /** The deployed name: the dev target prefixes `[dev <user>] `. */
  name: string;
  tags: Record<string, string>;
  schedule?: {
    quartzCron: string;
    timezone: string;
    /** Development mode pauses every schedule. */
    paused: boolean;
  };
  maxConcurrentRuns: number;
  tasks: BundleTask[];
}

/** Which bundle, deployed how. */
export interface BundleTarget {
  /** The folder holding `databricks.yml`. */
  directory: string;
  /** A target of the bundle; default its `default: true` target. */
  target?: string;
  /** The deploying user, named in development mode's prefix. */
  user?: string;
  /** Values for the bundle's variables; defaults fill the rest. */
  variables?: Record<string, string>;
}

interface RawTask {
  task_key: string;
  depends_on?: Array<{ task_key: string }>;
  sql_task?: { file?: { path?: string } };
}

interface RawJob {
  name?: string;
  tags?: Record<string, string>;
  schedule?: {
    quartz_cron_expression: string;
    timezone_id?: string;
    pause_status?: string;
  };
  max_concurrent_runs?: number;
  tasks?: RawTask[];
}

function readYaml(file: string): any {
  return parse(fs.readFileSync(file, 'utf8'));
}

/** Files an `include` glob names; only `*` within the file name is supported. */
function includedFiles(directory: string, pattern: string): string[] {
  const dir = path.join(directory, path.dirname(pattern));
  const matcher = new RegExp(
    `^${path
      .basename(pattern)
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')}$`,
  );
  return fs
    .readdirSync(dir)
    .filter(name => matcher.test(name))
    .sort()
    .map(name => path.join(dir, name));
}

function substitute(text: string, values: Record<string, string>): string {
  return text.replace(/\$\{([\w.]+)\}/g, (whole, name: string) =>
    name in values ? values[name] : whole,
  );
}

/** Orders tasks so each follows the tasks it depends on; refuses cycles. */
export function orderTasks(tasks: BundleTask[]): BundleTask[] {
  const ordered: BundleTask[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const byKey = new Map(tasks.map(task => [task.taskKey, task]));
  const visit = (task: BundleTask) => {
    if (state.get(task.taskKey) === 'done') return;
    if (state.get(task.taskKey) === 'visiting') {
      throw new Error(`Task ${task.taskKey} depends on itself`);
    }
    state.set(task.taskKey, 'visiting');
    for (const dependency of task.dependsOn) {
      const upstream = byKey.get(dependency);
      if (!upstream) {
        throw new Error(
          `Task ${task.taskKey} depends on unknown task ${dependency}`,
        );
      }
      visit(upstream);
    }
    state.set(task.taskKey, 'done');
    ordered.push(task);
  };
  tasks.forEach(visit);
  return ordered;
}

/**
 * The jobs a bundle target deploys, read from `databricks.yml` and the
 * resource files it includes: variables resolved, development mode's name
 * prefix and paused schedules applied, tasks in dependency order.
 */
export function readBundleJobs(options: BundleTarget): BundleJob[] {
  const root = readYaml(path.join(options.directory, 'databricks.yml'));
  const targets: Record<string, any> = root.targets ?? {};
  const targetName =
    options.target ??
    Object.entries(targets).find(([, target]) => target?.default)?.[0];
  if (!targetName || !targets[targetName]) {
    throw new Error(
      `The bundle has no target ${
        targetName ?? '(default)'
      }; it has ${Object.keys(targets).join(', ')}`,
    );
  }
  const target = targets[targetName] ?? {};
  const development = target.mode === 'development';
  const variables: Record<string, string> = {};
  for (const [name, variable] of Object.entries<any>(root.variables ?? {})) {
    const value =
      options.variables?.[name] ??
      target.variables?.[name] ??
      variable?.default;
    if (value !== undefined) variables[`var.${name}`] = String(value);
  }
  variables['bundle.name'] = root.bundle?.name ?? '';
  variables['bundle.target'] = targetName;

  const jobs: BundleJob[] = [];
  for (const pattern of root.include ?? []) {
    for (const file of includedFiles(options.directory, pattern)) {
      const resources = readYaml(file)?.resources?.jobs ?? {};
      for (const [key, raw] of Object.entries<RawJob>(resources)) {
        const name = substitute(raw.name ?? key, variables);
        const tasks = (raw.tasks ?? []).map(task => {
          const sqlPath = task.sql_task?.file?.path;
          if (!sqlPath) {
            throw new Error(
              `Job ${key}, task ${task.task_key}: only sql_task files are emulated`,
            );
          }
          return {
            taskKey: task.task_key,
            dependsOn: (task.depends_on ?? []).map(d => d.task_key),
            // Bundle paths are relative to the file that declares them.
            sqlFile: path.resolve(path.dirname(file), sqlPath),
          };
        });
        jobs.push({
          key,
          name: development
            ? `[dev ${options.user ?? 'sandbox'}] ${name}`
            : name,
          tags: Object.fromEntries(
            Object.entries(raw.tags ?? {}).map(([tag, value]) => [
              tag,
              substitute(String(value), variables),
            ]),
          ),
          schedule: raw.schedule && {
            quartzCron: raw.schedule.quartz_cron_expression,
            timezone: raw.schedule.timezone_id ?? 'UTC',
            paused: development || raw.schedule.pause_status === 'PAUSED',
          },
          maxConcurrentRuns: raw.max_concurrent_runs ?? 1,
          tasks: orderTasks(tasks),
        });
      }
    }
  }
  return jobs;
}
