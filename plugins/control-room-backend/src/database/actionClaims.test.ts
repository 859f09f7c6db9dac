import { TestDatabaseId } from '@backstage/backend-test-utils';
import { CreateActionRequest } from '@finance-ppm/plugin-control-room-common';
import { NotionActionStore } from '@finance-ppm/plugin-control-room-node';
import { pluginTestDatabases } from './__testUtils__/testDatabases';
import {
  ACTION_CLAIMS_TABLE,
  createClaimedActionCreator,
  processActionCreator,
} from './actionClaims';
import { migrateDatabase } from './migrateDatabase';

/** Notion pages in memory; slow enough that unserialised requests both create. */
function slowStore() {
  const pages: Array<{ id: string; source: string; sourceId?: string }> = [];
  const store: NotionActionStore = {
    async findBySource(source, sourceId) {
      const page = pages.find(
        p => p.source === source && p.sourceId === sourceId,
      );
      return page && { action_id: page.id, notion_url: `https://n/${page.id}` };
    },
    async create(request) {
      await new Promise(resolve => setTimeout(resolve, 30));
      const id = `page-${pages.length + 1}`;
      pages.push({ id, source: request.source, sourceId: request.source_id });
      return { action_id: id, notion_url: `https://n/${id}` };
    },
  };
  return { pages, store };
}

const advisor: CreateActionRequest = {
  project_id: 'p1',
  title: 'Resize VM',
  source: 'advisor',
  source_id: '/subscriptions/s/providers/Microsoft.Advisor/recommendations/r1',
};

describe('createClaimedActionCreator', () => {
  const databases = pluginTestDatabases();

  async function setUp(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    await migrateDatabase(knex);
    return knex;
  }

  it.each(databases.eachSupportedId())(
    'creates one page for 10 concurrent requests on two replicas, on %s',
    async databaseId => {
      const knex = await setUp(databaseId);
      const { pages, store } = slowStore();
      const replicas = [
        createClaimedActionCreator({ knex, store, pollMs: 10 }),
        createClaimedActionCreator({ knex, store, pollMs: 10 }),
      ];
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => replicas[i % 2].create(advisor)),
      );
      expect(pages).toHaveLength(1);
      expect(new Set(results.map(r => r.action_id))).toEqual(
        new Set(['page-1']),
      );
      expect(results.filter(r => r.created)).toHaveLength(1);
      expect(results.every(r => r.notion_url === 'https://n/page-1')).toBe(
        true,
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'releases the claim when Notion fails, so a retry creates, on %s',
    async databaseId => {
      const knex = await setUp(databaseId);
      const { pages, store } = slowStore();
      const failing: NotionActionStore = {
        ...store,
        create: async () => {
          throw new Error('Notion is down');
        },
      };
      await expect(
        createClaimedActionCreator({ knex, store: failing }).create(advisor),
      ).rejects.toThrow('Notion is down');
      expect(
        Number((await knex(ACTION_CLAIMS_TABLE).count({ n: '*' }))[0].n),
      ).toBe(0);
      const retried = await createClaimedActionCreator({ knex, store }).create(
        advisor,
      );
      expect(retried).toEqual({
        action_id: 'page-1',
        notion_url: 'https://n/page-1',
        created: true,
      });
      expect(pages).toHaveLength(1);
    },
  );

  it.each(databases.eachSupportedId())(
    'takes over a claim never finished and finds the page its holder made, on %s',
    async databaseId => {
      const knex = await setUp(databaseId);
      const { pages, store } = slowStore();
      let now = new Date('2026-11-28T10:00:00Z');
      // A replica claimed, created the page and died before recording it.
      const dying: NotionActionStore = {
        ...store,
        create: async request => {
          await store.create(request);
          return new Promise(() => {});
        },
      };
      void createClaimedActionCreator({
        knex,
        store: dying,
        now: () => now,
      }).create(advisor);
      while (pages.length === 0) {
        await new Promise(resolve => setTimeout(resolve, 5));
      }
      const survivor = createClaimedActionCreator({
        knex,
        store,
        staleAfterMs: 60_000,
        pollMs: 5,
        now: () => now,
      });
      const waiting = survivor.create(advisor);
      await new Promise(resolve => setTimeout(resolve, 30));
      now = new Date('2026-11-28T10:01:00Z');
      expect(await waiting).toEqual({
        action_id: 'page-1',
        notion_url: 'https://n/page-1',
        created: false,
      });
      expect(pages).toHaveLength(1);
      const [row] = await knex(ACTION_CLAIMS_TABLE).select();
      expect(row.action_id).toBe('page-1');
    },
  );

  it.each(databases.eachSupportedId())(
    'makes a manual action once per Idempotency-Key, on %s',
    async databaseId => {
      const knex = await setUp(databaseId);
      const { pages, store } = slowStore();
      const creator = createClaimedActionCreator({ knex, store, pollMs: 5 });
      const manual: CreateActionRequest = {
        project_id: 'p1',
        title: 'Call vendor',
        source: 'manual',
      };
      const [a, b] = await Promise.all([
        creator.create(manual, { idempotencyKey: 'k-1' }),
        creator.create(manual, { idempotencyKey: 'k-1' }),
      ]);
      expect(a.action_id).toBe(b.action_id);
      expect([a.created, b.created].sort()).toEqual([false, true]);
      expect(pages).toEqual([
        { id: 'page-1', source: 'manual', sourceId: 'k-1' },
      ]);
      // Without a key a manual action is created every time.
      await creator.create(manual);
      await creator.create(manual);
      expect(pages).toHaveLength(3);
    },
  );
});

describe('processActionCreator', () => {
  it('uses the Idempotency-Key as the source id within one process', async () => {
    const { pages, store } = slowStore();
    const creator = processActionCreator(store);
    const manual: CreateActionRequest = {
      project_id: 'p1',
      title: 'Call vendor',
      source: 'manual',
    };
    const first = await creator.create(manual, { idempotencyKey: 'k-2' });
    const second = await creator.create(manual, { idempotencyKey: 'k-2' });
    expect(second).toEqual({ ...first, created: false });
    expect(pages).toHaveLength(1);
  });
});
