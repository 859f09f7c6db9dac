import { Client } from '@notionhq/client';
import { NotionDatabaseName } from './config';

/**
 * Maps between the configured databases and their data sources, resolved
 * once on first use (Notion webhooks and page creation speak in data
 * source ids).
 */
export function createDataSourceDirectory(
  client: Pick<Client, 'databases'>,
  databaseIds: Partial<Record<NotionDatabaseName, string>>,
) {
  let resolved: Promise<Map<NotionDatabaseName, string>> | undefined;
  const resolve = () => {
    resolved ??= (async () => {
      const byName = new Map<NotionDatabaseName, string>();
      for (const [name, id] of Object.entries(databaseIds)) {
        if (!id) continue;
        const database = (await client.databases.retrieve({
          database_id: id,
        })) as { data_sources?: { id: string }[] };
        const dataSourceId = database.data_sources?.[0]?.id;
        if (dataSourceId) byName.set(name as NotionDatabaseName, dataSourceId);
      }
      return byName;
    })();
    // A failed lookup is retried on the next call instead of being cached.
    resolved.catch(() => {
      resolved = undefined;
    });
    return resolved;
  };
  return {
    async dataSourceIdOf(
      name: NotionDatabaseName,
    ): Promise<string | undefined> {
      return (await resolve()).get(name);
    },
    async nameOf(
      dataSourceId: string,
    ): Promise<NotionDatabaseName | undefined> {
      for (const [name, id] of await resolve()) {
        if (id === dataSourceId) return name;
      }
      return undefined;
    },
  };
}
