import { ConflictError, NotFoundError } from '@backstage/errors';
import { pluginTestDatabases } from '../database/__testUtils__/testDatabases';
import { migrateDatabase } from '../database';
import {
  createTaskTrigger,
  databaseTaskRequests,
  memoryTaskRequests,
  TaskRequests,
} from './taskRequests';

jest.setTimeout(60_000);

/** Three requests for two tasks, then what each take returns. */
async function takeAfterRequests(requests: TaskRequests) {
  await requests.add('notion_requested_sync', {
    trigger: 'webhook',
    detail: 'projects',
  });
  await requests.add('ppm_marts_gold', { trigger: 'manual' });
  await requests.add('notion_requested_sync', {
    trigger: 'webhook',
    detail: 'actions',
  });
  return [
    await requests.take('notion_requested_sync'),
    await requests.take('notion_requested_sync'),
    await requests.take('ppm_marts_gold'),
  ];
}

// In the order made; taken requests are gone; other tasks' stay.
const takenInOrder = [
  [
    { trigger: 'webhook', detail: 'projects' },
    { trigger: 'webhook', detail: 'actions' },
  ],
  [],
  [{ trigger: 'manual' }],
];

describe('task requests', () => {
  const databases = pluginTestDatabases();

  it('in memory, are taken once per task in the order made', async () => {
    expect(await takeAfterRequests(memoryTaskRequests())).toEqual(takenInOrder);
  });

  it.each(databases.eachSupportedId())(
    'in the plugin database, are taken once per task in the order made, on %s',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await migrateDatabase(knex);
      expect(await takeAfterRequests(databaseTaskRequests(knex))).toEqual(
        takenInOrder,
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'a request made on one replica is taken by another, on %s',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await migrateDatabase(knex);
      const replicaA = databaseTaskRequests(knex);
      const replicaB = databaseTaskRequests(knex);

      await replicaA.add('control_room_startup_run', { trigger: 'startup' });

      expect(await replicaB.take('control_room_startup_run')).toEqual([
        { trigger: 'startup' },
      ]);
      expect(await replicaA.take('control_room_startup_run')).toEqual([]);
    },
  );
});

/**
 * A run-now refused while a request another replica queued waits for the
 * same task; returns what the task then takes.
 */
async function refuseWithAQueuedRequest(requests: TaskRequests) {
  await requests.add('ppm_marts_gold', { trigger: 'webhook' });
  const trigger = createTaskTrigger({
    requests,
    scheduler: {
      triggerTask: async () => {
        throw new ConflictError('Task ppm_marts_gold is currently running');
      },
    },
  });
  await expect(
    trigger('ppm_marts_gold', { trigger: 'manual' }, 'refuse'),
  ).rejects.toThrow('currently running');
  return requests.take('ppm_marts_gold');
}

describe('createTaskTrigger', () => {
  const databases = pluginTestDatabases();

  it('records the request, then triggers the task', async () => {
    const requests = memoryTaskRequests();
    const seen: unknown[] = [];
    const trigger = createTaskTrigger({
      requests,
      scheduler: {
        triggerTask: async id => void seen.push(await requests.take(id)),
      },
    });

    await trigger('ppm_marts_gold', { trigger: 'manual' }, 'refuse');

    expect(seen).toEqual([[{ trigger: 'manual' }]]);
  });

  it('keeps a request for a running task, which takes it before it ends', async () => {
    const requests = memoryTaskRequests();
    const trigger = createTaskTrigger({
      requests,
      scheduler: {
        triggerTask: async () => {
          throw new ConflictError('Task notion_requested_sync is running');
        },
      },
    });

    await trigger(
      'notion_requested_sync',
      { trigger: 'webhook', detail: 'actions' },
      'keep',
    );

    expect(await requests.take('notion_requested_sync')).toEqual([
      { trigger: 'webhook', detail: 'actions' },
    ]);
  });

  it('withdraws a refused run-now, and only it, and says the task is running', async () => {
    expect(await refuseWithAQueuedRequest(memoryTaskRequests())).toEqual([
      { trigger: 'webhook' },
    ]);
  });

  it.each(databases.eachSupportedId())(
    'withdraws only its own request when refused, on %s',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await migrateDatabase(knex);
      expect(
        await refuseWithAQueuedRequest(databaseTaskRequests(knex)),
      ).toEqual([{ trigger: 'webhook' }]);
    },
  );

  it('withdraws a request for a task the scheduler does not know, whatever the mode', async () => {
    const requests = memoryTaskRequests();
    const trigger = createTaskTrigger({
      requests,
      scheduler: {
        triggerTask: async id => {
          throw new NotFoundError(`Task ${id} does not exist`);
        },
      },
    });

    await expect(
      trigger('nothing', { trigger: 'webhook', detail: 'x' }, 'keep'),
    ).rejects.toThrow('does not exist');
    expect(await requests.take('nothing')).toEqual([]);
  });
});
