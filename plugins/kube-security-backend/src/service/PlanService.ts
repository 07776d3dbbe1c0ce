import type { Entity } from '@backstage/catalog-model';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import {
  ActionItemId,
  ActiveException,
  EXPIRING_SOON_DAYS,
  EntityFactsResponse,
  EntityPlanResponse,
  ExceptionsResponse,
  Finding,
  OverviewResponse,
  SEVERITY_RANK,
  Severity,
  TeamScorecardPageQuery,
  TeamScorecardResponse,
  TeamsResponse,
  UnownedResponse,
} from '@kube-security/plugin-kube-security-common';
import type { Writable } from 'stream';
import { clusterContext } from '../aggregate/clusterContext';
import { planForEntity } from '../aggregate/plans';
import type { TeamQuery } from '../database/AggregateStore';
import type { StoredFinding } from '../database/FindingStore';
import type { Stores } from '../database/stores';
import { DAY_MS } from '../database/tables';
import { buildCatalogSnapshot } from '../mapping/catalogSnapshot';
import { writeFindingsCsv } from './csv';
import { csvOwnersFromCatalog } from './csvOwnership';
import { entityFacts } from './entityFacts';
import { teamInCategory } from './categoryTeams';
import {
  exceptionsByEntity,
  markAcceptedByOwner,
  overviewHeadline,
} from './overview';
import { ReadScope } from './ReadScope';
import { visibleActions } from './visibleActions';

/** Enough rows to load a whole list before filtering it for one caller. */
const ALL_ROWS = 1_000_000_000;

/** One page of the items the scope lets through, and how many it lets through in all. */
function pageOf<T>(items: T[], q: PageQuery): T[] {
  return items.slice(q.offset, q.offset + q.limit);
}

/** A page of something, as the routes take it. */
export interface PageQuery {
  offset: number;
  limit: number;
}

/** Which open findings to list: of one entity, of a team's entities, or of everything. */
export interface OpenFindingsQuery extends PageQuery {
  /** Only this entity's findings (a mapped, lower-case ref). */
  entityRef?: string;
  /** Only the findings of this team's entities, child teams included. */
  teamRef?: string;
  /** Only these severities; all when absent. */
  severities?: Severity[];
  /** Only the findings of this action item. */
  itemId?: ActionItemId;
  /** Also findings an active exception covers (they carry `accepted`). Default false. */
  includeAccepted?: boolean;
  /** Only findings on internet-exposed workloads. */
  internetExposed?: boolean;
}

/** A page of open findings, with the entity that owns each (none when unowned). */
export interface OpenFindingsPage {
  findings: Array<Finding & { entityRef?: string }>;
  total: number;
  offset: number;
  limit: number;
}

/** Worst first, internet-exposed first, then by owner and resource for a stable order. */
function byUrgency(
  a: Finding & { entityRef?: string },
  b: Finding & { entityRef?: string },
): number {
  const key = (f: Finding & { entityRef?: string }) =>
    [
      f.entityRef ?? '~',
      f.resource.cluster ?? '',
      f.resource.namespace ?? '',
      f.resource.name,
      f.id,
    ].join('\u0000');
  return (
    SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
    Number(b.exposure?.internet ?? false) -
      Number(a.exposure?.internet ?? false) ||
    key(a).localeCompare(key(b))
  );
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
      resources: mapped ? ctx.resourcesOf(mapped) : [],
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

  /** The overview's headline figures, over what the caller may see. */
  async overview(
    scope: ReadScope = ReadScope.everything,
  ): Promise<OverviewResponse> {
    return {
      headline: await overviewHeadline(this.options.stores, scope, this.now()),
    };
  }

  /** One page of the security facts of the entities and teams the caller may see. */
  async entityFacts(
    q: PageQuery,
    scope: ReadScope = ReadScope.everything,
  ): Promise<EntityFactsResponse> {
    return entityFacts(this.options.stores, q, scope, this.now());
  }

  /**
   * One page of the teams the caller may see, filtered, sorted and paged by the store; with
   * a category selected, each team is scored and topped on that category only (see
   * teamInCategory) and sorted by that score. Only the page's roll-ups are read.
   */
  async teams(
    q: TeamQuery,
    scope: ReadScope = ReadScope.everything,
  ): Promise<TeamsResponse> {
    const { total, rollups } =
      await this.options.stores.aggregates.queryTeamRollups(
        q,
        scope.unrestricted ? undefined : ref => scope.seesEntity(ref),
      );
    const { category } = q;
    return {
      teams: rollups.map(r =>
        category ? teamInCategory(r.summary, r, category) : r.summary,
      ),
      total,
      offset: q.offset,
      limit: q.limit,
    };
  }

  /**
   * A team's scorecard: its roll-up, child teams, history and entities, worst first. Only
   * what the caller may see: a hidden team is not found, hidden child teams and entities
   * are left out (of the lists and the top actions). `page` picks a page of the entities
   * and of the top actions, each with its total; without limits they come whole.
   */
  async teamScorecard(
    namespace: string,
    name: string,
    scope: ReadScope = ReadScope.everything,
    page: TeamScorecardPageQuery = {},
  ): Promise<TeamScorecardResponse> {
    const { aggregates } = this.options.stores;
    const ref = stringifyEntityRef({ kind: 'group', namespace, name });
    const rollup = scope.seesEntity(ref)
      ? await aggregates.teamRollup(ref)
      : undefined;
    if (!rollup) {
      throw new NotFoundError(
        `No team ${ref}: it is not a Group in the catalog, or the catalog has not been read yet`,
      );
    }
    const all = scope.unrestricted;
    const children = (await aggregates.childTeams(ref))
      .map(c => c.summary)
      .filter(c => all || scope.seesEntity(c.entityRef));
    const entitiesPage = {
      offset: page.entitiesOffset ?? 0,
      limit: page.entitiesLimit ?? ALL_ROWS,
    };
    // A caller who sees everything gets the page from the team's membership rows; any
    // other gets it from the roll-up's refs they may see.
    const { total: entitiesTotal, summaries } = all
      ? await aggregates.teamMemberPage(
          ref,
          entitiesPage.offset,
          entitiesPage.limit,
        )
      : await aggregates.entitySummaryPage(
          rollup.entityRefs.filter(e => scope.seesEntity(e)),
          entitiesPage.offset,
          entitiesPage.limit,
        );
    const actions = all
      ? rollup.topActions
      : visibleActions(rollup.topActions, e => scope.seesEntity(e));
    const actionsPage = {
      offset: page.topActionsOffset ?? 0,
      limit: page.topActionsLimit ?? ALL_ROWS,
    };
    return {
      team: rollup.summary,
      children,
      topActions: pageOf(actions, actionsPage),
      history: await aggregates.history(ref),
      categories: rollup.categories,
      entities: summaries.map(s => ({
        entityRef: s.entityRef,
        title: s.title,
        score: s.score,
        open: s.openItems,
      })),
      entitiesPage: {
        ...entitiesPage,
        limit: page.entitiesLimit ?? entitiesTotal,
        total: entitiesTotal,
      },
      topActionsPage: {
        ...actionsPage,
        limit: page.topActionsLimit ?? actions.length,
        total: actions.length,
      },
    };
  }

  /** Open findings no catalog entity owns that the caller may see, most severe first. */
  async unowned(
    q: PageQuery,
    scope: ReadScope = ReadScope.everything,
  ): Promise<UnownedResponse> {
    const { findings } = this.options.stores;
    if (scope.unrestricted) {
      return {
        findings: await findings.unownedFindings(q.offset, q.limit),
        total: await findings.countUnowned(),
        offset: q.offset,
        limit: q.limit,
      };
    }
    const seen = (await findings.unownedFindings(0, ALL_ROWS)).filter(f =>
      scope.seesFinding(f),
    );
    return {
      findings: pageOf(seen, q),
      total: seen.length,
      offset: q.offset,
      limit: q.limit,
    };
  }

  /** Active exceptions, those expiring first first, with their entity's title. */
  async exceptions(
    q: PageQuery & { entityRef?: string },
    scope: ReadScope = ReadScope.everything,
  ): Promise<ExceptionsResponse> {
    const { decisions, aggregates } = this.options.stores;
    const soon = new Date(this.now().getTime() + EXPIRING_SOON_DAYS * DAY_MS);
    const query = {
      offset: q.offset,
      limit: q.limit,
      entityRef: q.entityRef?.toLocaleLowerCase('en-US'),
      soon,
    };
    let page = await decisions.pageActiveExceptions(
      scope.unrestricted ? query : { ...query, offset: 0, limit: ALL_ROWS },
    );
    if (!scope.unrestricted) {
      const seen = page.exceptions.filter(e => scope.seesEntity(e.entityRef));
      page = {
        exceptions: pageOf(seen, q),
        total: seen.length,
        expiringSoon: seen.filter(
          e => new Date(e.expiresAt).getTime() <= soon.getTime(),
        ).length,
      };
    }
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

  /**
   * One page of the failing and warning findings the caller may see, most urgent first:
   * of an entity, of a team (404 when the caller may not see it), or of everything,
   * unowned findings included. Findings an active exception covers are left out unless
   * asked for.
   */
  async openFindings(
    q: OpenFindingsQuery,
    scope: ReadScope = ReadScope.everything,
  ): Promise<OpenFindingsPage> {
    const { findings, decisions, aggregates } = this.options.stores;
    let refs: string[] | undefined;
    if (q.teamRef) {
      const teamRef = q.teamRef.toLocaleLowerCase('en-US');
      const rollup = scope.seesEntity(teamRef)
        ? await aggregates.teamRollup(teamRef)
        : undefined;
      if (!rollup) {
        throw new NotFoundError(
          `No team ${teamRef}: it is not a Group in the catalog, or the catalog has not been read yet`,
        );
      }
      refs = rollup.entityRefs;
    } else if (q.entityRef) {
      refs = [q.entityRef.toLocaleLowerCase('en-US')];
    }
    const loaded = refs
      ? (
          await Promise.all(
            refs.map(entityRef => findings.openFindings({ entityRef })),
          )
        ).flat()
      : await findings.openFindings();
    const severities = q.severities && new Set(q.severities);
    const candidates = loaded.filter(
      f =>
        f.status !== 'pass' &&
        (!severities || severities.has(f.severity)) &&
        (!q.itemId || f.itemId === q.itemId) &&
        (!q.internetExposed || Boolean(f.exposure?.internet)) &&
        scope.seesFinding(f),
    );
    const marked = markAcceptedByOwner(
      candidates,
      exceptionsByEntity(await decisions.activeExceptions(refs)),
    ) as Array<Finding & { entityRef?: string }>;
    const kept = (
      q.includeAccepted ? marked : marked.filter(f => !f.accepted)
    ).sort(byUrgency);
    return {
      findings: pageOf(kept, q),
      total: kept.length,
      offset: q.offset,
      limit: q.limit,
    };
  }

  /** The findings, each with its owning entity's title when it has one. */
  async withEntityTitles<T extends { entityRef?: string }>(
    list: T[],
  ): Promise<Array<T & { entityTitle?: string }>> {
    const refs = [
      ...new Set(list.map(f => f.entityRef).filter((r): r is string => !!r)),
    ];
    const titles = await this.options.stores.aggregates.entityTitles(refs);
    return list.map(f => {
      const title = f.entityRef ? titles.get(f.entityRef) : undefined;
      return title ? { ...f, entityTitle: title } : f;
    });
  }

  /**
   * Active exceptions the caller may see that expire within `withinDays`, soonest first
   * (of one entity when `entityRef` is given), and how many there are in all.
   */
  async expiringExceptions(
    q: PageQuery & { withinDays: number; entityRef?: string },
    scope: ReadScope = ReadScope.everything,
  ): Promise<{ exceptions: ActiveException[]; total: number }> {
    const until = this.now().getTime() + q.withinDays * DAY_MS;
    const { exceptions } = await this.exceptions(
      { offset: 0, limit: ALL_ROWS, entityRef: q.entityRef },
      scope,
    );
    const expiring = exceptions.filter(
      e => new Date(e.expiresAt).getTime() <= until,
    );
    return { exceptions: pageOf(expiring, q), total: expiring.length };
  }

  /**
   * Every open finding the caller may see, with its owner, as CSV, streamed to `out`
   * (left open).
   */
  async exportCsv(
    out: Writable,
    scope: ReadScope = ReadScope.everything,
  ): Promise<void> {
    const { findings, decisions, mapping } = this.options.stores;
    const pages = findings.streamOpenFindings();
    await writeFindingsCsv(
      scope.unrestricted ? pages : visibleFindings(pages, scope),
      await decisions.activeExceptions(),
      out,
      csvOwnersFromCatalog(await mapping.load()),
    );
  }
}

/** The pages of findings with only what the scope lets through (empty pages dropped). */
async function* visibleFindings<T extends StoredFinding>(
  pages: AsyncIterable<T[]>,
  scope: ReadScope,
): AsyncGenerator<T[]> {
  for await (const page of pages) {
    const seen = page.filter(f => scope.seesFinding(f));
    if (seen.length) yield seen;
  }
}
