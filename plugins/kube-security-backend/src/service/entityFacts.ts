import {
  CATEGORIES,
  Category,
  EXPIRING_SOON_DAYS,
  EntityFactsResponse,
  EntitySecurityFacts,
  GRADE_RANK,
  ItemStatusEntry,
  RiskException,
  Score,
  exceptionCovers,
  getActionItem,
  isOpenStatus,
} from '@kube-security/plugin-kube-security-common';
import type { StoredFinding } from '../database/FindingStore';
import type { Stores } from '../database/stores';
import { DAY_MS } from '../database/tables';
import { ReadScope } from './ReadScope';

/** What a page line is made of before the counts are added. */
interface Subject {
  entityRef: string;
  score: Score;
  openByCategory: Record<Category, number>;
  /** The entities whose findings and exceptions it counts: itself, or a team's. */
  members: string[];
  dataFrom?: string;
}

interface Counts {
  critical: number;
  high: number;
  expired: number;
  expiringSoon: number;
}

const zero = (): Counts => ({
  critical: 0,
  high: 0,
  expired: 0,
  expiringSoon: 0,
});

function openByCategory(statuses: ItemStatusEntry[]): Record<Category, number> {
  const open = Object.fromEntries(CATEGORIES.map(c => [c, 0])) as Record<
    Category,
    number
  >;
  for (const s of statuses) {
    if (isOpenStatus(s.status)) open[getActionItem(s.itemId).category] += 1;
  }
  return open;
}

function byEntity<T extends { entityRef?: string }>(
  items: T[],
): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    if (!item.entityRef) continue;
    const list = map.get(item.entityRef) ?? [];
    list.push(item);
    map.set(item.entityRef, list);
  }
  return map;
}

/** An open finding that counts against its entity: actionable and not accepted now. */
function isOpenRisk(
  finding: StoredFinding,
  active: RiskException[],
  scope: ReadScope,
): boolean {
  return (
    finding.status !== 'pass' &&
    finding.severity !== 'info' &&
    scope.seesFinding(finding) &&
    !active.some(e => exceptionCovers(e, finding))
  );
}

/** Severe findings, expired and expiring exceptions of some entities, by entity. */
async function countsOf(
  stores: Stores,
  refs: string[],
  scope: ReadScope,
  now: Date,
): Promise<Map<string, Counts>> {
  const counts = new Map(refs.map(ref => [ref, zero()]));
  if (!refs.length) return counts;
  const { findings, decisions } = stores;
  const active = byEntity(await decisions.activeExceptions(refs));
  const soon = now.getTime() + EXPIRING_SOON_DAYS * DAY_MS;

  for (const [ref, list] of active) {
    counts.get(ref)!.expiringSoon = list.filter(
      e => new Date(e.expiresAt).getTime() <= soon,
    ).length;
  }

  const severe = await findings.openFindingsOf(refs, {
    statuses: ['fail', 'warn'],
    severities: ['critical', 'high'],
  });
  for (const f of severe) {
    if (!isOpenRisk(f, active.get(f.entityRef!) ?? [], scope)) continue;
    counts.get(f.entityRef!)![f.severity as 'critical' | 'high'] += 1;
  }

  // An exception that ran out matters while a finding it covered is still open and
  // nothing accepts it now.
  const lapsed = byEntity(await decisions.lapsedExceptions(refs));
  if (lapsed.size) {
    const open = byEntity(
      await findings.openFindingsOf([...lapsed.keys()], {
        statuses: ['fail', 'warn'],
      }),
    );
    for (const [ref, list] of lapsed) {
      const risks = (open.get(ref) ?? []).filter(f =>
        isOpenRisk(f, active.get(ref) ?? [], scope),
      );
      counts.get(ref)!.expired = list.filter(e =>
        risks.some(f => exceptionCovers(e, f)),
      ).length;
    }
  }
  return counts;
}

/**
 * The security facts of every entity and team the caller may see, one page of them by
 * entity ref: score, grade (and its rank), coverage, open items by category, open critical
 * and high findings, expired and soon-expiring exceptions. A team counts the findings and
 * exceptions of the entities it answers for that the caller may see.
 */
export async function entityFacts(
  stores: Stores,
  q: { offset: number; limit: number },
  scope: ReadScope,
  now: Date,
): Promise<EntityFactsResponse> {
  const [entities, teams] = await Promise.all([
    stores.aggregates.allEntitySummaries(),
    stores.aggregates.allTeamRollups(),
  ]);
  const teamRefs = new Set(teams.map(t => t.summary.entityRef));
  const subjects: Subject[] = [
    ...entities
      .filter(e => !teamRefs.has(e.entityRef))
      .map(e => ({
        entityRef: e.entityRef,
        score: e.score,
        openByCategory: openByCategory(e.statuses),
        members: [e.entityRef],
        dataFrom: e.dataFrom,
      })),
    ...teams.map(t => ({
      entityRef: t.summary.entityRef,
      score: t.summary.score,
      openByCategory: t.summary.openByCategory,
      members: t.entityRefs.filter(ref => scope.seesEntity(ref)),
      dataFrom: t.summary.lastScanAt,
    })),
  ]
    .filter(s => scope.seesEntity(s.entityRef))
    .sort((a, b) => a.entityRef.localeCompare(b.entityRef));

  const page = subjects.slice(q.offset, q.offset + q.limit);
  const counts = await countsOf(
    stores,
    [...new Set(page.flatMap(s => s.members))],
    scope,
    now,
  );
  const facts = page.map((s): EntitySecurityFacts => {
    const sum = zero();
    for (const ref of s.members) {
      const c = counts.get(ref) ?? zero();
      sum.critical += c.critical;
      sum.high += c.high;
      sum.expired += c.expired;
      sum.expiringSoon += c.expiringSoon;
    }
    return {
      entityRef: s.entityRef,
      score: s.score.value,
      grade: s.score.grade,
      gradeRank: s.score.grade ? GRADE_RANK[s.score.grade] : null,
      coverage: s.score.coverage,
      openByCategory: s.openByCategory,
      openFindings: { critical: sum.critical, high: sum.high },
      exceptions: { expired: sum.expired, expiringSoon: sum.expiringSoon },
      ...(s.dataFrom ? { dataFrom: s.dataFrom } : {}),
    };
  });
  return {
    entities: facts,
    total: subjects.length,
    offset: q.offset,
    limit: q.limit,
  };
}
