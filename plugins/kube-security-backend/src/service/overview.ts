import {
  Finding,
  HEADLINE_EXPIRING_DAYS,
  OverviewHeadline,
  RiskException,
  isActionableFinding,
  markAcceptedFindings,
} from '@kube-security/plugin-kube-security-common';
import type { StoredFinding } from '../database/FindingStore';
import type { Stores } from '../database/stores';
import { DAY_MS } from '../database/tables';
import { ReadScope } from './ReadScope';

/** Active exceptions by the entity they were granted on. */
export function exceptionsByEntity(
  exceptions: RiskException[],
): Map<string, RiskException[]> {
  const map = new Map<string, RiskException[]>();
  for (const e of exceptions) {
    const list = map.get(e.entityRef) ?? [];
    list.push(e);
    map.set(e.entityRef, list);
  }
  return map;
}

/**
 * Marks the findings an active exception covers, each only by the exceptions of its own
 * entity: an item-wide exception of one entity says nothing about another's findings, and
 * unowned findings have no exceptions.
 */
export function markAcceptedByOwner<T extends Finding & { entityRef?: string }>(
  findings: T[],
  byEntity: Map<string, RiskException[]>,
): T[] {
  return findings.map(f => {
    const own = f.entityRef ? byEntity.get(f.entityRef) : undefined;
    return own?.length ? (markAcceptedFindings([f], own)[0] as T) : f;
  });
}

/**
 * The overview's headline over what the caller may see: open critical and high findings,
 * those on internet-exposed workloads, unowned ones, and exceptions expiring within
 * HEADLINE_EXPIRING_DAYS. Reads the open findings a page at a time.
 */
export async function overviewHeadline(
  stores: Pick<Stores, 'findings' | 'decisions'>,
  scope: ReadScope,
  now: Date,
): Promise<OverviewHeadline> {
  const exceptions = await stores.decisions.activeExceptions();
  const byEntity = exceptionsByEntity(exceptions);
  const headline: OverviewHeadline = {
    critical: 0,
    high: 0,
    internetExposed: 0,
    unowned: 0,
    unownedCritical: 0,
    expiringExceptions: 0,
    expiringWithinDays: HEADLINE_EXPIRING_DAYS,
  };
  for await (const page of stores.findings.streamOpenFindings()) {
    const seen: StoredFinding[] = scope.unrestricted
      ? page
      : page.filter(f => scope.seesFinding(f));
    for (const f of markAcceptedByOwner(seen, byEntity)) {
      if (!isActionableFinding(f)) continue;
      if (f.severity === 'critical') headline.critical += 1;
      if (f.severity === 'high') headline.high += 1;
      if (f.exposure?.internet) headline.internetExposed += 1;
      if (!f.entityRef) {
        headline.unowned += 1;
        if (f.severity === 'critical') headline.unownedCritical += 1;
      }
    }
  }
  const until = now.getTime() + HEADLINE_EXPIRING_DAYS * DAY_MS;
  headline.expiringExceptions = exceptions.filter(
    e =>
      new Date(e.expiresAt).getTime() <= until && scope.seesEntity(e.entityRef),
  ).length;
  return headline;
}
