import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  DatabricksJobsClient,
  Lakehouse,
} from '@finance-ppm/plugin-control-room-node';
import { Knex } from 'knex';
import { ControlRoomSettings } from '../config';
import { readFinanceSettings } from '../finance';
import { findModelsDirectory, loadModels } from '../lakehouse/modelRunner';
import { NotionDatabaseName, NotionPulls } from '../sources/notion';
import { copyDatabricksRuns } from './databricksRuns';
import { JobRun } from './jobRuns';
import { pipelineJobs } from './jobs';
import {
  buildPipelineWork,
  createBundleGoldChecker,
  PipelineWorkOptions,
  writeReferenceData,
} from './pipelineWork';
import {
  createGoldRefresh,
  GOLD_REFRESH_REQUEST,
  GoldRefreshOptions,
  projectsOfPagesIngestedSince,
} from './goldRefresh';
import {
  bundleRunInFlight,
  NOTION_REQUESTED_SYNC_TASK,
  schedulePipeline,
} from './schedulePipeline';
import { createTaskTrigger, databaseTaskRequests } from './taskRequests';

// The bundle job that rebuilds gold in full.
const GOLD_JOB = 'ppm_marts_gold';
// How far back each copy of the Databricks bundle job runs looks.
const RUN_HISTORY_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface CreatePipelineOptions {
  config: Config;
  settings: ControlRoomSettings;
  scheduler: SchedulerService;
  lakehouse: Lakehouse;
  logger: LoggerService;
  /** The plugin database: task requests every replica sees. */
  database: Knex;
  notionPulls: NotionPulls;
  azurePulls: PipelineWorkOptions['azurePulls'];
  /** The sandbox's fetch for the emulated Jobs API, when it runs. */
  databricksFetch?: typeof fetch;
  /** Told about every recorded run's end; must not throw. */
  onRunFinished?: (run: JobRun) => Promise<void>;
  /** Called after each copy of the Databricks runs; must not throw. */
  onRunsCopied?: () => Promise<void>;
  /** How a Notion silver change refreshes its projects' gold rows. */
  goldRefresh?: Pick<
    GoldRefreshOptions,
    'signals' | 'dataChanges' | 'debounceMs'
  >;
}

/**
 * The pipeline: each job's work, scheduled with the Backstage scheduler.
 * With the databricks orchestrator the bundle runs the SQL jobs: the
 * backend writes what they read, starts them on run-now, copies their runs
 * and checks each gold build they finish.
 */
export async function createPipeline(options: CreatePipelineOptions) {
  const { config, settings, lakehouse, notionPulls, logger } = options;
  const finance = readFinanceSettings(config);
  const models = await loadModels(
    settings.modelsDirectory ?? findModelsDirectory(process.cwd()),
  );
  const requests = databaseTaskRequests(options.database);
  const trigger = createTaskTrigger({ scheduler: options.scheduler, requests });
  const goldRefresh = createGoldRefresh({
    lakehouse,
    models,
    logger,
    trigger: () =>
      trigger(NOTION_REQUESTED_SYNC_TASK, GOLD_REFRESH_REQUEST, 'keep'),
    ...options.goldRefresh,
  });
  const work = buildPipelineWork({
    lakehouse,
    models,
    finance,
    notionPulls,
    azurePulls: options.azurePulls,
    schedules: settings.schedules,
    onSilverChanged: async projectIds => {
      try {
        await goldRefresh.request(projectIds);
      } catch (error) {
        logger.warn('Requesting a gold refresh failed', error as Error);
      }
    },
  });
  const jobsClient =
    settings.orchestrator === 'databricks'
      ? DatabricksJobsClient.fromConfig(config, {
          fetch: options.databricksFetch,
        })
      : undefined;
  const checkBundleGold = createBundleGoldChecker(lakehouse);
  return schedulePipeline({
    scheduler: options.scheduler,
    lakehouse,
    logger,
    orchestrator: settings.orchestrator,
    work,
    requests,
    schedules: settings.schedules,
    taskTimeoutMs: settings.taskTimeoutMs,
    jobRunRetentionDays: settings.jobRunRetentionDays,
    syncNotionDatabase: (name, signal) =>
      notionPulls.syncNotionDataSource(name as NotionDatabaseName, {
        signal,
      }),
    requestedSync: {
      silverSince: {
        mark: notionPulls.silverSince.mark,
        // The projects of the pages written, before and after: a moved
        // line changes both.
        transformSince: async since => {
          const before = await projectsOfPagesIngestedSince(lakehouse, since);
          const outcome = await notionPulls.silverSince.transformSince(since);
          const after = await projectsOfPagesIngestedSince(lakehouse, since);
          await goldRefresh.record([...before, ...after]);
          return outcome;
        },
      },
      refreshGold: async () => {
        // The bundle's gold job rewrites the same Delta tables; a MERGE
        // beside it would make one of them fail.
        if (jobsClient && (await bundleRunInFlight(lakehouse, GOLD_JOB))) {
          logger.info(
            `Gold refresh waits for the running bundle job ${GOLD_JOB}`,
          );
          return 'deferred';
        }
        await goldRefresh.runPending();
        return 'done';
      },
    },
    writeReferenceData: () =>
      writeReferenceData(lakehouse, finance, new Date(), settings.schedules),
    syncDatabricksRuns: jobsClient
      ? async () => {
          const copied = await copyDatabricksRuns(
            jobsClient,
            lakehouse,
            pipelineJobs.filter(job => job.kind === 'sql'),
            new Date(Date.now() - RUN_HISTORY_WINDOW_MS),
          );
          await checkBundleGold();
          return copied;
        }
      : undefined,
    runBundleJob: jobsClient
      ? async jobId => {
          await jobsClient.runNow(jobId);
        }
      : undefined,
    onRunFinished: options.onRunFinished,
    onRunsCopied: options.onRunsCopied,
  });
}
