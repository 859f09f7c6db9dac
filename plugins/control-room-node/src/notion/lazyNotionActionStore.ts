import { NotionActionStore } from './notionActions';

/**
 * A store whose real one is built on first use, once the actions data
 * source id is known; answers fail with a clear error until it can be.
 */
export function lazyNotionActionStore(
  build: () => Promise<NotionActionStore | undefined>,
): NotionActionStore {
  const store = async () => {
    const built = await build();
    if (!built) {
      throw new Error(
        'No Notion actions database: set controlRoom.notion.databases.actions.id',
      );
    }
    return built;
  };
  return {
    findBySource: async (source, sourceId) =>
      (await store()).findBySource(source, sourceId),
    create: async (request, children) =>
      (await store()).create(request, children),
  };
}
