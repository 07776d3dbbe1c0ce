import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { DecisionStore } from './DecisionStore';
import { applyMigrations } from './migrations';

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const WEB = 'component:default/web';

async function setUp(id: TestDatabaseId) {
  const knex = await databases.init(id);
  await applyMigrations(knex);
  const now = () => new Date('2026-11-01T10:00:00Z');
  return { knex, store: new DecisionStore(knex, now) };
}

describe('DecisionStore revocation under concurrency', () => {
  it.each(databases.eachSupportedId())(
    'lets exactly one of many concurrent revokes of a decision succeed, with one audit event, on %p',
    async id => {
      const { knex, store } = await setUp(id);
      for (let round = 0; round < 5; round++) {
        const exception = await store.createException({
          entityRef: WEB,
          scope: 'item',
          itemId: 'workload-admission-policy',
          justification: 'Accepted while the platform migrates the CNI',
          createdBy: 'user:default/ana',
          expiresAt: new Date('2026-12-31T23:59:59.999Z'),
          source: 'user',
        });
        const attestation = await store.createAttestation({
          entityRef: WEB,
          itemId: 'workload-runtime-monitoring',
          statement: 'Falco runs on every node of the cluster',
          evidenceUrl: 'https://wiki.example.com/falco',
          createdBy: 'user:default/ana',
          expiresAt: new Date('2026-12-31T23:59:59.999Z'),
        });
        const results = await Promise.allSettled([
          ...['user:default/bo', 'user:default/cy', 'user:default/di'].map(
            actor => store.revokeException(exception.id, actor, 'done'),
          ),
          ...['user:default/bo', 'user:default/cy', 'user:default/di'].map(
            actor => store.revokeAttestation(attestation.id, actor, 'done'),
          ),
        ]);
        const ok = results.map(r => r.status === 'fulfilled');
        expect(ok.slice(0, 3).filter(Boolean)).toHaveLength(1);
        expect(ok.slice(3).filter(Boolean)).toHaveLength(1);
        const refusals = results.flatMap(r =>
          r.status === 'rejected' ? [String(r.reason)] : [],
        );
        expect(refusals).toHaveLength(4);
        expect(refusals.every(m => /already revoked/.test(m))).toBe(true);
        const events = async (action: string, subject: number) =>
          (
            await knex('kube_security_audit').where({
              action,
              subject_id: subject,
            })
          ).length;
        expect(await events('exception.revoke', exception.id)).toBe(1);
        expect(await events('attestation.revoke', attestation.id)).toBe(1);
        // The stored revoker is the one whose call succeeded.
        const winner = results.findIndex(r => r.status === 'fulfilled');
        const revoked = await store.getException(exception.id);
        expect(revoked?.revokedBy).toBe(
          ['user:default/bo', 'user:default/cy', 'user:default/di'][winner],
        );
      }
    },
    60_000,
  );
});
