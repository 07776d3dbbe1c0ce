import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { cpSync, mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { SnapshotDirectoryCollector } from '../collectors/SnapshotDirectoryCollector';
import { applyMigrations } from '../database/migrations';
import { storesFor } from '../database/stores';
import {
  EXAMPLES_DIR,
  loadExampleCatalog,
} from '../__testUtils__/exampleCatalog';
import { testServices } from '../__testUtils__/testServices';
import { clusterSources } from './ScanService';

/*
 * Issue 13, point 8: a namespace admin's annotation on an object whose findings belong to
 * the cluster's Resource must not accept a risk for the platform team, unless the
 * configuration allows it; otherwise it is shown as pending.
 */

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const NOW = new Date('2026-12-05T12:00:00Z');
const CLUSTER_RESOURCE = 'resource:default/eks-prod-eu';

/** A tenant's Role with wildcard verbs, annotated to accept its own finding. */
const TENANT_ROLE = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: tenant-admin
  namespace: tenant-a
  annotations:
    kube-security.io/accept.wildcard-permissions: We need it for the migration; expires=2027-01-31
rules:
  - apiGroups: [""]
    resources: [configmaps]
    verbs: ["*"]
`;

async function scanWith(id: TestDatabaseId, allow: boolean | undefined) {
  const knex = await databases.init(id);
  await applyMigrations(knex);
  const now = () => NOW;
  const stores = storesFor(knex, { now });
  const dir = mkdtempSync(join(tmpdir(), 'kube-security-annotations-'));
  cpSync(resolve(EXAMPLES_DIR, 'clusters/eks-prod-eu'), dir, {
    recursive: true,
  });
  writeFileSync(join(dir, 'tenant-role.yaml'), TENANT_ROLE);
  const [source] = await clusterSources([
    new SnapshotDirectoryCollector([
      { name: 'eks-prod-eu', provider: 'eks', directory: dir },
    ]),
  ]);
  const services = testServices({
    stores,
    ...(allow === undefined ? {} : { annotationsOnClusterResources: allow }),
    now,
  });
  await services.scans.registerSources([source]);
  await services.refreshCatalog();
  expect(await services.scans.scan(source)).toMatchObject({ status: 'ok' });
  const resource = loadExampleCatalog().find(
    e => e.kind === 'Resource' && e.metadata.name === 'eks-prod-eu',
  )!;
  return { stores, services, resource };
}

describe('annotation exceptions on objects of the cluster Resource', () => {
  it.each(databases.eachSupportedId())(
    'are not honoured by default but shown as pending, on %p',
    async id => {
      const { stores, services, resource } = await scanWith(id, undefined);
      const active = await stores.decisions.activeExceptions();
      expect(active.filter(e => e.resource?.name === 'tenant-admin')).toEqual(
        [],
      );
      expect(active.filter(e => e.entityRef === CLUSTER_RESOURCE)).toEqual([]);
      // The component's own annotation is still honoured.
      expect(
        active.some(
          e =>
            e.entityRef === 'component:default/storefront-web' &&
            e.source === 'annotation',
        ),
      ).toBe(true);
      const decisions = await services.decisions.entityDecisions(resource);
      expect(decisions.pendingExceptions).toEqual([
        expect.objectContaining({
          entityRef: CLUSTER_RESOURCE,
          itemId: 'workload-rbac-least-privilege',
          checkId: 'workload-rbac-least-privilege/wildcard-permissions',
          resource: expect.objectContaining({
            cluster: 'eks-prod-eu',
            kind: 'Role',
            namespace: 'tenant-a',
            name: 'tenant-admin',
          }),
          annotation: 'kube-security.io/accept.wildcard-permissions',
          justification: 'We need it for the migration',
          reason: expect.stringMatching(/annotationsOnClusterResources/),
        }),
      ]);
      // The finding stays open and unaccepted in the Resource's plan.
      const plan = await services.plans.entityPlan(resource);
      const item = plan.plan.items.find(
        i => i.itemId === 'workload-rbac-least-privilege',
      )!;
      const finding = item.findings.find(
        f => f.resource.name === 'tenant-admin',
      )!;
      expect(finding.status).toBe('fail');
      expect(finding.accepted).toBeUndefined();
    },
    60_000,
  );

  it.each(databases.eachSupportedId())(
    'are honoured when the configuration allows it, on %p',
    async id => {
      const { stores, services, resource } = await scanWith(id, true);
      const active = await stores.decisions.activeExceptions([
        CLUSTER_RESOURCE,
      ]);
      expect(active.map(e => [e.resource?.name, e.source])).toEqual([
        ['tenant-admin', 'annotation'],
      ]);
      const decisions = await services.decisions.entityDecisions(resource);
      expect(decisions.pendingExceptions ?? []).toEqual([]);
    },
    60_000,
  );
});
