import { mockServices } from '@backstage/backend-test-utils';
import { pluginTestDatabases } from './__testUtils__/testDatabases';
import {
  migrateDatabase,
  migrationsDirectory,
  openPluginDatabase,
} from './migrateDatabase';
import { ACTION_CLAIMS_TABLE } from './actionClaims';
import { WEBHOOK_EVENTS_TABLE } from '../service/webhookEvents';
import { TASK_REQUESTS_TABLE } from '../pipeline/taskRequests';
import { ALERT_STATE_TABLE } from '../alerts/alertState';

const MIGRATIONS_TABLE = 'knex_migrations';

describe('plugin database migrations', () => {
  const databases = pluginTestDatabases();

  it('runs on PostgreSQL when scripts/test.sh provides one', () => {
    const withPostgres = Boolean(
      process.env.BACKSTAGE_TEST_DATABASE_POSTGRES17_CONNECTION_STRING,
    );
    expect(databases.eachSupportedId()).toEqual(
      withPostgres ? [['POSTGRES_17'], ['SQLITE_3']] : [['SQLITE_3']],
    );
  });

  it.each(databases.eachSupportedId())(
    'runs every migration up, down and up again on %s',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await migrateDatabase(knex);
      expect(await knex.schema.hasTable(WEBHOOK_EVENTS_TABLE)).toBe(true);
      expect(await knex.schema.hasTable(ACTION_CLAIMS_TABLE)).toBe(true);
      expect(await knex.schema.hasTable(TASK_REQUESTS_TABLE)).toBe(true);
      expect(await knex.schema.hasTable(ALERT_STATE_TABLE)).toBe(true);
      const applied = await knex(MIGRATIONS_TABLE).count({ n: '*' });
      expect(Number(applied[0].n)).toBeGreaterThanOrEqual(3);

      // Every replica migrates at start; a second run changes nothing.
      await migrateDatabase(knex);
      expect(
        Number((await knex(MIGRATIONS_TABLE).count({ n: '*' }))[0].n),
      ).toBe(Number(applied[0].n));

      await knex.migrate.rollback({ directory: migrationsDirectory }, true);
      expect(await knex.schema.hasTable(WEBHOOK_EVENTS_TABLE)).toBe(false);
      expect(await knex.schema.hasTable(ACTION_CLAIMS_TABLE)).toBe(false);
      expect(await knex.schema.hasTable(TASK_REQUESTS_TABLE)).toBe(false);
      expect(await knex.schema.hasTable(ALERT_STATE_TABLE)).toBe(false);
      await migrateDatabase(knex);
      expect(await knex.schema.hasTable(ACTION_CLAIMS_TABLE)).toBe(true);
      expect(await knex.schema.hasTable(ALERT_STATE_TABLE)).toBe(true);
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps a webhook events table created before migrations existed, on %s',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.schema.createTable(WEBHOOK_EVENTS_TABLE, table => {
        table.string('event_id', 255).primary().notNullable();
        table.bigInteger('expires_at').notNullable().index();
        table.string('claim', 64).notNullable();
      });
      await knex(WEBHOOK_EVENTS_TABLE).insert({
        event_id: 'evt-old',
        expires_at: 1,
        claim: 'c',
      });
      await migrateDatabase(knex);
      expect(await knex(WEBHOOK_EVENTS_TABLE).select('event_id')).toEqual([
        { event_id: 'evt-old' },
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'migrates at plugin start unless migrations are skipped, on %s',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const skipped = await openPluginDatabase({
        getClient: async () => knex,
        migrations: { skip: true },
      });
      expect(await skipped.schema.hasTable(ACTION_CLAIMS_TABLE)).toBe(false);
      const migrated = await openPluginDatabase(
        mockServices.database({ knex }),
      );
      expect(await migrated.schema.hasTable(ACTION_CLAIMS_TABLE)).toBe(true);
    },
  );
});
