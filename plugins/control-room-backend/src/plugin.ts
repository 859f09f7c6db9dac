import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import {
  assertSourcesConfigured,
  controlRoomSandboxServiceRef,
  lakehouseServiceRef,
  notionServiceRef,
} from '@finance-ppm/plugin-control-room-node';
import { createNotionActions, registerControlRoomActions } from './actions';
import {
  catalogProjectDirectory,
  createAlertMonitor,
  createAlertStateStore,
  readAlertSettings,
} from './alerts';
import { readControlRoomConfig } from './config';
import { openPluginDatabase } from './database';
import { migrateLakehouseAtStartup } from './lakehouse/migrateAtStartup';
import { createPipeline } from './pipeline/createPipeline';
import { scheduledPipelineJobs } from './pipeline/jobs';
import {
  catalogProjectOwners,
  createControlRoomRouter,
  createDataChanges,
  createProjectAccess,
  createProjectResources,
  databaseSeenWebhookEvents,
  readNotionWebhookOptions,
  registerControlRoomPermissions,
  unauthenticatedPaths,
} from './service';
import { AzureSandboxConnection, createAzureSource } from './sources/azure';
import { createNotionSource } from './sources/notion';

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
        events: eventsServiceRef,
      },
      async init(deps) {
        const { config, logger, httpRouter, scheduler, lakehouse } = deps;
        // The sandbox service checks this too; a custom one may not.
        assertSourcesConfigured(config);
        const settings = readControlRoomConfig(config);
        const alertSettings = readAlertSettings(config);
        registerControlRoomPermissions(deps.permissionsRegistry);
        // State every replica shares: webhook event ids, action claims,
        // task requests, alerts.
        const database = await openPluginDatabase(deps.database);
        const projectAccess = createProjectAccess({
          permissions: deps.permissions,
          permissionsRegistry: deps.permissionsRegistry,
          projects: createProjectResources({
            lakehouse,
            owners: catalogProjectOwners(deps.catalog, deps.auth),
          }),
        });
        await migrateLakehouseAtStartup(lakehouse, logger);

        const notion = createNotionSource({
          config,
          lakehouse,
          notion: deps.notion,
          sandbox: deps.sandbox,
          logger,
        });
        const azurePulls = createAzureSource({
          config,
          lakehouse,
          logger,
          sandbox: deps.sandbox.azure as
            | (() => AzureSandboxConnection)
            | undefined,
        });

        // Alerts are evaluated after every run and on their own schedule
        // (a job that stops running finishes no run to trigger it).
        // Replicas tell each other, so none serves a cached answer the
        // change made old.
        const dataChanges = createDataChanges({ events: deps.events, logger });
        const alertState = createAlertStateStore({ knex: database });
        const jobs = scheduledPipelineJobs(settings.schedules);
        const alerts = createAlertMonitor({
          lakehouse,
          jobs,
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
        await scheduler.scheduleTask({
          id: 'control_room_alerts',
          frequency: { minutes: alertSettings.evaluationIntervalMinutes },
          timeout: { minutes: 5 },
          fn: evaluateAlerts,
        });

        // Every lakehouse write runs in a scheduler task; events request one.
        const pipeline = await createPipeline({
          config,
          settings,
          scheduler,
          lakehouse,
          logger,
          database,
          notionPulls: notion.pulls,
          azurePulls,
          databricksFetch: deps.sandbox.databricks?.fetch,
          onRunFinished: alerts.onRunFinished,
          onRunsCopied: async () => {
            await evaluateAlerts();
            dataChanges.notify();
          },
          goldRefresh: {
            signals: deps.signals,
            dataChanges,
            debounceMs: config.getOptionalNumber(
              'controlRoom.pipeline.goldRefreshDebounceMs',
            ),
          },
        });
        // REST and MCP share one creator; its claims make each action once.
        const { notionActions, actionCreator } = createNotionActions({
          notion: deps.notion,
          dataSources: notion.dataSources,
          database,
          requestActionsSync: () => pipeline.requestNotionSync('actions'),
          logger,
        });

        httpRouter.use(
          await createControlRoomRouter({
            lakehouse,
            jobs,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            projectAccess,
            maxKpiMonths: settings.maxKpiMonths,
            auditor: deps.auditor,
            logger,
            runJob: pipeline.runNow,
            notionActions,
            actionCreator,
            triggerNotionSync: async dataSourceId => {
              const name = await notion.dataSources.nameOf(dataSourceId);
              if (name) await pipeline.requestNotionSync(name);
            },
            notionWebhook: readNotionWebhookOptions(
              config,
              logger,
              databaseSeenWebhookEvents(database),
            ),
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
          // Replicas starting together share one run, on whichever replica
          // the scheduler picks.
          await pipeline.requestStartupRun();
        }
      },
    });
  },
});
