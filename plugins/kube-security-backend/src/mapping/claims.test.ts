import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { SnapshotDirectoryCollector } from '../collectors/SnapshotDirectoryCollector';
import { applyMigrations } from '../database/migrations';
import { Stores, storesFor } from '../database/stores';
import {
  EXAMPLE_SNAPSHOTS,
  loadExampleCatalog,
} from '../__testUtils__/exampleCatalog';
import { clusterSources } from '../scan/ScanService';
import { testServices } from '../__testUtils__/testServices';

/*
 * Issue 13, point 7: an entity registered later cannot take over findings another entity
 * claims (same cluster, same kubernetes-id, overlapping label selectors), a selector that
 * sets no label to a value takes nothing, configuration can pin a cluster to its entity,
 * and every refused claim is logged and listed as a mapping conflict.
 */

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const CLUSTER_RESOURCE = 'resource:default/eks-prod-eu';

function entity(
  kind: string,
  name: string,
  annotations: Record<string, string>,
  spec: Record<string, unknown> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default', annotations },
    spec: { owner: 'data', ...spec },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/data' }],
  };
}

/** A Resource registered by someone else, naming the platform team's cluster. */
const rogueCluster = entity(
  'Resource',
  'aaa-eks-prod-eu',
  { 'kube-security.io/cluster': 'eks-prod-eu' },
  { type: 'kubernetes-cluster' },
);

async function setUp(
  id: TestDatabaseId,
  options: { clusterEntities?: Record<string, string> } = {},
) {
  const knex = await databases.init(id);
  await applyMigrations(knex);
  let time = Date.parse('2026-12-05T12:00:00Z');
  const now = () => new Date(time);
  const stores = storesFor(knex, { now });
  let entities: Entity[] = loadExampleCatalog();
  const logger = mockServices.logger.mock();
  const services = testServices({
    stores,
    logger,
    loadEntities: async () => entities,
    now,
    ...options,
  });
  const [source] = await clusterSources([
    new SnapshotDirectoryCollector(
      EXAMPLE_SNAPSHOTS.filter(s => s.name === 'eks-prod-eu') as any,
    ),
  ]);
  await services.scans.registerSources([source]);
  return {
    stores,
    services,
    logger,
    source,
    /** The catalog changes an hour later. */
    setCatalog: (next: Entity[]) => {
      entities = next;
      time += 3600_000;
    },
  };
}

async function ownersOf(stores: Stores, pick: (f: any) => boolean) {
  return [
    ...new Set(
      (await stores.findings.openFindings())
        .filter(pick)
        .map(f => f.entityRef ?? null),
    ),
  ];
}

/** Findings about anything but a workload belong to the cluster's Resource. */
const clusterLevel = (f: any) =>
  ![
    'Deployment',
    'StatefulSet',
    'DaemonSet',
    'ReplicaSet',
    'Job',
    'CronJob',
    'ReplicationController',
    'Pod',
  ].includes(f.resource.kind);

function warned(logger: ReturnType<typeof mockServices.logger.mock>) {
  return (logger.warn as jest.Mock).mock.calls.map(c => String(c[0]));
}

describe('claims to the same findings', () => {
  it.each(databases.eachSupportedId())(
    'a later Resource naming the cluster is refused, logged and listed, on %p',
    async (id: TestDatabaseId) => {
      const { stores, services, logger, source, setCatalog } = await setUp(id);
      await services.refreshCatalog();
      await services.scans.scan(source);
      expect(await ownersOf(stores, clusterLevel)).toEqual([CLUSTER_RESOURCE]);

      setCatalog([...loadExampleCatalog(), rogueCluster]);
      await services.refreshCatalog();
      await services.scans.scan(source);
      expect(await ownersOf(stores, clusterLevel)).toEqual([CLUSTER_RESOURCE]);
      // The refused Resource gets no summary (a plan of the cluster's coverage without
      // its findings would score it perfect), so its team does not count the cluster.
      expect(
        await stores.aggregates.entitySummaries([
          'resource:default/aaa-eks-prod-eu',
        ]),
      ).toEqual([]);
      expect(
        (await stores.aggregates.teamRollup('group:default/data'))!.clusters,
      ).not.toContain('eks-prod-eu');
      expect(await services.scans.mappingConflicts()).toEqual([
        expect.objectContaining({
          kind: 'cluster',
          cluster: 'eks-prod-eu',
          claimants: ['resource:default/aaa-eks-prod-eu', CLUSTER_RESOURCE],
          keptBy: CLUSTER_RESOURCE,
        }),
      ]);
      expect(
        warned(logger).some(m =>
          /Mapping conflict: .*aaa-eks-prod-eu.* is refused/.test(m),
        ),
      ).toBe(true);
    },
    60_000, // several scans on a shared, loaded machine
  );

  it.each(databases.eachSupportedId())(
    'a later entity with the same kubernetes-id or an overlapping selector takes nothing, on %p',
    async (id: TestDatabaseId) => {
      const { stores, services, source, setCatalog } = await setUp(id);
      const adminerOwner = entity('Component', 'adminer-tool', {
        'backstage.io/kubernetes-label-selector': 'app=adminer',
      });
      setCatalog([...loadExampleCatalog(), adminerOwner]);
      await services.refreshCatalog();
      await services.scans.scan(source);
      const storefront = (f: any) =>
        f.resource.kind === 'Deployment' &&
        f.resource.name === 'storefront-web';
      const adminer = (f: any) =>
        f.resource.kind === 'Deployment' && f.resource.name === 'adminer';
      expect(await ownersOf(stores, storefront)).toEqual([
        'component:default/storefront-web',
      ]);
      expect(await ownersOf(stores, adminer)).toEqual([
        'component:default/adminer-tool',
      ]);

      setCatalog([
        ...loadExampleCatalog(),
        adminerOwner,
        entity('Component', 'aaa-storefront', {
          'backstage.io/kubernetes-id': 'storefront-web',
        }),
        entity('Component', 'aaa-adminer', {
          'backstage.io/kubernetes-label-selector': 'app in (adminer, other)',
        }),
      ]);
      await services.refreshCatalog();
      expect(await ownersOf(stores, storefront)).toEqual([
        'component:default/storefront-web',
      ]);
      expect(await ownersOf(stores, adminer)).toEqual([
        'component:default/adminer-tool',
      ]);
      // A rescan maps the same way and finds the same conflicts.
      await services.scans.scan(source);
      expect(await ownersOf(stores, adminer)).toEqual([
        'component:default/adminer-tool',
      ]);
      const conflicts = await services.scans.mappingConflicts();
      expect(conflicts).toEqual([
        expect.objectContaining({
          kind: 'kubernetes-id',
          cluster: 'eks-prod-eu',
          subject: 'kubernetes-id storefront-web',
          claimants: [
            'component:default/aaa-storefront',
            'component:default/storefront-web',
          ],
          keptBy: 'component:default/storefront-web',
          workloads: 1,
        }),
        expect.objectContaining({
          kind: 'label-selector',
          cluster: 'eks-prod-eu',
          claimants: [
            'component:default/aaa-adminer',
            'component:default/adminer-tool',
          ],
          keptBy: 'component:default/adminer-tool',
        }),
      ]);
    },
    60_000, // several scans on a shared, loaded machine
  );

  it.each(databases.eachSupportedId())(
    'a catch-all selector does not empty the unowned findings, on %p',
    async (id: TestDatabaseId) => {
      const { stores, services, source, setCatalog } = await setUp(id);
      await services.refreshCatalog();
      await services.scans.scan(source);
      const unowned = await stores.findings.countUnowned();
      expect(unowned).toBeGreaterThan(0);

      setCatalog([
        ...loadExampleCatalog(),
        entity('Component', 'everything', {
          'backstage.io/kubernetes-label-selector': '!kube-security.io/none',
        }),
        entity('Component', 'every-app', {
          'backstage.io/kubernetes-label-selector': 'app, tier notin (db)',
        }),
      ]);
      await services.refreshCatalog();
      await services.scans.scan(source);
      expect(await stores.findings.countUnowned()).toBe(unowned);
      expect(
        (await services.scans.mappingConflicts()).map(c => [
          c.kind,
          c.claimants,
        ]),
      ).toEqual([
        ['catch-all-selector', ['component:default/every-app']],
        ['catch-all-selector', ['component:default/everything']],
      ]);
    },
    60_000, // several scans on a shared, loaded machine
  );

  it.each(databases.eachSupportedId())(
    'claims seen together are all refused unless configuration pins the cluster, on %p',
    async (id: TestDatabaseId) => {
      const unpinned = await setUp(id);
      unpinned.setCatalog([...loadExampleCatalog(), rogueCluster]);
      await unpinned.services.refreshCatalog();
      await unpinned.services.scans.scan(unpinned.source);
      expect(await ownersOf(unpinned.stores, clusterLevel)).toEqual([null]);
      const [tie] = await unpinned.services.scans.mappingConflicts();
      expect(tie).toMatchObject({ kind: 'cluster', cluster: 'eks-prod-eu' });
      expect(tie.keptBy).toBeUndefined();

      const pinned = await setUp(id, {
        clusterEntities: { 'eks-prod-eu': 'Resource:default/eks-prod-eu' },
      });
      pinned.setCatalog([...loadExampleCatalog(), rogueCluster]);
      await pinned.services.refreshCatalog();
      await pinned.services.scans.scan(pinned.source);
      expect(await ownersOf(pinned.stores, clusterLevel)).toEqual([
        CLUSTER_RESOURCE,
      ]);
      const [conflict] = await pinned.services.scans.mappingConflicts();
      expect(conflict).toMatchObject({
        kind: 'cluster',
        keptBy: CLUSTER_RESOURCE,
      });
      expect(conflict.message).toContain('pinned');
    },
    60_000, // several scans on a shared, loaded machine
  );
});
