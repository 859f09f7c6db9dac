import type {
  BlockObjectRequest,
  Client,
  CreatePageParameters,
} from '@notionhq/client';
import { APIResponseError } from '@notionhq/client';
import { InputError } from '@backstage/errors';
import {
  ActionSource,
  CreateActionRequest,
} from '@finance-ppm/plugin-control-room-common';

/** A Notion action page as the API reports it. */
export interface NotionActionPage {
  action_id: string;
  notion_url: string;
}

/**
 * The Notion actions data source, as the router needs it. The backend wires
 * it to the shared rate-limited Notion client; tests wire it to msw handlers.
 */
export interface NotionActionStore {
  /** The page whose `Source` and `Source ID` match, if any. */
  findBySource(
    source: ActionSource,
    sourceId: string,
  ): Promise<NotionActionPage | undefined>;
  /** `children` become the page body (e.g. a description as blocks). */
  create(
    request: CreateActionRequest,
    children?: BlockObjectRequest[],
  ): Promise<NotionActionPage>;
}

/** The part of `@notionhq/client`'s `Client` the store calls. */
export type NotionPagesClient = Pick<Client, 'dataSources' | 'pages'>;

/** Notion property names of the actions data source. */
export const ACTION_PROPERTIES = {
  title: 'Name',
  project: 'Project',
  status: 'Status',
  assignee: 'Assignee',
  due: 'Due',
  source: 'Source',
  sourceId: 'Source ID',
} as const;

/** Notion page properties of a new action; pure so it can be tested alone. */
export function actionPageProperties(
  request: CreateActionRequest,
  assigneeUserId?: string,
): CreatePageParameters['properties'] {
  return {
    [ACTION_PROPERTIES.title]: {
      title: [{ type: 'text', text: { content: request.title } } as const],
    },
    [ACTION_PROPERTIES.project]: { relation: [{ id: request.project_id }] },
    [ACTION_PROPERTIES.source]: { select: { name: request.source } },
    ...(request.source_id && {
      [ACTION_PROPERTIES.sourceId]: {
        rich_text: [
          { type: 'text', text: { content: request.source_id } } as const,
        ],
      },
    }),
    ...(request.due_date && {
      [ACTION_PROPERTIES.due]: { date: { start: request.due_date } },
    }),
    ...(assigneeUserId && {
      [ACTION_PROPERTIES.assignee]: { people: [{ id: assigneeUserId }] },
    }),
  };
}

function pageUrl(page: { id: string } | { id: string; url: string }): string {
  return 'url' in page
    ? page.url
    : `https://www.notion.so/${page.id.replace(/-/g, '')}`;
}

/**
 * A store on the Notion API: looks actions up by `Source` and `Source ID`
 * and creates pages in the actions data source. `assignee` is a Notion user
 * id when `resolveAssignee` maps the request's value to one.
 */
export function createNotionActionStore(options: {
  client: NotionPagesClient;
  dataSourceId: string;
  resolveAssignee?: (assignee: string) => Promise<string | undefined>;
}): NotionActionStore {
  const { client, dataSourceId } = options;
  return {
    async findBySource(source, sourceId) {
      const found = await client.dataSources.query({
        data_source_id: dataSourceId,
        page_size: 1,
        filter: {
          and: [
            { property: ACTION_PROPERTIES.source, select: { equals: source } },
            {
              property: ACTION_PROPERTIES.sourceId,
              rich_text: { equals: sourceId },
            },
          ],
        },
      });
      const page = found.results[0];
      return page
        ? { action_id: page.id, notion_url: pageUrl(page) }
        : undefined;
    },
    async create(request, children) {
      const assigneeId =
        request.assignee && options.resolveAssignee
          ? await options.resolveAssignee(request.assignee)
          : undefined;
      try {
        const page = await client.pages.create({
          parent: { type: 'data_source_id', data_source_id: dataSourceId },
          properties: actionPageProperties(request, assigneeId),
          ...(children?.length && { children }),
        });
        return { action_id: page.id, notion_url: pageUrl(page) };
      } catch (error) {
        // Notion's 400 says what is wrong with the request: the caller's
        // problem, passed on with Notion's words rather than as a 500.
        if (
          APIResponseError.isAPIResponseError(error) &&
          error.status === 400
        ) {
          throw new InputError(`Notion rejected the action: ${error.message}`);
        }
        throw error;
      }
    },
  };
}

/**
 * Creates an action unless one exists for the same (source, source_id).
 * Requests for the same key are serialised so two quick clicks make one page.
 */
export class IdempotentActionCreator {
  private readonly inFlight = new Map<string, Promise<unknown>>();

  constructor(private readonly store: NotionActionStore) {}

  async create(
    request: CreateActionRequest,
    children?: BlockObjectRequest[],
  ): Promise<NotionActionPage & { created: boolean }> {
    if (!request.source_id) {
      return { ...(await this.store.create(request, children)), created: true };
    }
    const key = JSON.stringify([request.source, request.source_id]);
    const previous = this.inFlight.get(key) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(async () => {
        const existing = await this.store.findBySource(
          request.source,
          request.source_id!,
        );
        if (existing) {
          return { ...existing, created: false };
        }
        return {
          ...(await this.store.create(request, children)),
          created: true,
        };
      });
    this.inFlight.set(key, next);
    try {
      return await next;
    } finally {
      if (this.inFlight.get(key) === next) {
        this.inFlight.delete(key);
      }
    }
  }
}
