import type { Entity } from '@backstage/catalog-model';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  EXPIRING_SOON_DAYS,
  EntityPlanResponse,
  ExceptionsResponse,
  TeamScorecardResponse,
  TeamsResponse,
  UnownedResponse,
} from '@kube-security/plugin-kube-security-common';
import type { Writable } from 'stream';
import { clusterContext } from '../aggregate/clusterContext';
import { planForEntity } from '../aggregate/plans';
import type { TeamQuery } from '../database/AggregateStore';
import type { Stores } from '../database/stores';
import { DAY_MS } from '../database/tables';
import { buildCatalogSnapshot } from '../mapping/catalogSnapshot';
import { writeFindingsCsv } from './csv';

/** A page of something, as the routes take it. */
export interface PageQuery {
  offset: number;
  limit: number;
}

/**
 * The read side: an entity's plan (built from its stored findings), the teams overview, a
 * team's scorecard, unowned findings, the active exceptions and the CSV export. Reads the
 * stores; never writes.
 */
export class PlanService {
  constructor(
    private readonly options: {
      stores: Stores;
      now?: () => Date;
    },
  ) {}

  private now(): Date {
    return (this.options.now ?? (() => new Date()))();
  }

  /** The full plan of one catalog entity, built from the stored findings. */
  async entityPlan(entity: Entity): Promise<EntityPlanResponse> {
    const { scans, findings, decisions } = this.options.stores;
    const mapped = buildCatalogSnapshot([entity]).entities[0];
    const generatedAt = new Date().toISOString();
    const entityRef = `${entity.kind}:${
      entity.metadata.namespace ?? 'default'
    }/${entity.metadata.name}`.toLocaleLowerCase('en-US');
    const ctx = await clusterContext(scans, mapped?.ref ?? entityRef);
    const clusters = mapped ? ctx.clustersOf(mapped) : [];
    const open = mapped
      ? await findings.openFindings({ entityRef: mapped.ref })
      : [];
    const ref = mapped?.ref ?? entityRef;
    const [exceptions, attestations] = await Promise.all([
      decisions.activeExceptions([ref]),
      decisions.activeAttestations([ref]),
    ]);
    const result = planForEntity({
      entity: mapped ?? { ref: entityRef, kind: entity.kind, ownerRefs: [] },
      findings: open,
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

  /** One page of teams, filtered and sorted. */
  async teams(q: TeamQuery): Promise<TeamsResponse> {
    const { total, teams } = await this.options.stores.aggregates.queryTeams(q);
    return { teams, total, offset: q.offset, limit: q.limit };
  }

  /** A team's scorecard: its roll-up, child teams, history and entities, worst first. */
  async teamScorecard(
    namespace: string,
    name: string,
  ): Promise<TeamScorecardResponse> {
    const { aggregates } = this.options.stores;
    const ref = stringifyEntityRef({ kind: 'group', namespace, name });
    const rollup = await aggregates.teamRollup(ref);
    if (!rollup) {
      throw new NotFoundError(
        `No team ${ref}: it is not a Group in the catalog, or the catalog has not been read yet`,
      );
    }
    const children = (await aggregates.childTeams(ref)).map(c => c.summary);
    const entities = (await aggregates.entitySummaries(rollup.entityRefs))
      .map(s => ({
        entityRef: s.entityRef,
        title: s.title,
        score: s.score,
        open: s.openItems,
      }))
      .sort(
        (a, b) =>
          (a.score.value ?? 101) - (b.score.value ?? 101) ||
          a.entityRef.localeCompare(b.entityRef),
      );
    return {
      team: rollup.summary,
      children,
      topActions: rollup.topActions,
      history: await aggregates.history(ref),
      categories: rollup.categories,
      entities,
    };
  }

  /** Open findings no catalog entity owns, most severe first. */
  async unowned(q: PageQuery): Promise<UnownedResponse> {
    const { findings } = this.options.stores;
    return {
      findings: await findings.unownedFindings(q.offset, q.limit),
      total: await findings.countUnowned(),
      offset: q.offset,
      limit: q.limit,
    };
  }

  /** Active exceptions, those expiring first first, with their entity's title. */
  async exceptions(
    q: PageQuery & { entityRef?: string },
  ): Promise<ExceptionsResponse> {
    const { decisions, aggregates } = this.options.stores;
    const soon = new Date(this.now().getTime() + EXPIRING_SOON_DAYS * DAY_MS);
    const page = await decisions.pageActiveExceptions({
      offset: q.offset,
      limit: q.limit,
      entityRef: q.entityRef?.toLocaleLowerCase('en-US'),
      soon,
    });
    const titles = await aggregates.entityTitles([
      ...new Set(page.exceptions.map(e => e.entityRef)),
    ]);
    return {
      exceptions: page.exceptions.map(e => ({
        ...e,
        ...(titles.get(e.entityRef)
          ? { entityTitle: titles.get(e.entityRef) }
          : {}),
        expiringSoon: new Date(e.expiresAt).getTime() <= soon.getTime(),
      })),
      total: page.total,
      expiringSoon: page.expiringSoon,
      offset: q.offset,
      limit: q.limit,
    };
  }

  /** Every open finding with its owner as CSV, streamed to `out` (left open). */
  async exportCsv(out: Writable): Promise<void> {
    const { findings, decisions } = this.options.stores;
    await writeFindingsCsv(
      findings.streamOpenFindings(),
      await decisions.activeExceptions(),
      out,
    );
  }
}
