import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

export const migrationsDirectory = resolvePackagePath(
  '@finance-ppm/plugin-control-room-backend',
  'migrations',
);

/** Brings the plugin's database to the latest migration. */
export async function migrateDatabase(knex: Knex): Promise<void> {
  await knex.migrate.latest({ directory: migrationsDirectory });
}

/**
 * The plugin's database client, migrated unless the operator runs the
 * migrations themselves (`backend.database.plugin.control-room.skipMigrations`).
 */
export async function openPluginDatabase(
  database: DatabaseService,
): Promise<Knex> {
  const knex = await database.getClient();
  if (!database.migrations?.skip) {
    await migrateDatabase(knex);
  }
  return knex;
}
