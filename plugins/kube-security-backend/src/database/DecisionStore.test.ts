import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { DecisionStore, DeclaredException } from './DecisionStore';
import { applyMigrations } from './migrations';

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const WEB = 'component:default/web';
const ANA = 'user:default/ana';

async function setUp(id: TestDatabaseId) {
  const knex = await databases.init(id);
  await applyMigrations(knex);
  const clock = { now: new Date('2026-11-01T10:00:00Z') };
  return { knex, clock, store: new DecisionStore(knex, () => clock.now) };
}

function declared(over: Partial<DeclaredException> = {}): DeclaredException {
  return {
    entityRef: WEB,
    scope: 'check',
    itemId: 'workload-admission-policy',
    checkId: 'workload-admission-policy/privileged-container',
    resource: {
      cluster: 'c1',
      kind: 'Deployment',
      namespace: 'shop',
      name: 'web',
    },
    justification: 'The CNI agent needs host access until we move off it',
    expiresAt: new Date('2026-12-31T23:59:59.999Z'),
    annotation: 'kube-security.io/accept.privileged-container',
    ...over,
  };
}

describe('DecisionStore', () => {
  it.each(databases.eachSupportedId())(
    'creates, lists and revokes decisions with an audit event for each, on %p',
    async id => {
      const { store, clock } = await setUp(id);
      const exception = await store.createException({
        entityRef: WEB,
        scope: 'finding',
        itemId: 'workload-admission-policy',
        findingId: 'f1',
        resource: {
          cluster: 'c1',
          kind: 'Deployment',
          namespace: 'shop',
          name: 'web',
        },
        justification: 'Legacy image, replaced in the Q1 migration',
        ticketUrl: 'https://jira.example.com/SEC-12',
        createdBy: ANA,
        expiresAt: new Date('2027-01-31T23:59:59.999Z'),
        source: 'user',
      });
      expect(exception).toMatchObject({
        id: expect.any(Number),
        entityRef: WEB,
        scope: 'finding',
        findingId: 'f1',
        resource: {
          cluster: 'c1',
          kind: 'Deployment',
          namespace: 'shop',
          name: 'web',
        },
        ticketUrl: 'https://jira.example.com/SEC-12',
        createdAt: '2026-11-01T10:00:00.000Z',
        expiresAt: '2027-01-31T23:59:59.999Z',
        source: 'user',
      });
      const attestation = await store.createAttestation({
        entityRef: 'resource:default/eks',
        itemId: 'cloud-mfa-enforced',
        statement: 'The IdP enforces MFA for every console login',
        evidenceUrl: 'https://wiki.example.com/mfa',
        createdBy: ANA,
        expiresAt: new Date('2027-06-30T23:59:59.999Z'),
      });
      expect(await store.activeExceptions([WEB])).toEqual([exception]);
      expect(await store.activeAttestations()).toEqual([attestation]);
      expect(await store.activeExceptions(['component:default/other'])).toEqual(
        [],
      );

      clock.now = new Date('2026-11-02T09:00:00Z');
      const revoked = await store.revokeException(
        exception.id,
        'user:default/bo',
        'Fixed in release 4.2, no longer needed',
      );
      expect(revoked).toMatchObject({
        revokedAt: '2026-11-02T09:00:00.000Z',
        revokedBy: 'user:default/bo',
        revokeReason: 'Fixed in release 4.2, no longer needed',
      });
      expect(await store.activeExceptions()).toEqual([]);
      await expect(
        store.revokeException(exception.id, ANA, 'twice is a mistake'),
      ).rejects.toThrow(/already revoked/);
      await expect(
        store.revokeAttestation(999, ANA, 'no such attestation'),
      ).rejects.toThrow(/No attestation with id 999/);

      const trail = await store.auditTrail({ offset: 0, limit: 10 });
      expect(trail.total).toBe(3);
      expect(trail.events.map(e => [e.action, e.actor, e.subjectId])).toEqual([
        ['exception.revoke', 'user:default/bo', exception.id],
        ['attestation.create', ANA, attestation.id],
        ['exception.create', ANA, exception.id],
      ]);
      expect(trail.events[2]).toMatchObject({
        entityRef: WEB,
        itemId: 'workload-admission-policy',
        reason: 'Legacy image, replaced in the Q1 migration',
        details: {
          scope: 'finding',
          findingId: 'f1',
          ticketUrl: 'https://jira.example.com/SEC-12',
        },
      });
      expect(
        (await store.auditTrail({ offset: 0, limit: 10, entityRef: WEB }))
          .total,
      ).toBe(2);
    },
  );

  it.each(databases.eachSupportedId())(
    'lets decisions expire on their own and records each expiry once, on %p',
    async id => {
      const { store, clock } = await setUp(id);
      const base = {
        entityRef: WEB,
        scope: 'item' as const,
        itemId: 'workload-admission-policy' as const,
        justification: 'Accepted while the vendor ships a fix',
        createdBy: ANA,
        source: 'user' as const,
      };
      const soon = await store.createException({
        ...base,
        expiresAt: new Date('2026-11-10T23:59:59.999Z'),
      });
      const later = await store.createException({
        ...base,
        expiresAt: new Date('2027-02-01T23:59:59.999Z'),
      });

      const page = await store.pageActiveExceptions({
        offset: 0,
        limit: 10,
        soon: new Date('2026-12-01T10:00:00Z'),
      });
      expect(page.exceptions.map(e => e.id)).toEqual([soon.id, later.id]);
      expect(page).toMatchObject({ total: 2, expiringSoon: 1 });
      expect(
        (await store.expiringBefore(new Date('2026-11-15T10:00:00Z'))).map(
          d => d.id,
        ),
      ).toEqual([soon.id]);

      expect(await store.recordExpiries()).toEqual([]);
      clock.now = new Date('2026-11-11T00:00:00Z');
      expect((await store.activeExceptions()).map(e => e.id)).toEqual([
        later.id,
      ]);
      const expired = await store.recordExpiries();
      expect(expired).toEqual([
        expect.objectContaining({
          type: 'exception',
          id: soon.id,
          entityRef: WEB,
        }),
      ]);
      expect(await store.recordExpiries()).toEqual([]);
      const trail = await store.auditTrail({ offset: 0, limit: 1 });
      expect(trail.events[0]).toMatchObject({
        action: 'exception.expire',
        actor: 'system',
        subjectId: soon.id,
      });
      await expect(
        store.revokeException(soon.id, ANA, 'too late for that now'),
      ).rejects.toThrow(/already expired/);
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps annotation exceptions in step with the cluster, on %p',
    async id => {
      const { store, clock } = await setUp(id);
      expect(await store.syncAnnotationExceptions('c1', [declared()])).toEqual({
        created: 1,
        revoked: 0,
      });
      // The same annotation on the next scan changes nothing.
      expect(await store.syncAnnotationExceptions('c1', [declared()])).toEqual({
        created: 0,
        revoked: 0,
      });
      const [first] = await store.activeExceptions();
      expect(first).toMatchObject({
        source: 'annotation',
        createdBy: 'annotation:c1/Deployment/shop/web',
        scope: 'check',
      });

      clock.now = new Date('2026-11-05T10:00:00Z');
      const changed = declared({
        expiresAt: new Date('2027-01-15T23:59:59.999Z'),
      });
      expect(await store.syncAnnotationExceptions('c1', [changed])).toEqual({
        created: 1,
        revoked: 1,
      });
      const [second] = await store.activeExceptions();
      expect(second.id).not.toBe(first.id);
      expect(second.expiresAt).toBe('2027-01-15T23:59:59.999Z');

      // Another cluster's sync leaves c1's alone; removing the annotation revokes it.
      expect(await store.syncAnnotationExceptions('c2', [])).toEqual({
        created: 0,
        revoked: 0,
      });
      expect(await store.syncAnnotationExceptions('c1', [])).toEqual({
        created: 0,
        revoked: 1,
      });
      expect(await store.activeExceptions()).toEqual([]);
      const actions = (
        await store.auditTrail({ offset: 0, limit: 10 })
      ).events.map(e => e.action);
      expect(actions).toEqual([
        'exception.revoke',
        'exception.create',
        'exception.revoke',
        'exception.create',
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'claims a notification key once, on %p',
    async id => {
      const { store } = await setUp(id);
      expect(
        await store.claimNotification(
          'grade-drop:group:default/a:B>C:2026-11-01',
        ),
      ).toBe(true);
      expect(
        await store.claimNotification(
          'grade-drop:group:default/a:B>C:2026-11-01',
        ),
      ).toBe(false);
      expect(await store.claimNotification('critical:f1')).toBe(true);
    },
  );
});
