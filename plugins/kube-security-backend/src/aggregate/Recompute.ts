import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  Attestation,
  Finding,
  Grade,
  RiskException,
} from '@kube-security/plugin-kube-security-common';
import type { EntitySummary, TeamRollup } from '../domain/summaries';
import type { Stores } from '../database/stores';
import { DAY_MS, dayOf } from '../database/tables';
import type { CatalogMapping } from '../mapping/CatalogMapping';
import type { CatalogSnapshot, MappedEntity } from '../mapping/catalogSnapshot';
import type { GradeChange, Notifier } from '../notify/Notifier';
import { ClusterContext, clusterContext } from './clusterContext';
import { planForEntity } from './plans';
import { rollUpTeamParts, summarizeEntity } from './rollup';
import { sameJson } from './sameJson';
import { RecomputeReport, StageClock } from './stageClock';
import { TeamBasis } from './teamBasis';
import type { TeamPart } from './teamParts';

export type { RecomputeReport } from './stageClock';

/**
 * Entities whose plans are rebuilt together: their findings are read in one go, so memory
 * holds one batch of findings rather than every open finding. A small batch also keeps the
 * young generation's collections cheap: at 1M findings, 500 entities' condensed findings
 * outlived two collections and were copied to the old generation (the incremental recompute
 * after a 1% rescan spent 242 ms in them; with 100 entities, 162 ms).
 */
const RECOMPUTE_BATCH = 100;

function groupByEntity<T extends { entityRef: string }>(
  list: T[],
): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const d of list)
    map.set(d.entityRef, [...(map.get(d.entityRef) ?? []), d]);
  return map;
}

/** What changed since the last recompute, as the writer knows it. */
export interface RecomputeChange {
  /** Entities whose open findings or workloads changed (e.g. `WriteScanSummary`). */
  entities: string[];
}

/** A recompute to run: everything, or the entities named (and whatever else moved). */
interface Request {
  full: boolean;
  entities: Set<string>;
}

/** Active exceptions and attestations, by entity. */
interface Decisions {
  exceptions: Map<string, RiskException[]>;
  attestations: Map<string, Attestation[]>;
}

/**
 * What the last recompute of this process left, so that the next one rebuilds only what
 * changed: every entity summary, and fingerprints of the inputs that are not told as
 * changes (decisions, item coverage, cluster providers and retirement), all as of the
 * aggregates' `generation`.
 */
interface Kept {
  generation: number;
  day: string;
  catalog: CatalogSnapshot;
  summaries: Map<string, EntitySummary>;
  /** What each team's roll-up is made of, so unchanged child teams are not added up again. */
  parts: Map<string, TeamPart>;
  /** Who owns which summary, and the rest the roll-up derives from them (see TeamBasis). */
  basis: TeamBasis;
  /** Every team's roll-up as last written: one that comes out the same is not written again. */
  teams: Map<string, TeamRollup>;
  decisions: Map<string, string>;
  coverage: Map<string, string>;
  clusters: string;
  /** Each team's score a week before `day`, for trends (fixed for the day). */
  previousScores: Map<string, number | null>;
}

/** Per entity, a text that changes whenever its decisions in force change. */
function decisionPrints(decisions: Decisions): Map<string, string> {
  const prints = new Map<string, string>();
  const refs = new Set([
    ...decisions.exceptions.keys(),
    ...decisions.attestations.keys(),
  ]);
  const byId = (a: { id: number }, b: { id: number }) => a.id - b.id;
  for (const ref of refs) {
    prints.set(
      ref,
      JSON.stringify([
        [...(decisions.exceptions.get(ref) ?? [])].sort(byId),
        [...(decisions.attestations.get(ref) ?? [])].sort(byId),
      ]),
    );
  }
  return prints;
}

function coveragePrints(ctx: ClusterContext): Map<string, string> {
  return new Map(
    [...ctx.coverageByCluster].map(([cluster, items]) => [
      cluster,
      JSON.stringify(items),
    ]),
  );
}

/** What plans take from the cluster list besides coverage: provider and retirement. */
function clusterPrint(ctx: ClusterContext): string {
  return JSON.stringify(
    [...ctx.clusterStatuses.values()]
      .map(c => [c.name, c.provider ?? null, Boolean(c.retiredAt)])
      .sort(),
  );
}

/** Keys whose values differ between two maps (present in one only included). */
function changedKeys<V>(a: Map<string, V>, b: Map<string, V>): string[] {
  const keys = new Set([...a.keys(), ...b.keys()]);
  return [...keys].filter(k => a.get(k) !== b.get(k));
}

/** These teams and every team above them in the group tree. */
function withAncestors(
  teams: Iterable<string>,
  catalog: CatalogSnapshot,
): Set<string> {
  const parents = new Map<string, string[]>();
  for (const team of catalog.teams.values()) {
    for (const child of team.childRefs) {
      parents.set(child, [...(parents.get(child) ?? []), team.ref]);
    }
  }
  const out = new Set<string>();
  const stack = [...teams].filter(ref => catalog.teams.has(ref));
  while (stack.length) {
    const ref = stack.pop()!;
    if (out.has(ref)) continue;
    out.add(ref);
    stack.push(...(parents.get(ref) ?? []));
  }
  return out;
}

/**
 * Rebuilds the aggregates the overview reads (entity summaries, team roll-ups, today's
 * score history) from the stored findings, the catalog and the decisions in force, and
 * tells team owners about grade changes.
 *
 * A recompute told which entities changed (`run({ entities })`, after a scan) rebuilds
 * only those, the entities whose decisions, item coverage or clusters moved, and the
 * teams above them; it keeps the last summaries in memory for that. It recomputes
 * everything instead when it has nothing kept, when the catalog changed, on the first
 * run of a day (so that every entity and team has a history point and a trend for the
 * day), when clusters were added, retired or changed provider, and when another writer
 * (another replica) wrote the aggregates since. `run()` recomputes everything.
 */
export class Recompute {
  /** The recompute under way, if any. */
  private current?: Promise<void>;
  /** The one recompute that will start when it ends, shared by every request meanwhile. */
  private queued?: Promise<void>;
  /** What the queued recompute will do: every request made meanwhile, merged. */
  private queuedRequest?: Request;
  private kept?: Kept;
  /** What the last recompute that wrote did, and the time of each stage (for benchmarks). */
  lastReport?: RecomputeReport;

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
   * Recomputes entity and team summaries, one at a time in this process: everything, or,
   * given a change, what it touched. Requests made while one runs are coalesced: they
   * all wait for a single recompute that starts after the running one, which sees every
   * change made before them (and is total if any of them asked for it).
   */
  run(change?: RecomputeChange): Promise<void> {
    const request: Request = {
      full: !change,
      entities: new Set(change?.entities ?? []),
    };
    if (this.queued) {
      const queued = this.queuedRequest!;
      queued.full ||= request.full;
      for (const ref of request.entities) queued.entities.add(ref);
      return this.queued;
    }
    if (!this.current) return this.start(request);
    this.queuedRequest = request;
    this.queued = this.current
      .catch(() => undefined)
      .then(() => {
        const next = this.queuedRequest!;
        this.queued = undefined;
        this.queuedRequest = undefined;
        return this.start(next);
      });
    return this.queued;
  }

  private start(request: Request): Promise<void> {
    const running: Promise<void> = this.recompute(request).finally(() => {
      if (this.current === running) this.current = undefined;
    });
    this.current = running;
    return running;
  }

  private now(): Date {
    return (this.options.now ?? (() => new Date()))();
  }

  private async recompute(request: Request): Promise<void> {
    // Summaries built from no catalog would delete every entity and team summary.
    if (!(await this.options.mapping.ready())) {
      this.options.logger?.warn(
        'Scores not recomputed: the catalog has not been read yet and no earlier mapping is stored',
      );
      return;
    }
    const catalog = this.options.mapping.snapshot();
    const now = this.now();
    const kept = this.kept;
    // Whatever fails on the way leaves nothing kept: the next recompute is total.
    this.kept = undefined;
    if (
      !request.full &&
      kept &&
      kept.catalog === catalog &&
      kept.day === dayOf(now) &&
      (await this.recomputeChanged(kept, request.entities))
    ) {
      return;
    }
    await this.recomputeAll(catalog, now);
  }

  /** Plans and summaries of some entities, a batch at a time. */
  private async summarize(
    planned: Array<{ entity: MappedEntity; clusters: string[] }>,
    ctx: ClusterContext,
    decisions: Decisions,
    clock: StageClock,
  ): Promise<EntitySummary[]> {
    const { findings } = this.options.stores;
    // Plans are built a batch of entities at a time from condensed findings (see
    // planFindings); only the summaries, which keep no findings, outlive a batch.
    const summaries: EntitySummary[] = [];
    for (let i = 0; i < planned.length; i += RECOMPUTE_BATCH) {
      const batch = planned.slice(i, i + RECOMPUTE_BATCH);
      const condensed = await clock.time('read findings', () =>
        findings.planFindings(batch.map(p => p.entity.ref)),
      );
      // Exceptions for single findings need the findings' ids, which condensed findings
      // do not keep: those few entities read theirs in full.
      const precise = await clock.time('read findings', async () => {
        const read = new Map<string, Finding[]>();
        for (const { entity } of batch) {
          const exceptions = decisions.exceptions.get(entity.ref) ?? [];
          if (exceptions.some(e => e.scope !== 'item')) {
            read.set(
              entity.ref,
              await findings.openFindings({ entityRef: entity.ref }),
            );
          }
        }
        return read;
      });
      // Timed a batch at a time: reading the clocks per entity would cost more than a plan.
      const plans = clock.timeSync('entity plans', () =>
        batch.map(({ entity, clusters }) =>
          planForEntity({
            entity,
            findings:
              precise.get(entity.ref) ?? condensed.get(entity.ref) ?? [],
            clusters,
            coverageByCluster: ctx.coverageByCluster,
            clusterStatuses: ctx.clusterStatuses,
            exceptions: decisions.exceptions.get(entity.ref) ?? [],
            attestations: decisions.attestations.get(entity.ref) ?? [],
            resources: ctx.resourcesOf(entity),
          }),
        ),
      );
      clock.timeSync('entity summaries', () =>
        batch.forEach(({ entity }, at) =>
          summaries.push(summarizeEntity(entity, plans[at])),
        ),
      );
    }
    return summaries;
  }

  /** The entities that have a summary: claimed, and running in a known cluster. */
  private planned(entities: MappedEntity[], ctx: ClusterContext) {
    return entities
      .filter(entity => this.options.mapping.keepsItsClaim(entity))
      .map(entity => ({ entity, clusters: ctx.clustersOf(entity) }))
      .filter(p => p.clusters.length > 0);
  }

  /** Each team's latest score on or before the day a week ago, for trends. */
  private async previousScores(
    catalog: CatalogSnapshot,
    now: Date,
  ): Promise<Map<string, number | null>> {
    const weekAgo = dayOf(new Date(now.getTime() - 7 * DAY_MS));
    // Trends are shown for teams only.
    return this.options.stores.aggregates.scoresOnOrBefore(weekAgo, [
      ...catalog.teams.keys(),
    ]);
  }

  /** Tells team owners about the grades of these teams that dropped. */
  private async notify(
    teams: TeamRollup[],
    gradesBefore: Map<string, string | null>,
  ): Promise<void> {
    const changes: GradeChange[] = teams.map(t => ({
      teamRef: t.summary.entityRef,
      title: t.summary.title ?? t.summary.name,
      before: (gradesBefore.get(t.summary.entityRef) ?? null) as Grade | null,
      after: t.summary.score.grade,
      score: t.summary.score.value,
    }));
    await this.options.notifier?.gradeChanges(changes);
  }

  private async recomputeAll(
    catalog: CatalogSnapshot,
    now: Date,
  ): Promise<void> {
    const { aggregates, scans } = this.options.stores;
    const clock = new StageClock();
    const { ctx, decisions, previousScores } = await clock.time(
      'read clusters and decisions',
      async () => ({
        ctx: await clusterContext(scans),
        decisions: await this.activeDecisions(),
        previousScores: await this.previousScores(catalog, now),
      }),
    );
    const summaries = await this.summarize(
      this.planned(catalog.entities, ctx),
      ctx,
      decisions,
      clock,
    );
    const { teams, parts, basis } = clock.timeSync('team roll-up', () => {
      const made = TeamBasis.of(catalog, summaries);
      return {
        ...rollUpTeamParts(catalog, made, ctx.clusterStatuses, previousScores),
        basis: made,
      };
    });
    const gradesBefore = await clock.time('read team grades', () =>
      aggregates.teamGrades(),
    );
    const generation = await clock.time('write', () =>
      aggregates.writeAggregates(summaries, teams),
    );
    this.report(clock.report('full', summaries.length, teams.length));
    this.kept = {
      generation,
      day: dayOf(now),
      catalog,
      summaries: new Map(summaries.map(s => [s.entityRef, s])),
      parts,
      basis,
      teams: new Map(teams.map(t => [t.summary.entityRef, t])),
      decisions: decisionPrints(decisions),
      coverage: coveragePrints(ctx),
      clusters: clusterPrint(ctx),
      previousScores,
    };
    await this.notify(teams, gradesBefore);
  }

  /**
   * Rebuilds the entities in `told` and those whose decisions or item coverage changed
   * since `kept`, and re-rolls the teams above them. False when it cannot (clusters
   * changed, or another writer wrote since): then everything is recomputed.
   */
  private async recomputeChanged(
    kept: Kept,
    told: Set<string>,
  ): Promise<boolean> {
    const { aggregates, scans } = this.options.stores;
    const { catalog } = kept;
    const clock = new StageClock();
    if (
      (await clock.time('read clusters and decisions', () =>
        aggregates.generation(),
      )) !== kept.generation
    )
      return false;
    const byRef = new Map(catalog.entities.map(e => [e.ref, e]));
    const decisions = await clock.time('read clusters and decisions', () =>
      this.activeDecisions(),
    );
    const decisionsNow = decisionPrints(decisions);

    const dirty = new Set([...told].filter(ref => byRef.has(ref)));
    for (const ref of changedKeys(kept.decisions, decisionsNow)) {
      if (byRef.has(ref)) dirty.add(ref);
    }
    // Item coverage and the clusters' state are read for every cluster (a few rows);
    // where entities run, only for the entities rebuilt.
    const wide = await clock.time('read clusters and decisions', () =>
      clusterContext(scans, []),
    );
    if (clusterPrint(wide) !== kept.clusters) return false;
    const coverageNow = coveragePrints(wide);
    const coverageMoved = new Set(changedKeys(kept.coverage, coverageNow));
    if (coverageMoved.size) {
      for (const s of kept.summaries.values()) {
        if (s.clusters.some(c => coverageMoved.has(c))) dirty.add(s.entityRef);
      }
      for (const entity of catalog.entities) {
        if (
          entity.representsCluster &&
          coverageMoved.has(entity.representsCluster)
        ) {
          dirty.add(entity.ref);
        }
      }
    }

    const refs = [...dirty].sort();
    const ctx = await clock.time('read clusters and decisions', () =>
      clusterContext(scans, refs),
    );
    const rebuilt = await this.summarize(
      this.planned(
        refs.map(ref => byRef.get(ref)!),
        ctx,
      ),
      ctx,
      decisions,
      clock,
    );
    const summaries = new Map(kept.summaries);
    const removed = refs.filter(ref => summaries.has(ref));
    const owners = new Set<string>();
    for (const ref of removed) {
      for (const owner of summaries.get(ref)!.ownerRefs) owners.add(owner);
      summaries.delete(ref);
    }
    for (const s of rebuilt) {
      summaries.set(s.entityRef, s);
      for (const owner of s.ownerRefs) owners.add(owner);
    }
    const stillRemoved = removed.filter(ref => !summaries.has(ref));

    const affected = withAncestors(owners, catalog);
    // The history before today does not change during the day: nor do the trends' bases.
    const { teams, parts, basis } = clock.timeSync('team roll-up', () => {
      // With the same entities summarized, the kept basis takes the rebuilt summaries.
      const made =
        (stillRemoved.length === 0 && kept.basis.replaced(rebuilt)) ||
        TeamBasis.of(catalog, summaries.values());
      return affected.size
        ? {
            ...rollUpTeamParts(
              catalog,
              made,
              ctx.clusterStatuses,
              kept.previousScores,
              affected,
              kept.parts,
            ),
            basis: made,
          }
        : { teams: [], parts: kept.parts, basis: made };
    });
    // Summaries and roll-ups that come out as they were written are not written again
    // (nor their history point of today, nor the entities' membership).
    const { entities: changed, unchangedTeams } = clock.timeSync(
      'compare with the last write',
      () => ({
        entities: rebuilt.filter(
          s => !sameJson(s, kept.summaries.get(s.entityRef)),
        ),
        unchangedTeams: new Set(
          teams
            .filter(t => sameJson(t, kept.teams.get(t.summary.entityRef)))
            .map(t => t.summary.entityRef),
        ),
      }),
    );
    const gradesBefore = await clock.time('read team grades', () =>
      aggregates.teamGrades(),
    );
    const generation = await clock.time('write', () =>
      aggregates.writeChanges({
        generation: kept.generation,
        entities: changed,
        removed: stillRemoved,
        teams,
        unchangedTeams,
      }),
    );
    if (generation === undefined) return false;
    this.report({
      ...clock.report('incremental', rebuilt.length, teams.length),
      written: {
        entities: changed.length,
        teams: teams.length - unchangedTeams.size,
      },
    });
    const teamsNow = new Map(kept.teams);
    for (const t of teams) teamsNow.set(t.summary.entityRef, t);
    this.kept = {
      ...kept,
      generation,
      summaries,
      parts,
      basis,
      teams: teamsNow,
      decisions: decisionsNow,
      coverage: coverageNow,
    };
    await this.notify(teams, gradesBefore);
    return true;
  }

  private report(report: RecomputeReport): void {
    this.lastReport = report;
    this.options.logger?.debug(
      `Recompute (${report.kind}): ${report.entities} entities, ${
        report.teams
      } teams in ${report.totalMs} ms; ${JSON.stringify(report.stages)}`,
    );
  }

  /** Exceptions and attestations in force, by entity. */
  private async activeDecisions(): Promise<Decisions> {
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
