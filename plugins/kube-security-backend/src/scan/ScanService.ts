import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import type {
  ClusterStatus,
  Finding,
  MappingConflict,
  Provider,
} from '@kube-security/plugin-kube-security-common';
import {
  Check,
  CollectorContribution,
  EngineOptions,
  KubeSecurityCollector,
  Snapshot,
  buildIndex,
  evaluate,
  mergeCloudFacts,
  readAnnotationExceptions,
  UNREADABLE_FILE_KIND,
} from '@kube-security/plugin-kube-security-node';
import type { Recompute } from '../aggregate/Recompute';
import type { DeclaredException } from '../database/DecisionStore';
import type { PendingDeclaration } from '../database/PendingAnnotationStore';
import type { WorkloadRecord } from '../database/ScanStore';
import type { Stores } from '../database/stores';
import type { CatalogMapping } from '../mapping/CatalogMapping';
import type { Notifier } from '../notify/Notifier';
import { criticalNotices } from './criticalNotices';

export interface ClusterSource {
  name: string;
  provider?: Provider;
  frequency?: string;
  collectors: KubeSecurityCollector[];
}

export interface ScanOutcome {
  cluster: string;
  /** deferred: not run, because there is no catalog to map with yet; retried later. */
  status: 'ok' | 'partial' | 'failed' | 'deferred';
  findings?: number;
  error?: string;
}

type Unreadable = Array<{ kind: string; reason: string }>;

/**
 * Which objects a scan may not have seen: those of an unreadable kind, or any object when
 * a file could not be read. Their annotation exceptions are kept, not revoked.
 */
function unseenResources(
  kinds: string[],
): (resource: { kind: string }) => boolean {
  const lower = new Set(kinds.map(k => k.toLowerCase()));
  if (lower.has(UNREADABLE_FILE_KIND)) return () => true;
  return ({ kind }) =>
    lower.has(kind.toLowerCase()) || lower.has(`${kind.toLowerCase()}s`);
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Groups every collector's clusters by name. */
export async function clusterSources(
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

/**
 * Runs scans: collects a cluster with every collector that knows it, merges their
 * contributions, evaluates the snapshot, maps workloads and findings to owners, stores the
 * result in one transaction, syncs annotation exceptions, refreshes the aggregates and
 * tells owners about new critical findings.
 */
export class ScanService {
  constructor(
    private readonly options: {
      stores: Stores;
      mapping: CatalogMapping;
      recompute: Recompute;
      logger: LoggerService;
      engineOptions: Partial<EngineOptions>;
      /** The checks to run; the registry's (ALL_CHECKS) unless a test passes its own. */
      checks?: readonly Check[];
      /** Longest an annotation may accept a risk for, in days. */
      maxExceptionDays: number;
      /**
       * Whether an annotation on an object whose findings belong to a cluster's Resource
       * accepts a risk (whoever may annotate a Role in their namespace would otherwise
       * decide for the platform team). Default false: such annotations are pending.
       */
      annotationsOnClusterResources?: boolean;
      notifier?: Notifier;
      /** Told of exceptions annotations create or revoke (coreServices.auditor). */
      auditor?: AuditorService;
      now?: () => Date;
    },
  ) {}

  /**
   * Reports annotation exceptions a scan created or revoked, or a sync that failed, to the
   * auditor: no person asked for them, so the plugin itself is the actor.
   */
  private async auditAnnotationSync(
    cluster: string,
    outcome: { created: number; revoked: number } | { error: Error },
  ): Promise<void> {
    const { auditor } = this.options;
    if (!auditor) return;
    const event = await auditor.createEvent({
      eventId: 'decision-sync',
      severityLevel: 'medium',
      meta: { decisionType: 'exception', source: 'annotation', cluster },
    });
    if ('error' in outcome) await event.fail({ error: outcome.error });
    else await event.success({ meta: { ...outcome } });
  }

  private now(): Date {
    return (this.options.now ?? (() => new Date()))();
  }

  /** Every known cluster with its last scan. */
  listClusters(): Promise<ClusterStatus[]> {
    return this.options.stores.scans.listClusters();
  }

  /** Claims to findings the catalog mapping refused (duplicate or catch-all). */
  mappingConflicts(): Promise<MappingConflict[]> {
    return this.options.mapping.conflicts();
  }

  /** Makes the clusters of these sources known, before their first scan. */
  async registerSources(sources: ClusterSource[]): Promise<void> {
    await this.options.stores.scans.registerClusters(
      sources.map(s => ({
        name: s.name,
        provider: s.provider,
        source: s.collectors.map(c => c.id).join('+'),
      })),
    );
  }

  /** Scans one cluster with every collector that knows it, and stores the result. */
  async scan(
    source: ClusterSource,
    signal?: AbortSignal,
  ): Promise<ScanOutcome> {
    const { stores, mapping, logger } = this.options;
    // Findings mapped without a catalog would all be unowned and every annotation
    // exception revoked: without one, wait (nothing is recorded; the plugin retries).
    if (!(await mapping.ready())) {
      const error =
        'the catalog has not been read yet and no earlier mapping is stored';
      logger.warn(`Scan of cluster ${source.name} deferred: ${error}`);
      return { cluster: source.name, status: 'deferred', error };
    }
    // A cluster's first good scan is its baseline: what it finds is not "new".
    const baseline = !(await stores.scans.listClusters()).find(
      c => c.name === source.name,
    )?.lastGoodScanAt;
    const scanId = await stores.scans.startScan(source.name);
    let snapshot: Snapshot;
    const unreadable: Unreadable = [];
    const notes: string[] = [];
    try {
      snapshot = this.mergeContributions(
        source,
        await this.collect(source, unreadable, signal),
        unreadable,
        notes,
      );
    } catch (e) {
      return this.fail(source.name, scanId, errorMessage(e));
    }
    // Stopped while collecting (the task timed out, the backend shuts down): store
    // nothing, so another run, here or on another replica, starts from the last good scan.
    if (signal?.aborted) {
      return this.fail(
        source.name,
        scanId,
        `the scan was stopped after collection (${errorMessage(
          signal.reason ?? 'aborted',
        )}); nothing was stored`,
      );
    }

    // Whatever throws from here on fails the scan and marks the cluster stale with the
    // reason: no scan stays `running`, and the last good findings stay as they were.
    try {
      return await this.evaluateAndStore(
        source,
        scanId,
        snapshot,
        { unreadable, notes },
        baseline,
      );
    } catch (e) {
      return this.fail(source.name, scanId, errorMessage(e));
    }
  }

  /** Marks a scan failed and its cluster stale; its last good findings are kept. */
  private async fail(
    cluster: string,
    scanId: number,
    error: string,
  ): Promise<ScanOutcome> {
    this.options.logger.warn(
      `Scan of cluster ${cluster} failed; keeping its last good findings: ${error}`,
    );
    await this.options.stores.scans.failScan(scanId, cluster, error);
    return { cluster, status: 'failed', error };
  }

  /**
   * Evaluates a collected snapshot and stores the result; then syncs the annotation
   * exceptions, queues the new-critical notifications and refreshes the aggregates. Those
   * three each run even when another fails (the notifications are never skipped); any
   * failure fails the scan, with every reason.
   */
  private async evaluateAndStore(
    source: ClusterSource,
    scanId: number,
    snapshot: Snapshot,
    collected: { unreadable: Unreadable; notes: string[] },
    baseline: boolean,
  ): Promise<ScanOutcome> {
    const { stores, mapping, logger } = this.options;
    const { unreadable, notes } = collected;
    const result = evaluate(
      snapshot,
      this.options.engineOptions,
      this.options.checks,
    );
    const failedChecks = result.failedChecks ?? [];
    const workloads = await mapping.mapWorkloads(
      source.name,
      this.workloadsOf(snapshot),
    );
    // A check that threw judged nothing: its earlier findings are kept, not resolved.
    const status = unreadable.length || failedChecks.length ? 'partial' : 'ok';
    const ownerOf = mapping.findingOwners(source.name, workloads);
    const { declared, pending, problems } = this.annotationExceptions(
      snapshot,
      ownerOf,
      notes,
    );
    // New critical findings are queued in the write's transaction: with the findings,
    // or not at all (then the next scan finds them new again); sent after it commits.
    const { notifier } = this.options;
    const notices =
      notifier && !baseline
        ? await criticalNotices({
            findings: result.findings,
            ownerOf,
            declared,
            stores,
            mapping,
            now: this.now(),
          })
        : undefined;
    let queued: string[] = [];
    const summary = await stores.scans.writeScan(
      scanId,
      {
        cluster: source.name,
        status,
        findings: result.findings,
        coverage: result.items,
        workloads,
        ownerOf,
        unreadable,
        failedChecks,
        notes: [...notes, ...result.notes],
        objectCount: snapshot.objects.length,
      },
      {
        inTransaction: async (tx, newIds) => {
          if (notices && notifier && newIds.length) {
            queued = await notifier.queueNewCriticalFindings(
              notices(newIds),
              tx,
            );
          }
        },
      },
    );
    const failures: string[] = [];
    const attempt = async (what: string, step: () => Promise<void>) => {
      try {
        await step();
      } catch (e) {
        failures.push(`${what}: ${errorMessage(e)}`);
      }
    };
    await attempt('annotation exceptions not synced', async () => {
      const synced = await stores.decisions
        .syncAnnotationExceptions(source.name, declared, {
          unseen: unseenResources(snapshot.unreadableKinds ?? []),
        })
        .catch(async e => {
          await this.auditAnnotationSync(source.name, { error: e as Error });
          throw e;
        });
      if (synced.created || synced.revoked) {
        await this.auditAnnotationSync(source.name, synced);
      }
      await stores.pendingAnnotations.replace(source.name, pending);
      logger.info(
        `Scanned cluster ${source.name} (${status}): ${summary.written} findings, ${summary.resolved} resolved, ${summary.carriedOver} kept from the previous scan; annotation exceptions: ${synced.created} new, ${synced.revoked} revoked, ${problems} not honoured`,
      );
    });
    // A send that fails stays queued and is retried (Notifier.retryPending).
    await attempt('new critical findings not notified', async () => {
      await notifier?.deliverQueued(queued);
    });
    // Only what this scan changed (see Recompute).
    await attempt('scores not recomputed', () =>
      this.options.recompute.run({ entities: summary.changedEntityRefs }),
    );
    if (failures.length) {
      return this.fail(source.name, scanId, failures.join('; '));
    }
    return { cluster: source.name, status, findings: summary.written };
  }

  /**
   * Every collector's contribution. The object source failing fails the scan; a cloud
   * source failing only hides the cloud facts, which makes the scan partial.
   */
  private async collect(
    source: ClusterSource,
    unreadable: Unreadable,
    signal?: AbortSignal,
  ): Promise<CollectorContribution[]> {
    const contributions: CollectorContribution[] = [];
    for (const collector of source.collectors) {
      try {
        contributions.push(await collector.collect(source.name, { signal }));
      } catch (e) {
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
    return contributions;
  }

  /**
   * The exceptions the snapshot's annotations declare, for the entity that owns each
   * annotated object; what cannot be honoured becomes a note of the scan.
   */
  private annotationExceptions(
    snapshot: Snapshot,
    ownerOf: (f: Pick<Finding, 'resource'>) => string | undefined,
    notes: string[],
  ): {
    declared: DeclaredException[];
    pending: PendingDeclaration[];
    problems: number;
  } {
    const annotations = readAnnotationExceptions(snapshot, {
      now: this.now(),
      maxDays: this.options.maxExceptionDays,
    });
    for (const problem of annotations.problems) notes.push(problem.message);
    const declared: DeclaredException[] = [];
    const pending: PendingDeclaration[] = [];
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
      const declaration: DeclaredException = {
        entityRef,
        scope: 'check',
        itemId: a.itemId,
        checkId: a.checkId,
        resource: a.resource,
        justification: a.justification,
        expiresAt: new Date(a.expiresAt),
        annotation: a.annotation,
      };
      if (
        this.options.mapping.entity(entityRef)?.representsCluster &&
        !this.options.annotationsOnClusterResources
      ) {
        pending.push({
          ...declaration,
          reason: `The object's findings belong to the cluster's Resource ${entityRef}; annotations there accept nothing unless kubeSecurity.exceptions.annotationsOnClusterResources is true (accept the risk in the portal instead)`,
        });
        continue;
      }
      declared.push(declaration);
    }
    return { declared, pending, problems: annotations.problems.length };
  }

  private mergeContributions(
    source: ClusterSource,
    contributions: CollectorContribution[],
    unreadable: Unreadable,
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
      collectedAt: this.now().toISOString(),
      objects,
      cloud,
      scope: contributions.some(c => c.scope === 'cluster')
        ? 'cluster'
        : 'manifests',
      unreadableKinds: unreadable.map(u => u.kind),
    };
  }

  /** The snapshot's workloads (their owners are the mapping's to set). */
  private workloadsOf(snapshot: Snapshot): WorkloadRecord[] {
    return buildIndex(snapshot).workloads.map(w => ({
      kind: w.kind,
      namespace: w.namespace,
      name: w.name,
      labels: w.labels,
    }));
  }
}
