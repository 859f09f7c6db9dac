import { Client } from '@notionhq/client';

/**
 * Maps between the configured databases and their data sources, resolved
 * once on first use (Notion webhooks and page creation speak in data
 * source ids).
 */
export function createDataSourceDirectory(
  client: Pick<Client, 'databases'>,
  databaseIds: Record<string, string | undefined>,
) {
  let resolved: Promise<Map<string, string>> | undefined;
  const resolve = () => {
    resolved ??= (async () => {
      const byName = new Map<string, string>();
      for (const [name, id] of Object.entries(databaseIds)) {
        if (!id) continue;
        const database = (await client.databases.retrieve({
          database_id: id,
        })) as { data_sources?: { id: string }[] };
        const dataSourceId = database.data_sources?.[0]?.id;
        if (dataSourceId) byName.set(name, dataSourceId);
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
    async dataSourceIdOf(name: string): Promise<string | undefined> {
      return (await resolve()).get(name);
    },
    async nameOf(dataSourceId: string): Promise<string | undefined> {
      for (const [name, id] of await resolve()) {
        if (id === dataSourceId) return name;
      }
      return undefined;
    },
  };
}
