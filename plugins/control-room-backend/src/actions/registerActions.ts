import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import {
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import {
  ACTION_SOURCES,
  ADVISOR_CATEGORIES,
  ADVISOR_IMPACTS,
  controlRoomActionCreatePermission,
} from '@finance-ppm/plugin-control-room-common';
import { Lakehouse } from '@finance-ppm/plugin-control-room-node';
import { pipelineJobs, PipelineJob } from '../pipeline/jobs';
import { NotionActionStore } from '@finance-ppm/plugin-control-room-node';
import { ActionCreator, processActionCreator } from '../database';
import * as queries from '../service/queries';
import { parseCreateActionRequest } from '../service/apiRouter';
import { ProjectAccess } from '../service/projectAccess';
import { assertLiveProject } from '../service/writeChecks';

/** @public */
export interface ControlRoomActionsOptions {
  actionsRegistry: ActionsRegistryService;
  permissions: PermissionsService;
  /** Which projects each caller may read, as for the REST API. */
  projectAccess: ProjectAccess;
  lakehouse: Lakehouse;
  /** Without it `create-notion-action` answers that Notion is not configured. */
  notionActions?: NotionActionStore;
  /** Shared with the REST API; default: once within this process. */
  actionCreator?: ActionCreator;
  jobs?: readonly PipelineJob[];
}

const MAX_RECOMMENDATIONS = 200;

/**
 * Registers the Control Room's MCP actions. Each one checks the same
 * permission as the matching REST route with the caller's credentials.
 *
 * @public
 */
export function registerControlRoomActions(
  options: ControlRoomActionsOptions,
): void {
  const { actionsRegistry, permissions, lakehouse, projectAccess } = options;
  const jobs = options.jobs ?? pipelineJobs;
  const actionCreator =
    options.actionCreator ??
    (options.notionActions
      ? processActionCreator(options.notionActions)
      : undefined);

  async function authorize(
    credentials: BackstageCredentials,
    permission: BasicPermission,
  ) {
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Missing permission ${permission.name}`);
    }
  }

  actionsRegistry.register({
    name: 'get-project-finance',
    title: 'Get project finance',
    description:
      'Budget against actual per month, forecast, health with its reasons, risks, actions, Azure resources and Advisor recommendations of one project. Amounts are exact decimal strings.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          projectId: z
            .string()
            .min(1)
            .max(200)
            .describe('Notion page id of the project'),
        }),
      output: z =>
        z.object({
          project: z
            .object({ project_id: z.string(), name: z.string() })
            .passthrough(),
          series: z.array(z.object({}).passthrough()),
          forecast: z.object({}).passthrough().optional(),
          health_detail: z.object({}).passthrough().optional(),
          risks: z.array(z.object({}).passthrough()),
          actions: z.array(z.object({}).passthrough()),
          resources: z.array(z.object({}).passthrough()),
          recommendations: z.array(z.object({}).passthrough()),
        }),
    },
    action: async ({ input, credentials }) => {
      const readable = await projectAccess.canRead(
        credentials,
        input.projectId,
      );
      const detail = readable
        ? await queries.getProjectDetail(lakehouse, input.projectId)
        : undefined;
      if (!detail) {
        throw new NotFoundError(`No project with id ${input.projectId}`);
      }
      // Spreads turn the interfaces into plain objects the output schema accepts.
      return {
        output: {
          ...detail,
          project: { ...detail.project },
          forecast: detail.forecast && { ...detail.forecast },
          recommendations: detail.recommendations.map(r => ({ ...r })),
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'list-advisor-recommendations',
    title: 'List Azure Advisor recommendations',
    description:
      'Azure Advisor recommendations with their savings, project and whether a Notion action exists, largest annual savings first.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          category: z.enum(ADVISOR_CATEGORIES).optional(),
          impact: z.enum(ADVISOR_IMPACTS).optional(),
          projectId: z.string().min(1).max(200).optional(),
          hasAction: z.boolean().optional(),
          limit: z.number().int().min(1).max(MAX_RECOMMENDATIONS).optional(),
        }),
      output: z =>
        z.object({
          recommendations: z.array(
            z
              .object({
                recommendation_id: z.string(),
                has_action: z.boolean(),
              })
              .passthrough(),
          ),
        }),
    },
    action: async ({ input, credentials }) => {
      const scope = await projectAccess.scopeOf(credentials);
      const limit = input.limit ?? 50;
      const found = await queries.listAdvisorRecommendations(lakehouse, {
        readable: scope.all ? undefined : scope.projectIds,
        category: input.category,
        impact: input.impact,
        project: input.projectId,
        hasAction: input.hasAction,
        offset: 0,
        limit,
      });
      return {
        output: {
          recommendations: found.slice(0, limit).map(r => ({ ...r })),
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'get-pipeline-status',
    title: 'Get pipeline status',
    description:
      'The Control Room pipeline jobs with their schedule, last run status, time, duration, error and next run.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z => z.object({}),
      output: z =>
        z.object({
          jobs: z.array(
            z
              .object({
                job_id: z.string(),
                job_name: z.string(),
                schedule: z.string(),
              })
              .passthrough(),
          ),
        }),
    },
    action: async ({ credentials }) => {
      await projectAccess.scopeOf(credentials);
      const status = await queries.listJobs(lakehouse, jobs);
      return { output: { jobs: status.map(job => ({ ...job })) } };
    },
  });

  actionsRegistry.register({
    name: 'create-notion-action',
    title: 'Create a Notion action',
    description:
      'Creates an action page in the Notion actions database for a project. For an Advisor or data-quality finding pass its id as source_id; a second call for the same finding returns the existing page.',
    attributes: { destructive: false, idempotent: true },
    schema: {
      input: z =>
        z.object({
          project_id: z.string().min(1).max(200),
          title: z.string().min(1).max(2000),
          assignee: z.string().max(200).optional(),
          due_date: z
            .string()
            .regex(/^\d{4}-\d{2}-\d{2}$/)
            .optional()
            .describe('YYYY-MM-DD'),
          source: z.enum(ACTION_SOURCES),
          source_id: z.string().min(1).max(200).optional(),
        }),
      output: z =>
        z.object({
          success: z.boolean(),
          action_id: z.string(),
          notion_url: z.string(),
          created: z.boolean(),
        }),
    },
    action: async ({ input, credentials }) => {
      await authorize(credentials, controlRoomActionCreatePermission);
      if (!actionCreator) {
        throw new ServiceUnavailableError('Notion actions are not configured');
      }
      const request = parseCreateActionRequest(input);
      await assertLiveProject(lakehouse, request.project_id);
      const page = await actionCreator.create(request);
      return { output: { success: true, ...page } };
    },
  });
}
