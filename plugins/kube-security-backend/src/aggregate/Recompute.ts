import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  Attestation,
  Grade,
  RiskException,
} from '@kube-security/plugin-kube-security-common';
import type { EntitySummary } from '../domain/summaries';
import type { Stores } from '../database/stores';
import { DAY_MS, dayOf } from '../database/tables';
import type { CatalogMapping } from '../mapping/CatalogMapping';
import type { GradeChange, Notifier } from '../notify/Notifier';
import { clusterContext } from './clusterContext';
import { planForEntity } from './plans';
import { rollUpTeams, summarizeEntity } from './rollup';

/**
 * Entities whose plans are rebuilt together: their findings are read in one go, so memory
 * holds one batch of findings rather than every open finding.
 */
const RECOMPUTE_BATCH = 500;

function groupByEntity<T extends { entityRef: string }>(
  list: T[],
): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const d of list)
    map.set(d.entityRef, [...(map.get(d.entityRef) ?? []), d]);
  return map;
}

/**
 * Rebuilds the aggregates the overview reads (entity summaries, team roll-ups, today's
 * score history) from the stored findings, the catalog and the decisions in force, and
 * tells team owners about grade changes.
 */
export class Recompute {
  /** The recompute under way, if any. */
  private current?: Promise<void>;
  /** The one recompute that will start when it ends, shared by every request meanwhile. */
  private queued?: Promise<void>;

  constructor(
    private readonly options: {
      stores: Stores;
      mapping: CatalogMapping;
      notifier?: Notifier;
      logger?: LoggerService;
      now?: () => Date;
    },
  ) {}

  /**
   * Recomputes entity and team summaries, one at a time in this process. Requests made
   * while one runs are coalesced: they all wait for a single recompute that starts after
   * the running one, which sees every change made before them.
   */
  run(): Promise<void> {
    if (this.queued) return this.queued;
    if (!this.current) return this.start();
    this.queued = this.current
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.start();
      });
    return this.queued;
  }

  private start(): Promise<void> {
    const running: Promise<void> = this.recompute().finally(() => {
      if (this.current === running) this.current = undefined;
    });
    this.current = running;
    return running;
  }

  private async recompute(): Promise<void> {
    const { findings, aggregates, scans } = this.options.stores;
    // Summaries built from no catalog would delete every entity and team summary.
    if (!(await this.options.mapping.ready())) {
      this.options.logger?.warn(
        'Scores not recomputed: the catalog has not been read yet and no earlier mapping is stored',
      );
      return;
    }
    const catalog = this.options.mapping.snapshot();
    const ctx = await clusterContext(scans);
    const planned = catalog.entities
      .filter(entity => this.options.mapping.keepsItsClaim(entity))
      .map(entity => ({ entity, clusters: ctx.clustersOf(entity) }))
      .filter(p => p.clusters.length > 0);

    // Plans are built a batch of entities at a time from condensed findings (see
    // planFindings); only the summaries, which keep no findings, outlive a batch.
    const summaries: EntitySummary[] = [];
    const decisions = await this.activeDecisions();
    for (let i = 0; i < planned.length; i += RECOMPUTE_BATCH) {
      const batch = planned.slice(i, i + RECOMPUTE_BATCH);
      const condensed = await findings.planFindings(
        batch.map(p => p.entity.ref),
      );
      for (const { entity, clusters } of batch) {
        const exceptions = decisions.exceptions.get(entity.ref) ?? [];
        // Exceptions for single findings need the findings' ids, which condensed
        // findings do not keep: those few entities read theirs in full.
        const precise = exceptions.some(e => e.scope !== 'item');
        const result = planForEntity({
          entity,
          findings: precise
            ? await findings.openFindings({ entityRef: entity.ref })
            : condensed.get(entity.ref) ?? [],
          clusters,
          coverageByCluster: ctx.coverageByCluster,
          clusterStatuses: ctx.clusterStatuses,
          exceptions,
          attestations: decisions.attestations.get(entity.ref) ?? [],
          resources: ctx.resourcesOf(entity),
        });
        summaries.push(summarizeEntity(entity, result));
      }
    }

    const now = (this.options.now ?? (() => new Date()))();
    const weekAgo = dayOf(new Date(now.getTime() - 7 * DAY_MS));
    // Trends are shown for teams only.
    const previous = await aggregates.scoresOnOrBefore(weekAgo, [
      ...catalog.teams.keys(),
    ]);
    const teams = rollUpTeams(
      catalog,
      summaries,
      ctx.clusterStatuses,
      previous,
    );
    const gradesBefore = await aggregates.teamGrades();
    await aggregates.writeAggregates(summaries, teams);

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
    const { decisions } = this.options.stores;
    const [exceptions, attestations] = await Promise.all([
      decisions.activeExceptions(),
      decisions.activeAttestations(),
    ]);
    return {
      exceptions: groupByEntity<RiskException>(exceptions),
      attestations: groupByEntity<Attestation>(attestations),
    };
  }
}
