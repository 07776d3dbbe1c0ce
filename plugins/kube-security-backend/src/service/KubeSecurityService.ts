import { LoggerService } from '@backstage/backend-plugin-api';
import type {
  Attestation,
  ClusterStatus,
  EntityPlanResponse,
  Finding,
  Grade,
  Provider,
  RiskException,
} from '@kube-security/plugin-kube-security-common';
import {
  isActionableFinding,
  markAcceptedFindings as markAccepted,
} from '@kube-security/plugin-kube-security-common';
import {
  CollectorContribution,
  EngineOptions,
  KubeSecurityCollector,
  Snapshot,
  buildIndex,
  evaluate,
  mergeCloudFacts,
  readAnnotationExceptions,
  resolveEngineOptions,
} from '@kube-security/plugin-kube-security-node';
import { createHash } from 'crypto';
import { planForEntity } from '../aggregate/plans';
import {
  EntitySummary,
  rollUpTeams,
  summarizeEntity,
} from '../aggregate/rollup';
import { DecisionStore, DeclaredException } from '../database/DecisionStore';
import {
  FindingOwnerKey,
  KubeSecurityStore,
  WorkloadRecord,
} from '../database/KubeSecurityStore';
import type {
  GradeChange,
  NewCriticalFinding,
  Notifier,
} from '../notify/Notifier';
import { EntityMatcher } from '../mapping/EntityMatcher';
import {
  CatalogSnapshot,
  MappedEntity,
  buildCatalogSnapshot,
} from '../mapping/catalogSnapshot';
import type { Entity } from '@backstage/catalog-model';

/**
 * Entities whose plans are rebuilt together: their findings are read in one go, so memory
 * holds one batch of findings rather than every open finding.
 */
const RECOMPUTE_BATCH = 500;

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

export interface ClusterSource {
  name: string;
  provider?: Provider;
  frequency?: string;
  collectors: KubeSecurityCollector[];
}

export interface ScanOutcome {
  cluster: string;
  status: 'ok' | 'partial' | 'failed';
  findings?: number;
  error?: string;
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Runs scans and keeps the stored aggregates in step with the catalog. Collection and
 * evaluation happen in memory; the store receives one transaction per scan.
 */
export class KubeSecurityService {
  private catalog: CatalogSnapshot = {
    entities: [],
    teams: new Map(),
    problems: [],
  };
  private matcher = new EntityMatcher([]);
  private catalogHash = '';
  private aggregating: Promise<void> = Promise.resolve();
  private readonly systemNamespaces: ReadonlySet<string>;

  constructor(
    private readonly options: {
      store: KubeSecurityStore;
      decisions: DecisionStore;
      logger: LoggerService;
      engineOptions: Partial<EngineOptions>;
      loadEntities: () => Promise<Entity[]>;
      /** Longest an annotation may accept a risk for, in days. */
      maxExceptionDays: number;
      notifier?: Notifier;
      now?: () => Date;
    },
  ) {
    this.systemNamespaces = new Set(
      resolveEngineOptions(options.engineOptions).systemNamespaces,
    );
  }

  /** Groups every collector's clusters by name. */
  static async clusterSources(
    collectors: KubeSecurityCollector[],
  ): Promise<ClusterSource[]> {
    const byName = new Map<string, ClusterSource>();
    for (const collector of collectors) {
      for (const cluster of await collector.listClusters()) {
        const source = byName.get(cluster.name) ?? {
          name: cluster.name,
          collectors: [],
        };
        source.provider = source.provider ?? cluster.provider;
        source.frequency = source.frequency ?? cluster.frequency;
        source.collectors.push(collector);
        byName.set(cluster.name, source);
      }
    }
    return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Scans one cluster with every collector that knows it, and stores the result. */
  async scan(
    source: ClusterSource,
    signal?: AbortSignal,
  ): Promise<ScanOutcome> {
    const { store, logger } = this.options;
    // A cluster's first good scan is its baseline: what it finds is not "new".
    const baseline = !(await store.listClusters()).find(
      c => c.name === source.name,
    )?.lastGoodScanAt;
    const scanId = await store.startScan(source.name);
    let snapshot: Snapshot;
    const unreadable: Array<{ kind: string; reason: string }> = [];
    const notes: string[] = [];
    try {
      const contributions: CollectorContribution[] = [];
      for (const collector of source.collectors) {
        try {
          contributions.push(await collector.collect(source.name, { signal }));
        } catch (e) {
          // The object source failing fails the scan; a cloud source failing only hides
          // the cloud facts, which makes the scan partial.
          if (
            source.collectors.length > 1 &&
            collector.id !== 'kubernetes' &&
            collector.id !== 'snapshot'
          ) {
            unreadable.push({
              kind: `cloud (${collector.id})`,
              reason: errorMessage(e),
            });
            continue;
          }
          throw e;
        }
      }
      snapshot = this.mergeContributions(
        source,
        contributions,
        unreadable,
        notes,
      );
    } catch (e) {
      const error = errorMessage(e);
      logger.warn(
        `Scan of cluster ${source.name} failed; keeping its last good findings: ${error}`,
      );
      await store.failScan(scanId, source.name, error);
      return { cluster: source.name, status: 'failed', error };
    }

    const result = evaluate(snapshot, this.options.engineOptions);
    const workloads = this.workloadsOf(snapshot);
    const ownerByWorkload = new Map(
      workloads.map(w => [`${w.kind}/${w.namespace}/${w.name}`, w.entityRef]),
    );
    const status = unreadable.length ? 'partial' : 'ok';
    const ownerOf = (f: Pick<Finding, 'resource'>) =>
      this.ownerOfFinding(source.name, f, ownerByWorkload);
    const annotations = readAnnotationExceptions(snapshot, {
      now: this.now(),
      maxDays: this.options.maxExceptionDays,
    });
    for (const problem of annotations.problems) notes.push(problem.message);
    const declared: DeclaredException[] = [];
    for (const a of annotations.exceptions) {
      const entityRef = ownerOf({ resource: a.resource });
      if (!entityRef) {
        notes.push(
          `The annotation ${a.annotation} on ${a.resource.kind} ${
            a.resource.namespace ?? ''
          }/${a.resource.name} is not used: no catalog entity owns the object`,
        );
        continue;
      }
      declared.push({
        entityRef,
        scope: 'check',
        itemId: a.itemId,
        checkId: a.checkId,
        resource: a.resource,
        justification: a.justification,
        expiresAt: new Date(a.expiresAt),
        annotation: a.annotation,
      });
    }
    const summary = await store.writeScan(scanId, {
      cluster: source.name,
      status,
      findings: result.findings,
      coverage: result.items,
      workloads,
      ownerOf,
      unreadable,
      notes: [...notes, ...result.notes],
      objectCount: snapshot.objects.length,
    });
    const synced = await this.options.decisions.syncAnnotationExceptions(
      source.name,
      declared,
    );
    logger.info(
      `Scanned cluster ${source.name} (${status}): ${summary.written} findings, ${summary.resolved} resolved, ${summary.carriedOver} kept from the previous scan; annotation exceptions: ${synced.created} new, ${synced.revoked} revoked, ${annotations.problems.length} not honoured`,
    );
    await this.recomputeAggregates();
    if (!baseline) {
      await this.notifyNewCriticalFindings(
        result.findings,
        summary.newFindingIds,
        ownerOf,
      );
    }
    return { cluster: source.name, status, findings: summary.written };
  }

  private now(): Date {
    return (this.options.now ?? (() => new Date()))();
  }

  /** New critical failures that no exception covers, told to the owners of their entity. */
  private async notifyNewCriticalFindings(
    findings: Finding[],
    newIds: string[],
    ownerOf: (f: Finding) => string | undefined,
  ): Promise<void> {
    const { notifier } = this.options;
    if (!notifier || !newIds.length) return;
    const fresh = new Set(newIds);
    const critical = findings.filter(
      f => fresh.has(f.id) && f.status === 'fail' && f.severity === 'critical',
    );
    if (!critical.length) return;
    const entityRefs = [
      ...new Set(critical.map(ownerOf).filter((r): r is string => !!r)),
    ];
    const exceptions = await this.options.decisions.activeExceptions(
      entityRefs,
    );
    const entities = new Map(this.catalog.entities.map(e => [e.ref, e]));
    const batch: NewCriticalFinding[] = [];
    for (const f of critical) {
      const entityRef = ownerOf(f);
      const entity = entityRef ? entities.get(entityRef) : undefined;
      if (!entityRef || !entity?.ownerRefs.length) continue;
      const [marked] = markAccepted(
        [f],
        exceptions.filter(e => e.entityRef === entityRef),
      );
      if (!isActionableFinding(marked)) continue;
      batch.push({
        findingId: f.id,
        entityRef,
        entityTitle: entity.title,
        ownerRefs: entity.ownerRefs,
        message: f.message,
        cluster: f.resource.cluster ?? '',
      });
    }
    await notifier.newCriticalFindings(batch);
  }

  /**
   * Records decisions that expired (audit trail, then fresh aggregates, so an expired
   * exception counts as failing again in team scores) and reminds owners of those that
   * expire within `reminderDays`.
   */
  async checkDecisions(
    reminderDays: number,
  ): Promise<{ expired: number; reminded: number }> {
    const { decisions, notifier, logger } = this.options;
    const expired = await decisions.recordExpiries();
    if (expired.length) {
      logger.info(
        `${expired.length} exceptions or attestations expired; recomputing scores`,
      );
      await this.recomputeAggregates();
    }
    const until = new Date(
      this.now().getTime() + reminderDays * 24 * 3600 * 1000,
    );
    const reminded = notifier
      ? await notifier.expiryReminders(
          await decisions.expiringBefore(until),
          ref => this.ownersOf(ref),
        )
      : 0;
    return { expired: expired.length, reminded };
  }

  /** The owners (groups or users) of an entity, from the last catalog read. */
  ownersOf(entityRef: string): string[] {
    return (
      this.catalog.entities.find(e => e.ref === entityRef)?.ownerRefs ?? []
    );
  }

  private mergeContributions(
    source: ClusterSource,
    contributions: CollectorContribution[],
    unreadable: Array<{ kind: string; reason: string }>,
    notes: string[],
  ): Snapshot {
    const objects = contributions.flatMap(c => c.objects ?? []);
    let cloud = undefined as Snapshot['cloud'];
    for (const c of contributions) {
      if (!c.cloud) continue;
      cloud = cloud ? mergeCloudFacts(cloud, c.cloud) : c.cloud;
    }
    for (const c of contributions) {
      unreadable.push(...(c.unreadable ?? []));
      notes.push(...(c.notes ?? []));
    }
    return {
      cluster: source.name,
      provider: source.provider ?? cloud?.provider,
      collectedAt: (this.options.now ?? (() => new Date()))().toISOString(),
      objects,
      cloud,
      scope: contributions.some(c => c.scope === 'cluster')
        ? 'cluster'
        : 'manifests',
      unreadableKinds: unreadable.map(u => u.kind),
    };
  }

  private workloadsOf(snapshot: Snapshot): WorkloadRecord[] {
    return buildIndex(snapshot).workloads.map(w => {
      const record = {
        kind: w.kind,
        namespace: w.namespace,
        name: w.name,
        labels: w.labels,
      };
      return {
        ...record,
        entityRef: this.ownerOfWorkload({
          cluster: snapshot.cluster,
          ...record,
        }),
      };
    });
  }

  /**
   * A workload belongs to the entity that names it; one in the platform's own namespaces
   * (kube-system, monitoring, …) that no entity names belongs to the cluster's Resource.
   */
  private ownerOfWorkload(
    w: WorkloadRecord & { cluster: string },
  ): string | undefined {
    const entity = this.matcher.matchWorkload(w);
    if (entity) return entity.ref;
    return this.systemNamespaces.has(w.namespace)
      ? this.matcher.clusterResource(w.cluster)?.ref
      : undefined;
  }

  /** Workload findings go to the workload's entity; everything else to the cluster's Resource. */
  private ownerOfFinding(
    cluster: string,
    finding: Pick<Finding, 'resource'>,
    ownerByWorkload: Map<string, string | undefined>,
  ): string | undefined {
    const r = finding.resource;
    if (WORKLOAD_KINDS.has(r.kind)) {
      return ownerByWorkload.get(`${r.kind}/${r.namespace ?? ''}/${r.name}`);
    }
    return this.matcher.clusterResource(cluster)?.ref;
  }

  /**
   * Reloads the catalog; when anything the mapping depends on changed, re-maps stored
   * findings and workloads and recomputes the aggregates, without a rescan.
   */
  async refreshCatalog(): Promise<boolean> {
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
    const changed = await this.options.store.remap(
      w => {
        const owner = this.ownerOfWorkload(w);
        owners.set(`${w.cluster}/${w.kind}/${w.namespace}/${w.name}`, owner);
        return owner;
      },
      (f: FindingOwnerKey) => {
        const r = f.resource;
        if (WORKLOAD_KINDS.has(r.kind)) {
          return owners.get(
            `${r.cluster}/${r.kind}/${r.namespace ?? ''}/${r.name}`,
          );
        }
        return this.matcher.clusterResource(r.cluster ?? '')?.ref;
      },
    );
    this.options.logger.info(
      `Catalog mapping refreshed: ${catalog.entities.length} mapped entities, ${catalog.teams.size} teams; ${changed.findings} findings and ${changed.workloads} workloads changed owner`,
    );
    await this.recomputeAggregates();
    return true;
  }

  /** Recomputes entity and team summaries; runs one at a time in this process. */
  recomputeAggregates(): Promise<void> {
    const next = this.aggregating.then(() => this.doRecompute());
    this.aggregating = next.catch(() => undefined);
    return next;
  }

  /** Cluster statuses, coverage and where entities run; for one entity when `entityRef` is set. */
  private async clusterContext(entityRef?: string) {
    const { store } = this.options;
    const [clusters, coverageByCluster, clustersByEntity] = await Promise.all([
      store.listClusters(),
      store.coverageByCluster(),
      store.clustersByEntity(entityRef),
    ]);
    const clusterStatuses = new Map(clusters.map(c => [c.name, c]));
    const clustersOf = (entity: MappedEntity): string[] => {
      if (entity.representsCluster) {
        return coverageByCluster.has(entity.representsCluster)
          ? [entity.representsCluster]
          : [];
      }
      return [...(clustersByEntity.get(entity.ref) ?? [])].sort();
    };
    return { clusterStatuses, coverageByCluster, clustersOf };
  }

  private async doRecompute(): Promise<void> {
    const { store } = this.options;
    const ctx = await this.clusterContext();
    const planned = this.catalog.entities
      .map(entity => ({ entity, clusters: ctx.clustersOf(entity) }))
      .filter(p => p.clusters.length > 0);

    // Plans are built a batch of entities at a time from condensed findings (see
    // planFindings); only the summaries, which keep no findings, outlive a batch.
    const summaries: EntitySummary[] = [];
    const decisions = await this.activeDecisions();
    for (let i = 0; i < planned.length; i += RECOMPUTE_BATCH) {
      const batch = planned.slice(i, i + RECOMPUTE_BATCH);
      const findings = await store.planFindings(batch.map(p => p.entity.ref));
      for (const { entity, clusters } of batch) {
        const exceptions = decisions.exceptions.get(entity.ref) ?? [];
        // Exceptions for single findings need the findings' ids, which condensed
        // findings do not keep: those few entities read theirs in full.
        const precise = exceptions.some(e => e.scope !== 'item');
        const result = planForEntity({
          entity,
          findings: precise
            ? await store.openFindings({ entityRef: entity.ref })
            : findings.get(entity.ref) ?? [],
          clusters,
          coverageByCluster: ctx.coverageByCluster,
          clusterStatuses: ctx.clusterStatuses,
          exceptions,
          attestations: decisions.attestations.get(entity.ref) ?? [],
        });
        summaries.push(summarizeEntity(entity, result));
      }
    }

    const now = (this.options.now ?? (() => new Date()))();
    const weekAgo = new Date(now.getTime() - 7 * 24 * 3600 * 1000)
      .toISOString()
      .slice(0, 10);
    // Trends are shown for teams only.
    const previous = await store.scoresOnOrBefore(weekAgo, [
      ...this.catalog.teams.keys(),
    ]);
    const teams = rollUpTeams(
      this.catalog,
      summaries,
      ctx.clusterStatuses,
      previous,
    );
    const gradesBefore = await store.teamGrades();

    await store.writeAggregates(
      summaries.map(s => ({
        entity_ref: s.entityRef,
        title: s.title ?? null,
        owner_refs: JSON.stringify(s.ownerRefs),
        provider: s.provider ?? null,
        clusters: JSON.stringify(s.clusters),
        score: s.score.value,
        grade: s.score.grade,
        coverage: s.score.coverage,
        open_items: s.openItems,
        summary: JSON.stringify(s),
        data_from: s.dataFrom ? new Date(s.dataFrom) : null,
      })),
      teams.map(t => ({
        entity_ref: t.summary.entityRef,
        name: t.summary.name,
        title: t.summary.title ?? null,
        parent_ref: t.summary.parentRef ?? null,
        score: t.summary.score.value,
        grade: t.summary.score.grade,
        coverage: t.summary.score.coverage,
        open_cloud: t.summary.openByCategory.cloud,
        open_cluster: t.summary.openByCategory.cluster,
        open_workload: t.summary.openByCategory.workload,
        open_image: t.summary.openByCategory.image,
        open_total: Object.values(t.summary.openByCategory).reduce(
          (a, b) => a + b,
          0,
        ),
        trend: t.summary.trend,
        entity_count: t.summary.entityCount,
        clusters: `,${t.clusters.join(',')},`,
        providers: `,${t.providers.join(',')},`,
        summary: JSON.stringify(t),
        last_scan_at: t.summary.lastScanAt
          ? new Date(t.summary.lastScanAt)
          : null,
      })),
      [
        ...summaries.map(s => ({
          entity_ref: s.entityRef,
          score: s.score.value,
          grade: s.score.grade,
          coverage: s.score.coverage,
          open_items: s.openItems,
        })),
        ...teams.map(t => ({
          entity_ref: t.summary.entityRef,
          score: t.summary.score.value,
          grade: t.summary.score.grade,
          coverage: t.summary.score.coverage,
          open_items: Object.values(t.summary.openByCategory).reduce(
            (a, b) => a + b,
            0,
          ),
        })),
      ],
    );
    const changes: GradeChange[] = teams.map(t => ({
      teamRef: t.summary.entityRef,
      title: t.summary.title ?? t.summary.name,
      before: (gradesBefore.get(t.summary.entityRef) ?? null) as Grade | null,
      after: t.summary.score.grade,
      score: t.summary.score.value,
    }));
    await this.options.notifier?.gradeChanges(changes);
  }

  /** Exceptions and attestations in force, by entity. */
  private async activeDecisions() {
    const [exceptions, attestations] = await Promise.all([
      this.options.decisions.activeExceptions(),
      this.options.decisions.activeAttestations(),
    ]);
    const group = <T extends { entityRef: string }>(list: T[]) => {
      const map = new Map<string, T[]>();
      for (const d of list)
        map.set(d.entityRef, [...(map.get(d.entityRef) ?? []), d]);
      return map;
    };
    return {
      exceptions: group<RiskException>(exceptions),
      attestations: group<Attestation>(attestations),
    };
  }

  /** The full plan of one catalog entity, built from the stored findings. */
  async entityPlan(entity: Entity): Promise<EntityPlanResponse> {
    const mapped = buildCatalogSnapshot([entity]).entities[0];
    const generatedAt = new Date().toISOString();
    const entityRef = `${entity.kind}:${
      entity.metadata.namespace ?? 'default'
    }/${entity.metadata.name}`.toLocaleLowerCase('en-US');
    const ctx = await this.clusterContext(mapped?.ref ?? entityRef);
    const clusters = mapped ? ctx.clustersOf(mapped) : [];
    const findings = mapped
      ? await this.options.store.openFindings({ entityRef: mapped.ref })
      : [];
    const ref = mapped?.ref ?? entityRef;
    const [exceptions, attestations] = await Promise.all([
      this.options.decisions.activeExceptions([ref]),
      this.options.decisions.activeAttestations([ref]),
    ]);
    const result = planForEntity({
      entity: mapped ?? { ref: entityRef, kind: entity.kind, ownerRefs: [] },
      findings,
      clusters,
      coverageByCluster: ctx.coverageByCluster,
      clusterStatuses: ctx.clusterStatuses,
      exceptions,
      attestations,
    });
    return {
      entityRef: mapped?.ref ?? entityRef,
      provider: result.provider,
      mapped: clusters.length > 0,
      plan: result.plan,
      clusters: result.clusters,
      dataFrom: result.dataFrom,
      stale: result.stale,
      generatedAt,
    };
  }

  teamRefs(): string[] {
    return [...this.catalog.teams.keys()];
  }

  clusterStatusesByName(list: ClusterStatus[]) {
    return new Map(list.map(c => [c.name, c]));
  }
}
