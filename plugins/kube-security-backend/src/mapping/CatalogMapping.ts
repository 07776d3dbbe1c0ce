import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type {
  Finding,
  MappingConflict,
} from '@kube-security/plugin-kube-security-common';
import { createHash } from 'crypto';
import type { FindingOwnerKey } from '../database/FindingStore';
import type { MappingStore } from '../database/MappingStore';
import type { ScanStore, WorkloadRecord } from '../database/ScanStore';
import type { StoredCatalog } from '../domain/catalog';
import { claimKey, conflictMessage } from './claims';
import { EntityMatcher, WorkloadConflict } from './EntityMatcher';
import {
  CatalogSnapshot,
  MappedEntity,
  buildCatalogSnapshot,
} from './catalogSnapshot';

/** Kinds whose findings belong to the workload's entity rather than the cluster. */
const WORKLOAD_KINDS = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
  'CronJob',
  'ReplicationController',
  // Argo Rollouts' Deployments (collected where the add-on is installed).
  'Rollout',
  'Pod',
]);

const workloadKey = (
  cluster: string,
  w: { kind: string; namespace?: string; name: string },
) => `${cluster}/${w.kind}/${w.namespace ?? ''}/${w.name}`;

type Workload = WorkloadRecord & { cluster: string };

/** Workload conflicts seen, by cluster, then by kind, subject and claimants. */
type Observed = Map<string, Map<string, MappingConflict>>;

/** The catalog the mapping uses and how it decides owners; one per catalog read. */
class Ownership {
  readonly matcher: EntityMatcher;
  readonly observed: Observed = new Map();

  constructor(
    readonly catalog: CatalogSnapshot,
    pins: ReadonlyMap<string, string>,
    private readonly systemNamespaces: ReadonlySet<string>,
  ) {
    this.matcher = new EntityMatcher(catalog.entities, pins);
  }

  ownerOfWorkload(w: Workload): string | undefined {
    const { entity, conflict } = this.matcher.claimWorkload(w);
    if (conflict) this.observe(conflict);
    if (entity) return entity.ref;
    if (conflict) return undefined; // every claim refused: not the cluster's either
    return this.systemNamespaces.has(w.namespace)
      ? this.matcher.clusterResource(w.cluster)?.ref
      : undefined;
  }

  ownerOfFinding(
    cluster: string,
    r: Finding['resource'],
    ownerByWorkload: Map<string, string | undefined>,
  ): string | undefined {
    if (WORKLOAD_KINDS.has(r.kind)) {
      return ownerByWorkload.get(workloadKey(cluster, r));
    }
    return this.matcher.clusterResource(cluster)?.ref;
  }

  private observe(c: WorkloadConflict) {
    const cluster = c.cluster ?? '';
    const byKey = this.observed.get(cluster) ?? new Map();
    const key = JSON.stringify([c.kind, c.subject, c.claimants]);
    const seen = byKey.get(key);
    if (seen) seen.workloads = (seen.workloads ?? 0) + 1;
    else byKey.set(key, { ...c, workloads: 1, message: conflictMessage(c) });
    this.observed.set(cluster, byKey);
  }

  conflicts(cluster?: string): MappingConflict[] {
    const clusters =
      cluster === undefined ? [...this.observed.keys()] : [cluster];
    return clusters.flatMap(c => [...(this.observed.get(c)?.values() ?? [])]);
  }
}

function hashOf(catalog: CatalogSnapshot): string {
  return createHash('sha256')
    .update(
      JSON.stringify({
        entities: catalog.entities,
        teams: [...catalog.teams.values()],
      }),
    )
    .digest('hex');
}

/**
 * The catalog as the mapping sees it (entities, teams, a matcher) and who owns what: a
 * workload belongs to the entity that names it, a finding to its workload's entity or to
 * the cluster's Resource. Nothing is mapped before a catalog read succeeded: until then a
 * replica uses the last good mapping stored in the database, or waits when there is none
 * (`ready`). `refresh` reloads the catalog and, when it changed, re-maps the stored
 * workloads and findings, once for all replicas; recomputing is the caller's job.
 */
export class CatalogMapping {
  private current: Ownership;
  private catalogHash = '';
  /** none: nothing to map with; stored: the last good mapping; read: a catalog read. */
  private state: 'none' | 'stored' | 'read' = 'none';
  private readonly pins: ReadonlyMap<string, string>;

  constructor(
    private readonly options: {
      scans: ScanStore;
      store: MappingStore;
      logger: LoggerService;
      loadEntities: () => Promise<Entity[]>;
      /** The platform's own namespaces: unnamed workloads there belong to the cluster. */
      systemNamespaces: ReadonlySet<string>;
      /** Cluster name → the entity ref it is pinned to by configuration. */
      clusterEntities?: Record<string, string>;
      /**
       * Cluster name → the `kubernetes-cluster` Resource the Kubernetes plugin's catalog
       * locator found it through: pinned to it, unless configuration pins it elsewhere.
       */
      locatedClusterEntities?: () => ReadonlyMap<string, string>;
      now?: () => Date;
    },
  ) {
    this.pins = new Map(
      Object.entries(options.clusterEntities ?? {}).map(([c, ref]) => [
        c,
        ref.toLocaleLowerCase('en-US'),
      ]),
    );
    this.current = this.ownership({
      entities: [],
      teams: new Map(),
      problems: [],
    });
  }

  /** The pins in force: clusters found through their Resource, then configuration. */
  private pinsNow(): ReadonlyMap<string, string> {
    const located = this.options.locatedClusterEntities?.();
    return located?.size ? new Map([...located, ...this.pins]) : this.pins;
  }

  private ownership(catalog: CatalogSnapshot) {
    return new Ownership(
      catalog,
      this.pinsNow(),
      this.options.systemNamespaces,
    );
  }

  /** The catalog the mapping uses: mapped entities and teams. */
  snapshot(): CatalogSnapshot {
    return this.current.catalog;
  }

  entity(entityRef: string): MappedEntity | undefined {
    return this.current.catalog.entities.find(e => e.ref === entityRef);
  }

  /**
   * False for a Resource whose claim to its cluster was refused (another entity keeps the
   * cluster): it answers for nothing, so it gets no plan of the cluster.
   */
  keepsItsClaim(entity: MappedEntity): boolean {
    if (!entity.representsCluster) return true;
    return (
      this.current.matcher.clusterResource(entity.representsCluster)?.ref ===
      entity.ref
    );
  }

  /** The owners (groups or users) of an entity, from the catalog in use. */
  ownersOf(entityRef: string): string[] {
    return this.entity(entityRef)?.ownerRefs ?? [];
  }

  /** Whether the mapping has a catalog (read, or the last good one stored). */
  isReady(): boolean {
    return this.state !== 'none';
  }

  /**
   * Whether there is a catalog to map with: one read successfully, or the last good one
   * stored by any replica. Tries to read the catalog (and then the stored one) if not.
   */
  async ready(): Promise<boolean> {
    if (this.state !== 'none') return true;
    try {
      await this.refresh();
    } catch (e) {
      this.options.logger.warn(
        `Could not read the catalog for mapping: ${(e as Error).message}`,
      );
    }
    return this.state !== 'none';
  }

  /**
   * A workload belongs to the entity that names it; one in the platform's own namespaces
   * (kube-system, monitoring, …) that no entity names belongs to the cluster's Resource.
   */
  ownerOfWorkload(w: Workload): string | undefined {
    return this.current.ownerOfWorkload(w);
  }

  /**
   * The owners of one cluster's workloads, as a scan sees them; the conflicts they raise
   * replace that cluster's stored ones.
   */
  async mapWorkloads(
    cluster: string,
    workloads: WorkloadRecord[],
  ): Promise<WorkloadRecord[]> {
    const ownership = this.current;
    const before = new Set(ownership.conflicts(cluster).map(c => c.message));
    ownership.observed.delete(cluster);
    const mapped = workloads.map(w => ({
      ...w,
      entityRef: ownership.ownerOfWorkload({ ...w, cluster }),
    }));
    const conflicts = ownership.conflicts(cluster);
    for (const c of conflicts) {
      if (!before.has(c.message))
        this.options.logger.warn(`Mapping conflict: ${c.message}`);
    }
    await this.options.store.replaceConflicts(
      { clusters: [cluster] },
      conflicts,
    );
    return mapped;
  }

  /**
   * Who owns a scan's findings: workload findings go to the workload's entity (from the
   * scan's workloads), everything else to the cluster's Resource.
   */
  findingOwners(
    cluster: string,
    workloads: WorkloadRecord[],
  ): (f: Pick<Finding, 'resource'>) => string | undefined {
    const byWorkload = new Map(
      workloads.map(w => [workloadKey(cluster, w), w.entityRef]),
    );
    const ownership = this.current;
    return f => ownership.ownerOfFinding(cluster, f.resource, byWorkload);
  }

  /** The conflicts the mapping refused, as stored by every replica. */
  conflicts(): Promise<MappingConflict[]> {
    return this.options.store.conflicts();
  }

  private install(stored: StoredCatalog, problems: string[] = []) {
    this.current = this.ownership({
      entities: stored.entities,
      teams: new Map(stored.teams.map(t => [t.ref, t])),
      problems,
    });
    this.catalogHash = stored.hash;
  }

  /** Takes the last good mapping from the database, if there is one. */
  private async loadStored(): Promise<void> {
    const stored = await this.options.store.load();
    if (!stored || this.state !== 'none') return;
    this.install(stored);
    this.state = 'stored';
    this.options.logger.info(
      `Mapping with the last good catalog stored (${stored.entities.length} mapped entities) until the catalog can be read`,
    );
  }

  /**
   * Reloads the catalog; when anything the mapping depends on changed, re-maps stored
   * findings and workloads without a rescan, unless another replica did so for the same
   * catalog. True when this call re-mapped (the aggregates are then out of date). When
   * the catalog cannot be read, the mapping in use stays (on a replica that had none,
   * the stored one) and the error is thrown.
   */
  async refresh(): Promise<boolean> {
    let entities: Entity[];
    try {
      entities = await this.options.loadEntities();
    } catch (e) {
      if (this.state === 'none') await this.loadStored();
      throw e;
    }
    const catalog = buildCatalogSnapshot(entities, {
      clusterEntities: this.pinsNow(),
    });
    const hash = hashOf(catalog);
    if (hash === this.catalogHash && this.state === 'read') return false;
    for (const problem of catalog.problems) this.options.logger.warn(problem);

    const now = (this.options.now ?? (() => new Date()))().toISOString();
    let next: Ownership | undefined;
    let changed = { workloads: 0, findings: 0 };
    const result = await this.options.store.adopt(
      hash,
      previous => {
        const claims: Record<string, string> = {};
        const entitiesSince = catalog.entities.map(e => {
          const key = claimKey(e);
          claims[key] = previous?.claims[key] ?? now;
          return { ...e, claimedSince: claims[key] };
        });
        return {
          hash,
          entities: entitiesSince,
          teams: [...catalog.teams.values()],
          claims,
        };
      },
      async (tx, stored) => {
        const ownership = this.ownership({
          ...catalog,
          entities: stored.entities,
        });
        const owners = new Map<string, string | undefined>();
        changed = await this.options.scans.remap(
          w => {
            const owner = ownership.ownerOfWorkload(w);
            owners.set(workloadKey(w.cluster, w), owner);
            return owner;
          },
          (f: FindingOwnerKey) =>
            ownership.ownerOfFinding(
              f.resource.cluster ?? '',
              f.resource,
              owners,
            ),
          tx,
        );
        next = ownership;
      },
    );
    this.install(result.stored, catalog.problems);
    if (next) this.current = next;
    this.state = 'read';
    for (const p of [...this.pins].filter(
      ([, ref]) => !catalog.entities.some(e => e.ref === ref),
    )) {
      this.options.logger.warn(
        `kubeSecurity.clusterEntities pins cluster ${p[0]} to ${p[1]}, which is not a Resource of the catalog`,
      );
    }
    if (!result.mapped) return false;

    const conflicts = [
      ...this.current.matcher.conflicts,
      ...this.current.conflicts(),
    ];
    for (const c of conflicts)
      this.options.logger.warn(`Mapping conflict: ${c.message}`);
    await this.options.store.replaceConflicts({ all: true }, conflicts);
    this.options.logger.info(
      `Catalog mapping refreshed: ${catalog.entities.length} mapped entities, ${catalog.teams.size} teams; ${changed.findings} findings and ${changed.workloads} workloads changed owner; ${conflicts.length} mapping conflicts`,
    );
    return true;
  }
}
