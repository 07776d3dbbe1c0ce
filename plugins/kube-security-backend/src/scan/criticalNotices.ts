import type {
  Finding,
  RiskException,
} from '@kube-security/plugin-kube-security-common';
import {
  isActionableFinding,
  markAcceptedFindings,
} from '@kube-security/plugin-kube-security-common';
import type { DeclaredException } from '../database/DecisionStore';
import type { Stores } from '../database/stores';
import type { CatalogMapping } from '../mapping/CatalogMapping';
import type { NewCriticalFinding } from '../notify/Notifier';

/**
 * Prepares, before a scan's write, what to tell owners about the critical failures the
 * write will insert: the exceptions in force (and those the scan's annotations declare)
 * are read now, so that picking the new ones inside the write's transaction is pure.
 */
export async function criticalNotices(options: {
  findings: Finding[];
  ownerOf: (f: Finding) => string | undefined;
  declared: DeclaredException[];
  stores: Stores;
  mapping: CatalogMapping;
  now: Date;
}): Promise<(newIds: string[]) => NewCriticalFinding[]> {
  const { findings, ownerOf, declared, stores, mapping, now } = options;
  const critical = findings.filter(
    f => f.status === 'fail' && f.severity === 'critical',
  );
  if (!critical.length) return () => [];
  const entityRefs = [
    ...new Set(critical.map(ownerOf).filter((r): r is string => !!r)),
  ];
  const exceptions: RiskException[] = [
    ...(await stores.decisions.activeExceptions(entityRefs)),
    ...declared.map(d => ({
      ...d,
      id: 0,
      createdBy: d.annotation,
      createdAt: now.toISOString(),
      expiresAt: d.expiresAt.toISOString(),
      source: 'annotation' as const,
    })),
  ];
  const entities = new Map(mapping.snapshot().entities.map(e => [e.ref, e]));
  return newIds => {
    const fresh = new Set(newIds);
    const batch: NewCriticalFinding[] = [];
    for (const f of critical) {
      if (!fresh.has(f.id)) continue;
      const entityRef = ownerOf(f);
      const entity = entityRef ? entities.get(entityRef) : undefined;
      if (!entityRef || !entity?.ownerRefs.length) continue;
      const [marked] = markAcceptedFindings(
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
    return batch;
  };
}
