import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { registerControlRoomActions } from './actions';
import {
  catalogProjectDirectory,
  createAlertMonitor,
  createAlertStateStore,
  readAlertSettings,
} from './alerts';
import {
  assertSourcesConfigured,
  controlRoomSandboxServiceRef,
  createDataSourceDirectory,
  createNotionActionStore,
  createNotionUserLookup,
  DatabricksJobsClient,
  lakehouseServiceRef,
  lakehouseTables,
  notionServiceRef,
} from '@finance-ppm/plugin-control-room-node';
import { readControlRoomConfig } from './config';
import { createClaimedActionCreator, openPluginDatabase } from './database';
import { readFinanceSettings } from './finance';
import { migrateLakehouse } from './lakehouse/migrations';
import { findModelsDirectory, loadModels } from './lakehouse/modelRunner';
import { copyDatabricksRuns } from './pipeline/databricksRuns';
import { pipelineJobs } from './pipeline/jobs';
import {
  buildPipelineWork,
  createBundleGoldChecker,
  writeReferenceData,
} from './pipeline/pipelineWork';
import { runPipelineOnce, schedulePipeline } from './pipeline/schedulePipeline';
import {
  catalogProjectOwners,
  createControlRoomRouter,
  createDataChanges,
  createProjectAccess,
  createProjectResources,
  databaseSeenWebhookEvents,
  registerControlRoomPermissions,
  unauthenticatedPaths,
} from './service';
import { lazyNotionActionStore } from '@finance-ppm/plugin-control-room-node';
import { AzureSandboxConnection, createAzureSource } from './sources/azure';
import {
  createNotionPulls,
  NotionDatabaseName,
  readNotionSourceConfig,
} from './sources/notion';

// How far back each copy of the Databricks bundle job runs looks.
const RUN_HISTORY_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * Wires the Control Room backend; the work lives in the folders it imports.
 *
 * @public
 */
export const controlRoomPlugin = createBackendPlugin({
  pluginId: 'control-room',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        lakehouse: lakehouseServiceRef,
        notion: notionServiceRef,
        sandbox: controlRoomSandboxServiceRef,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        actionsRegistry: actionsRegistryServiceRef,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        notifications: notificationService,
        signals: signalsServiceRef,
      },
      async init(deps) {
        const { config, logger, httpRouter, scheduler, lakehouse } = deps;
        // The sandbox service checks this too; a custom one may not.
        assertSourcesConfigured(config);
        const settings = readControlRoomConfig(config);
        const alertSettings = readAlertSettings(config);
        registerControlRoomPermissions(deps.permissionsRegistry);
        // State every replica shares: webhook event ids, action claims, alerts.
        const database = await openPluginDatabase(deps.database);
        const projectAccess = createProjectAccess({
          permissions: deps.permissions,
          permissionsRegistry: deps.permissionsRegistry,
          projects: createProjectResources({
            lakehouse,
            owners: catalogProjectOwners(deps.catalog, deps.auth),
          }),
        });

        // A lakehouse that is down must not stop the portal: /health then
        // reports degraded and the jobs record their failures.
        try {
          const steps = await migrateLakehouse(lakehouse, lakehouseTables);
          logger.info(
            `Lakehouse (${lakehouse.engine}) is at the declared schema; ${steps.length} migration step(s) applied`,
          );
        } catch (error) {
          logger.error(
            `Lakehouse (${lakehouse.engine}) migration failed; the API reports degraded until it answers`,
            error as Error,
          );
        }

        const notionSettings = readNotionSourceConfig(config);
        const sandboxNotion = config.getOptionalString(
          'controlRoom.notion.token',
        )
          ? undefined
          : deps.sandbox.notion;
        // Databases not configured fall back to the sandbox's, if it runs.
        const notionSources = sandboxNotion
          ? {
              ...notionSettings,
              databases: notionSettings.databases.map(db => ({
                ...db,
                id: db.id ?? sandboxNotion.databaseIds[db.name],
              })),
            }
          : notionSettings;
        const notionPulls = createNotionPulls({
          lakehouse,
          notion: deps.notion,
          logger,
          settings: notionSources,
        });
        // Not awaited: a slow or absent Notion never holds up the backend.
        void notionPulls.checkMappingAtStartup();
        const notionDatabases = Object.fromEntries(
          notionSources.databases.map(db => [db.name, db.id]),
        );
        const dataSources = createDataSourceDirectory(
          deps.notion.client,
          notionDatabases,
        );
        const azurePulls = createAzureSource({
          config,
          lakehouse,
          logger,
          sandbox: deps.sandbox.azure as
            | (() => AzureSandboxConnection)
            | undefined,
        });

        const modelsDirectory =
          settings.modelsDirectory ?? findModelsDirectory(process.cwd());
        const finance = readFinanceSettings(config);
        const work = buildPipelineWork({
          lakehouse,
          models: await loadModels(modelsDirectory),
          finance,
          notionPulls,
          azurePulls,
        });
        const actionStore = lazyNotionActionStore(async () => {
          const dataSourceId = await dataSources.dataSourceIdOf('actions');
          return dataSourceId
            ? createNotionActionStore({
                client: deps.notion.client,
                dataSourceId,
                resolveAssignee: createNotionUserLookup(
                  deps.notion.client,
                  logger,
                ),
              })
            : undefined;
        });
        // A new action is synced at once, so silver (and the UI) show it
        // without waiting for the next scheduled sync.
        const syncActions = async () => {
          await notionPulls.syncNotionDataSource('actions');
          await work.notion_transform_silver?.();
        };
        const notionActions: typeof actionStore = {
          findBySource: (source, sourceId) =>
            actionStore.findBySource(source, sourceId),
          create: async (request, children) => {
            const created = await actionStore.create(request, children);
            syncActions().catch(error =>
              logger.warn('Sync of a new Notion action failed', error as Error),
            );
            return created;
          },
        };
        // REST and MCP share one creator; its claims in the plugin database
        // make each action once across replicas.
        const actionCreator = createClaimedActionCreator({
          knex: database,
          store: notionActions,
        });
        // With the databricks orchestrator the bundle runs the SQL jobs: the
        // backend writes what they read, starts them on run-now, copies
        // their runs and checks each gold build they finish.
        const jobsClient =
          settings.orchestrator === 'databricks'
            ? DatabricksJobsClient.fromConfig(config, {
                fetch: deps.sandbox.databricks?.fetch,
              })
            : undefined;
        const checkBundleGold = createBundleGoldChecker(lakehouse);
        const syncDatabricksRuns = jobsClient
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
          : undefined;
        // Alerts are evaluated after every run and on their own schedule
        // (a job that stops running finishes no run to trigger it).
        const dataChanges = createDataChanges();
        const alertState = createAlertStateStore({ knex: database });
        const alerts = createAlertMonitor({
          lakehouse,
          state: alertState,
          notifications: deps.notifications,
          signals: deps.signals,
          projects: catalogProjectDirectory(deps.catalog, deps.auth),
          settings: alertSettings,
          logger,
          dataChanges,
        });
        const evaluateAlerts = async () => {
          try {
            await alerts.evaluate();
          } catch (error) {
            logger.error('Alert evaluation failed', error as Error);
          }
        };
        const { jobs, runNow } = await schedulePipeline({
          scheduler,
          lakehouse,
          logger,
          orchestrator: settings.orchestrator,
          work,
          syncDatabricksRuns,
          writeReferenceData: () =>
            writeReferenceData(lakehouse, finance, new Date()),
          runBundleJob: jobsClient
            ? async jobId => {
                await jobsClient.runNow(jobId);
              }
            : undefined,
          onRunFinished: alerts.onRunFinished,
          jobRunRetentionDays: settings.jobRunRetentionDays,
          onRunsCopied: async () => {
            await evaluateAlerts();
            dataChanges.notify();
          },
        });
        await scheduler.scheduleTask({
          id: 'control_room_alerts',
          frequency: { minutes: alertSettings.evaluationIntervalMinutes },
          timeout: { minutes: 5 },
          fn: evaluateAlerts,
        });
        httpRouter.use(
          await createControlRoomRouter({
            lakehouse,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            projectAccess,
            maxKpiMonths: settings.maxKpiMonths,
            auditor: deps.auditor,
            logger,
            runJob: runNow,
            notionActions,
            actionCreator,
            triggerNotionSync: async dataSourceId => {
              const name = (await dataSources.nameOf(dataSourceId)) as
                | NotionDatabaseName
                | undefined;
              if (name) {
                await notionPulls.syncNotionDataSource(name);
                await work.notion_transform_silver?.();
              }
            },
            notionWebhook: {
              verificationToken: config.getOptionalString(
                'controlRoom.notion.webhook.verificationToken',
              ),
              debounceMs: config.getOptionalNumber(
                'controlRoom.notion.webhook.debounceMs',
              ),
              seenEvents: databaseSeenWebhookEvents(database),
              onVerificationToken: () =>
                logger.warn(
                  'Notion sent a webhook verification token; copy it from the Notion integration settings into controlRoom.notion.webhook.verificationToken',
                ),
            },
            cacheTtlMs:
              (config.getOptionalNumber('controlRoom.api.cacheTtlSeconds') ??
                30) * 1000,
            dataChanges,
            alertState,
          }),
        );
        for (const path of unauthenticatedPaths) {
          httpRouter.addAuthPolicy({ path, allow: 'unauthenticated' });
        }
        registerControlRoomActions({
          actionsRegistry: deps.actionsRegistry,
          permissions: deps.permissions,
          projectAccess,
          lakehouse,
          notionActions,
          actionCreator,
        });

        if (settings.runOnStartup) {
          // Pulls first, then the SQL jobs, so a fresh portal shows data.
          const ordered = [
            ...jobs.filter(job => job.kind === 'pull'),
            ...jobs.filter(job => job.kind === 'sql'),
          ];
          void runPipelineOnce(
            lakehouse,
            ordered,
            work,
            logger,
            alerts.onRunFinished,
          ).then(async () => {
            // The bundle's SQL jobs run in the workspace; start them too.
            if (!jobsClient) return;
            for (const job of pipelineJobs.filter(j => j.kind === 'sql')) {
              await runNow(job.id).catch(error =>
                logger.warn(
                  `Start-up run of bundle job ${job.id} failed`,
                  error as Error,
                ),
              );
            }
          });
        }
      },
    });
  },
});
