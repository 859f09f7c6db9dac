import { TestDatabases } from '@backstage/backend-test-utils';

/**
 * SQLite always; PostgreSQL when its connection string is set: scripts/test.sh
 * starts a cluster and sets BACKSTAGE_TEST_DATABASE_POSTGRES17_CONNECTION_STRING.
 * Never Docker (this build has none).
 */
export function pluginTestDatabases() {
  return TestDatabases.create({
    ids: ['POSTGRES_17', 'SQLITE_3'],
    disableDocker: true,
  });
}
