import type { BlockObjectRequest } from '@notionhq/client';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  controlRoomActionCreatePermission,
  NOTION_PROJECT_ID_ANNOTATION,
  type ActionSource,
  type CreateActionRequest,
} from '@finance-ppm/plugin-control-room-common';
import type { NotionActionPage } from '@finance-ppm/plugin-control-room-node';
import { markdownToBlocks } from './markdownToBlocks';

/** The annotation on a project Component that names its Notion page. */
export const NOTION_PROJECT_ANNOTATION = NOTION_PROJECT_ID_ANNOTATION;

export const ACTION_SOURCES = ['advisor', 'dq', 'manual'] as const;
export const ACTION_PRIORITIES = ['High', 'Medium', 'Low'] as const;

/** The catalog fields the action reads from a project Component. */
export interface ProjectEntity {
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  spec?: { type?: unknown };
}

/** What the action needs from the outside world; the module wires it. */
export interface NotionTaskDependencies {
  /**
   * Once per (source, source_id) across replicas and entry points: the
   * Control Room backend's claimed creator, on behalf of the initiator.
   */
  createAction(
    request: CreateActionRequest,
    children: BlockObjectRequest[],
    credentials: BackstageCredentials,
  ): Promise<NotionActionPage & { created: boolean }>;
  /** Whether the initiator holds `control-room.action.create`. */
  canCreateActions(credentials: BackstageCredentials): Promise<boolean>;
  /** Looks an entity up by ref on behalf of the task's initiator. */
  getEntity(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<ProjectEntity | undefined>;
}

/** The action's input after defaults. */
export interface NotionTaskInput {
  title: string;
  project: string;
  assignee?: string;
  dueDate?: string;
  priority?: (typeof ACTION_PRIORITIES)[number];
  description?: string;
  source: ActionSource;
  sourceId?: string;
}

const NOTION_ID = /^[0-9a-f]{32}$/i;
const ENTITY_REF =
  /^(?:[a-z0-9][\w.-]*:)?(?:[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:\d{2})?)?$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A Notion id (with or without dashes) in dashed form, or undefined. */
export function asNotionId(value: string): string | undefined {
  const hex = value.trim().replace(/-/g, '');
  if (!NOTION_ID.test(hex)) return undefined;
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    hex.slice(12, 16),
    hex.slice(16, 20),
    hex.slice(20),
  ].join('-');
}

/**
 * Every problem with the input at once, so the user fixes them in one go.
 * The engine also checks the JSON schema; this guards direct calls and the
 * rules a schema cannot say (a real calendar date, a ref or a page id).
 */
export function inputProblems(input: Partial<NotionTaskInput>): string[] {
  const problems: string[] = [];
  if (typeof input.title !== 'string' || input.title.trim() === '') {
    problems.push('title must be a non-empty string');
  } else if (input.title.length > 2000) {
    problems.push('title must be at most 2000 characters');
  }
  if (
    typeof input.project !== 'string' ||
    (!asNotionId(input.project) && !ENTITY_REF.test(input.project.trim()))
  ) {
    problems.push(
      'project must be an entity ref (component:default/name) or a Notion page id',
    );
  }
  if (input.assignee !== undefined && !EMAIL.test(input.assignee)) {
    problems.push(`assignee must be an email address, got "${input.assignee}"`);
  }
  if (
    input.dueDate !== undefined &&
    (!ISO_DATE.test(input.dueDate) ||
      Number.isNaN(Date.parse(input.dueDate)) ||
      // Date.parse rolls 2026-02-30 over to March; a real date round-trips.
      new Date(`${input.dueDate.slice(0, 10)}T00:00:00Z`)
        .toISOString()
        .slice(0, 10) !== input.dueDate.slice(0, 10))
  ) {
    problems.push(
      `dueDate must be an ISO date (YYYY-MM-DD), got "${input.dueDate}"`,
    );
  }
  if (
    input.priority !== undefined &&
    !(ACTION_PRIORITIES as readonly string[]).includes(input.priority)
  ) {
    problems.push(`priority must be one of ${ACTION_PRIORITIES.join(', ')}`);
  }
  if (!(ACTION_SOURCES as readonly string[]).includes(input.source as string)) {
    problems.push(`source must be one of ${ACTION_SOURCES.join(', ')}`);
  }
  if (input.sourceId !== undefined && input.sourceId.trim() === '') {
    problems.push('sourceId must not be empty when given');
  }
  return problems;
}

/** The page body: priority first (the actions database has no such column), then the description. */
export function taskPageBody(
  input: Pick<NotionTaskInput, 'priority' | 'description'>,
): BlockObjectRequest[] {
  const priority: BlockObjectRequest[] = input.priority
    ? [
        {
          type: 'callout',
          callout: {
            rich_text: [
              {
                type: 'text',
                text: { content: `Priority: ${input.priority}` },
              },
            ],
          },
        },
      ]
    : [];
  return [...priority, ...markdownToBlocks(input.description ?? '')];
}

/** Splits `kind:namespace/name`; kind and namespace default as in Backstage. */
export function splitEntityRef(ref: string): {
  kind: string;
  namespace: string;
  name: string;
} {
  const colon = ref.indexOf(':');
  const kind = colon >= 0 ? ref.slice(0, colon) : 'component';
  const rest = ref.slice(colon + 1);
  const slash = rest.indexOf('/');
  return {
    kind: kind.toLowerCase(),
    namespace: slash >= 0 ? rest.slice(0, slash) : 'default',
    name: slash >= 0 ? rest.slice(slash + 1) : rest,
  };
}

async function resolveProjectPageId(
  project: string,
  deps: NotionTaskDependencies,
  credentials: () => Promise<BackstageCredentials>,
): Promise<string> {
  const pageId = asNotionId(project);
  if (pageId) return pageId;
  const { kind, namespace, name } = splitEntityRef(project.trim());
  const ref = `${kind}:${namespace}/${name}`;
  const entity = await deps.getEntity(ref, await credentials());
  if (!entity) {
    throw new InputError(`project ${ref} was not found in the catalog`);
  }
  if (
    entity.kind.toLowerCase() !== 'component' ||
    entity.spec?.type !== 'project'
  ) {
    throw new InputError(
      `project ${ref} is not a Component of spec.type project`,
    );
  }
  const annotated = entity.metadata.annotations?.[NOTION_PROJECT_ANNOTATION];
  const annotatedId = annotated && asNotionId(annotated);
  if (!annotatedId) {
    throw new InputError(
      `project ${ref} has no valid ${NOTION_PROJECT_ANNOTATION} annotation`,
    );
  }
  return annotatedId;
}

/**
 * `notion:task:create`: creates an action page in the Control Room's Notion
 * actions database, once per (source, sourceId).
 *
 * @public
 */
export function createNotionTaskAction(deps: NotionTaskDependencies) {
  return createTemplateAction({
    id: 'notion:task:create',
    description:
      'Creates a task in the Control Room Notion actions database; a second run with the same source and sourceId returns the first page.',
    supportsDryRun: true,
    examples: [
      {
        description: 'Create a task for a project',
        example: [
          'steps:',
          '  - id: task',
          '    action: notion:task:create',
          '    input:',
          '      title: Renegotiate the hosting contract',
          '      project: component:default/project-apollo',
          '      assignee: jane@example.com',
          "      dueDate: '2026-12-31'",
          '      priority: High',
          '      description: |',
          '        ## Why',
          '        - costs are 20% over budget',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        title: z => z.string().min(1).max(2000).describe('Task title'),
        project: z =>
          z
            .string()
            .min(1)
            .describe(
              'Entity ref of a project Component (with a notion.so/project-id annotation) or a Notion page id',
            ),
        assignee: z => z.string().optional().describe('Assignee email address'),
        dueDate: z =>
          z.string().optional().describe('Due date, ISO format (YYYY-MM-DD)'),
        priority: z =>
          z.enum(ACTION_PRIORITIES).optional().describe('Task priority'),
        description: z =>
          z
            .string()
            .optional()
            .describe(
              'Markdown: paragraphs, headings, bulleted and numbered lists, code',
            ),
        source: z =>
          z
            .enum(ACTION_SOURCES)
            .default('manual')
            .describe('Where the task comes from'),
        sourceId: z =>
          z
            .string()
            .optional()
            .describe(
              'Id within the source; defaults to the scaffolder task id so a retried task makes one page',
            ),
      },
      output: {
        pageId: z => z.string().describe('The Notion page id'),
        url: z => z.string().describe('The Notion page URL'),
      },
    },
    async handler(ctx) {
      // Templates render an unset optional parameter as ''; it means absent.
      const present = (value: string | undefined) =>
        value === '' ? undefined : value;
      const input: NotionTaskInput = {
        ...ctx.input,
        assignee: present(ctx.input.assignee),
        dueDate: present(ctx.input.dueDate),
        description: present(ctx.input.description),
        source: ctx.input.source ?? 'manual',
      };
      const problems = inputProblems(input);
      if (problems.length > 0) {
        throw new InputError(
          `Invalid notion:task:create input: ${problems.join('; ')}`,
        );
      }
      // The same permission as the Control Room's own "create action".
      const credentials = await ctx.getInitiatorCredentials();
      if (!(await deps.canCreateActions(credentials))) {
        throw new NotAllowedError(
          `Missing permission ${controlRoomActionCreatePermission.name}: you may not create Notion actions`,
        );
      }
      const projectId = await resolveProjectPageId(
        input.project,
        deps,
        async () => credentials,
      );
      const request: CreateActionRequest = {
        project_id: projectId,
        title: input.title.trim(),
        source: input.source,
        source_id: input.sourceId ?? `scaffolder:${ctx.task.id}`,
        ...(input.assignee && { assignee: input.assignee }),
        ...(input.dueDate && { due_date: input.dueDate }),
      };
      const body = taskPageBody(input);

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would create "${request.title}" for project ${projectId} (source ${request.source}/${request.source_id}, ${body.length} body blocks)`,
        );
        ctx.output('pageId', 'dry-run');
        ctx.output('url', 'https://www.notion.so/');
        return;
      }

      const page = await deps.createAction(request, body, credentials);
      ctx.logger.info(
        page.created
          ? `Created Notion task ${page.action_id}`
          : `A Notion task for ${request.source}/${request.source_id} already exists: ${page.action_id}`,
      );
      ctx.output('pageId', page.action_id);
      ctx.output('url', page.notion_url);
    },
  });
}
