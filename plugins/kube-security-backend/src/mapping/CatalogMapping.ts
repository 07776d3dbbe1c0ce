import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { Finding } from '@kube-security/plugin-kube-security-common';
import { createHash } from 'crypto';
import type { FindingOwnerKey } from '../database/FindingStore';
import type { ScanStore, WorkloadRecord } from '../database/ScanStore';
import { EntityMatcher } from './EntityMatcher';
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
  'Pod',
]);

const workloadKey = (
  cluster: string,
  w: { kind: string; namespace?: string; name: string },
) => `${cluster}/${w.kind}/${w.namespace ?? ''}/${w.name}`;

/**
 * The catalog as the mapping sees it (entities, teams, a matcher) and who owns what: a
 * workload belongs to the entity that names it, a finding to its workload's entity or to
 * the cluster's Resource. `refresh` reloads the catalog and, when it changed, re-maps the
 * stored workloads and findings; recomputing the aggregates is the caller's job.
 */
export class CatalogMapping {
  private catalog: CatalogSnapshot = {
    entities: [],
    teams: new Map(),
    problems: [],
  };
  private matcher = new EntityMatcher([]);
  private catalogHash = '';

  constructor(
    private readonly options: {
      scans: ScanStore;
      logger: LoggerService;
      loadEntities: () => Promise<Entity[]>;
      /** The platform's own namespaces: unnamed workloads there belong to the cluster. */
      systemNamespaces: ReadonlySet<string>;
    },
  ) {}

  /** The last catalog read: mapped entities and teams. */
  snapshot(): CatalogSnapshot {
    return this.catalog;
  }

  entity(entityRef: string): MappedEntity | undefined {
    return this.catalog.entities.find(e => e.ref === entityRef);
  }

  /** The owners (groups or users) of an entity, from the last catalog read. */
  ownersOf(entityRef: string): string[] {
    return this.entity(entityRef)?.ownerRefs ?? [];
  }

  /**
   * A workload belongs to the entity that names it; one in the platform's own namespaces
   * (kube-system, monitoring, …) that no entity names belongs to the cluster's Resource.
   */
  ownerOfWorkload(w: WorkloadRecord & { cluster: string }): string | undefined {
    const entity = this.matcher.matchWorkload(w);
    if (entity) return entity.ref;
    return this.options.systemNamespaces.has(w.namespace)
      ? this.matcher.clusterResource(w.cluster)?.ref
      : undefined;
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
    return f => this.ownerOfFinding(cluster, f.resource, byWorkload);
  }

  private ownerOfFinding(
    cluster: string,
    r: Finding['resource'],
    ownerByWorkload: Map<string, string | undefined>,
  ): string | undefined {
    if (WORKLOAD_KINDS.has(r.kind)) {
      return ownerByWorkload.get(workloadKey(cluster, r));
    }
    return this.matcher.clusterResource(cluster)?.ref;
  }

  /**
   * Reloads the catalog; when anything the mapping depends on changed, re-maps stored
   * findings and workloads without a rescan. True when the catalog changed (the
   * aggregates are then out of date).
   */
  async refresh(): Promise<boolean> {
    const entities = await this.options.loadEntities();
    const catalog = buildCatalogSnapshot(entities);
    const hash = createHash('sha256')
      .update(
        JSON.stringify({
          entities: catalog.entities,
          teams: [...catalog.teams.values()],
        }),
      )
      .digest('hex');
    if (hash === this.catalogHash) return false;
    for (const problem of catalog.problems) this.options.logger.warn(problem);
    this.catalog = catalog;
    this.matcher = new EntityMatcher(catalog.entities);
    this.catalogHash = hash;

    const owners = new Map<string, string | undefined>();
    const changed = await this.options.scans.remap(
      w => {
        const owner = this.ownerOfWorkload(w);
        owners.set(workloadKey(w.cluster, w), owner);
        return owner;
      },
      (f: FindingOwnerKey) =>
        this.ownerOfFinding(f.resource.cluster ?? '', f.resource, owners),
    );
    this.options.logger.info(
      `Catalog mapping refreshed: ${catalog.entities.length} mapped entities, ${catalog.teams.size} teams; ${changed.findings} findings and ${changed.workloads} workloads changed owner`,
    );
    return true;
  }
}
