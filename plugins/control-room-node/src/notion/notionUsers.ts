import { Client, isFullUser, iteratePaginatedAPI } from '@notionhq/client';
import type { LoggerService } from '@backstage/backend-plugin-api';

/**
 * The Notion user id of a workspace member by email, or undefined (the action
 * is then created unassigned rather than failing). Needs the integration's
 * "read user information including email addresses" capability.
 */
export function createNotionUserLookup(
  client: Pick<Client, 'users'>,
  logger: Pick<LoggerService, 'warn'>,
) {
  return async (email: string): Promise<string | undefined> => {
    const wanted = email.trim().toLowerCase();
    try {
      for await (const user of iteratePaginatedAPI(client.users.list, {})) {
        if (
          isFullUser(user) &&
          user.type === 'person' &&
          user.person.email?.toLowerCase() === wanted
        ) {
          return user.id;
        }
      }
      logger.warn(
        `No Notion user has the assignee's email; action left unassigned`,
      );
    } catch (error) {
      logger.warn(
        `Could not list Notion users to resolve the assignee; action left unassigned: ${
          (error as Error).name
        }`,
      );
    }
    return undefined;
  };
}
