import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { applyMigrations } from '../database/migrations';
import { storesFor } from '../database/stores';
import { DecisionService } from './DecisionService';

/*
 * Issue 13, point 14: an entity holds at most a configured number of active decisions
 * (exceptions and attestations together); past it a create is refused with a 409 that
 * says what to do, and other entities are not affected.
 */

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const component = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
});

const itemException = {
  scope: 'item' as const,
  itemId: 'workload-rbac-least-privilege' as const,
  justification: 'Reviewed with the security team this quarter',
  expiresAt: '2027-01-15T00:00:00Z',
};

describe.each(databases.eachSupportedId())(
  'active decisions per entity, on %p',
  (databaseId: TestDatabaseId) => {
    it('refuses a decision past the cap with a 409, per entity, until one is revoked', async () => {
      const knex = await databases.init(databaseId);
      await applyMigrations(knex);
      const now = () => new Date('2026-12-05T12:00:00Z');
      const stores = storesFor(knex, { now });
      const service = new DecisionService({
        stores,
        settings: {
          maxExceptionDays: 180,
          maxAttestationDays: 365,
          checkFrequency: 'PT1H',
          maxActivePerEntity: 3,
        },
        recompute: { run: async () => undefined },
        mapping: { ownersOf: () => [] },
        logger: mockServices.logger.mock(),
        now,
      });
      const web = component('web');
      const created = [];
      for (let i = 0; i < 3; i++) {
        created.push(
          await service.createException(web, itemException, 'user:default/a'),
        );
      }
      const refused = service.createException(
        web,
        itemException,
        'user:default/a',
      );
      await expect(refused).rejects.toMatchObject({
        name: 'ConflictError',
        message:
          'component:default/web already has 3 active decisions (exceptions and attestations), the most allowed; revoke one that is no longer needed, or raise kubeSecurity.maxActiveDecisionsPerEntity',
      });
      // Another entity has its own allowance.
      await expect(
        service.createException(
          component('api'),
          itemException,
          'user:default/a',
        ),
      ).resolves.toMatchObject({ entityRef: 'component:default/api' });
      // A revoked decision frees its place.
      await service.revokeException(
        created[0].id,
        'user:default/a',
        'No longer needed after the fix',
      );
      await expect(
        service.createException(web, itemException, 'user:default/a'),
      ).resolves.toMatchObject({ entityRef: 'component:default/web' });
    });
  },
);
