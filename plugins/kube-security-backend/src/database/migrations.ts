import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

/** The folder with the knex migrations, shipped with the package (`files` in package.json). */
export const migrationsDir = resolvePackagePath(
  '@kube-security/plugin-kube-security-backend',
  'migrations',
);

/** Runs every pending migration. */
export async function applyMigrations(knex: Knex): Promise<void> {
  await knex.migrate.latest({
    directory: migrationsDir,
    tableName: 'kube_security_knex_migrations',
    loadExtensions: ['.js'],
  });
}

/** Rolls every migration back (used by tests to prove `down` works). */
export async function rollbackMigrations(knex: Knex): Promise<void> {
  await knex.migrate.rollback(
    {
      directory: migrationsDir,
      tableName: 'kube_security_knex_migrations',
      loadExtensions: ['.js'],
    },
    true,
  );
}
