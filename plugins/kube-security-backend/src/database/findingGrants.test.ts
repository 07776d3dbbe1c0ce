import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import type { Finding } from '@kube-security/plugin-kube-security-common';
import { ScanResult } from './ScanStore';
import { applyMigrations } from './migrations';
import { storesFor } from './stores';

/*
 * Issue 16: the binding an RBAC finding names is stored with it, read back by every
 * reader (plans, condensed plan findings), and a rescan that changes only the binding
 * rewrites the row.
 */
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const CART = 'component:default/cart';
const CART_ADMIN = { kind: 'ClusterRoleBinding' as const, name: 'cart-admin' };

function finding(over: Partial<Finding> = {}): Finding {
  return {
    id: 'builtin-admin-cart',
    checkId: 'workload-rbac-least-privilege/builtin-admin-binding',
    itemId: 'workload-rbac-least-privilege',
    category: 'workload',
    status: 'fail',
    severity: 'critical',
    message: "Runs as service account 'cart'",
    resource: {
      cluster: 'c1',
      kind: 'Deployment',
      namespace: 'shop',
      name: 'cart',
    },
    exposure: { internet: false, dataStore: false },
    ...over,
  };
}

const plain: Finding = {
  ...finding(),
  id: 'token-mount-cart',
  checkId: 'workload-rbac-least-privilege/service-account-token-mount',
  severity: 'low',
};

function scan(findings: Finding[]): ScanResult {
  return {
    cluster: 'c1',
    status: 'ok',
    findings,
    coverage: [
      {
        itemId: 'workload-rbac-least-privilege',
        coverage: 'full',
        checksRun: [],
      },
    ],
    workloads: [],
    ownerOf: () => CART,
    unreadable: [],
    notes: [],
    objectCount: 1,
  };
}

async function setUp(id: TestDatabaseId) {
  const knex = await databases.init(id);
  await applyMigrations(knex);
  const stores = storesFor(knex);
  await stores.scans.registerClusters([{ name: 'c1', source: 'snapshot' }]);
  const write = async (findings: Finding[]) =>
    stores.scans.writeScan(await stores.scans.startScan('c1'), scan(findings));
  return { knex, stores, write };
}

describe('finding grants', () => {
  it.each(databases.eachSupportedId())(
    'are stored, read back and rewritten when they change, on %p',
    async (id: TestDatabaseId) => {
      const { knex, stores, write } = await setUp(id);
      await write([finding({ grant: CART_ADMIN }), plain]);

      const read = async () =>
        new Map(
          (await stores.findings.openFindings({ cluster: 'c1' })).map(f => [
            f.id,
            f.grant,
          ]),
        );
      expect(await read()).toEqual(
        new Map([
          ['builtin-admin-cart', CART_ADMIN],
          ['token-mount-cart', undefined],
        ]),
      );
      const rows = await knex('kube_security_findings')
        .orderBy('id')
        .select('id', 'grant_ref');
      expect(rows).toEqual([
        {
          id: 'builtin-admin-cart',
          grant_ref: '{"kind":"ClusterRoleBinding","name":"cart-admin"}',
        },
        { id: 'token-mount-cart', grant_ref: null },
      ]);

      // Condensed plan findings keep the grant apart from the finding without one.
      const condensed = (await stores.findings.planFindings([CART])).get(CART)!;
      expect(condensed.map(f => f.grant ?? null).sort()).toEqual([
        CART_ADMIN,
        null,
      ]);

      // Only the binding changes: the rescan sees new content and rewrites the row.
      const edit = {
        kind: 'RoleBinding' as const,
        name: 'cart-edit',
        namespace: 'shop',
      };
      const changed = await write([finding({ grant: edit }), plain]);
      expect(changed).toMatchObject({ updated: 1 });
      expect((await read()).get('builtin-admin-cart')).toEqual(edit);

      // And back to none.
      await write([finding(), plain]);
      expect((await read()).get('builtin-admin-cart')).toBeUndefined();
      expect(
        await knex('kube_security_findings')
          .whereNotNull('grant_ref')
          .count({ n: '*' }),
      ).toEqual([{ n: id.startsWith('POSTGRES') ? '0' : 0 }]);

      // A rescan with the same grants writes nothing.
      await write([finding({ grant: CART_ADMIN }), plain]);
      const same = await write([finding({ grant: CART_ADMIN }), plain]);
      expect(same).toMatchObject({ updated: 0, inserted: 0 });
    },
    60_000,
  );
});
