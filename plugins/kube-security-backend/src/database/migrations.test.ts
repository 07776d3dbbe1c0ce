import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { applyMigrations, rollbackMigrations } from './migrations';

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
});

const TABLES = [
  'kube_security_clusters',
  'kube_security_scans',
  'kube_security_findings',
  'kube_security_item_coverage',
  'kube_security_score_history',
  'kube_security_workloads',
  'kube_security_entity_summaries',
  'kube_security_team_summaries',
  'kube_security_exceptions',
  'kube_security_attestations',
  'kube_security_audit',
  'kube_security_notifications',
  'kube_security_notification_outbox',
  'kube_security_replicas',
  'kube_security_team_members',
];

// PostgreSQL must never be skipped silently in CI: .ci/run and scripts/test.sh start one.
if (
  process.env.CI &&
  !process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
) {
  throw new Error(
    'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is not set: run the tests through scripts/test.sh, which starts PostgreSQL',
  );
}

describe('migrations', () => {
  it.each(databases.eachSupportedId())(
    'run up and down on %p',
    async (databaseId: TestDatabaseId) => {
      const knex = await databases.init(databaseId);

      await applyMigrations(knex);
      for (const table of TABLES) {
        expect(await knex.schema.hasTable(table)).toBe(true);
      }
      await knex('kube_security_clusters').insert({
        name: 'eks-prod',
        provider: 'eks',
        source: 'kubernetes',
        stale: false,
        updated_at: new Date(),
      });
      expect(await knex('kube_security_clusters').count({ n: '*' })).toEqual([
        { n: databaseId.startsWith('POSTGRES') ? '1' : 1 },
      ]);

      await rollbackMigrations(knex);
      for (const table of TABLES) {
        expect(await knex.schema.hasTable(table)).toBe(false);
      }

      // And up again: down must leave nothing behind that blocks a re-apply.
      await applyMigrations(knex);
      expect(await knex.schema.hasTable('kube_security_findings')).toBe(true);
    },
  );

  it('covers SQLite, and PostgreSQL whenever a connection string is given', () => {
    const ids = databases.eachSupportedId().map(([id]) => id);
    const expected = process.env
      .BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
      ? ['SQLITE_3', 'POSTGRES_15']
      : ['SQLITE_3'];
    expect(ids.sort()).toEqual(expected.sort());
  });
});
