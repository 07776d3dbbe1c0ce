import { ACTION_ITEMS } from './catalog';
import {
  Acceptance,
  ActionItemId,
  Attestation,
  AttestationSummary,
  Finding,
  ResourceRef,
  RiskException,
} from './types';

/**
 * Risk acceptance and attestations: which findings and items an active decision covers.
 * The store keeps every decision; callers pass only the active ones (see isActive).
 */

/**
 * Items a team may attest: those with parts no check verifies (every item of the catalog).
 * An attestation covers those parts; a failing check still wins over it (see applyDecisions).
 */
export const ATTESTABLE_ITEM_IDS: ReadonlySet<ActionItemId> = new Set(
  ACTION_ITEMS.filter(item => item.unverifiedParts.length > 0).map(
    item => item.id,
  ),
);

/** Days before expiry in which an exception counts as expiring soon on the overview. */
export const EXPIRING_SOON_DAYS = 30;

/** Whether a decision is in force at `now`: not revoked and not yet expired. */
export function isActive(
  decision: Pick<RiskException | Attestation, 'expiresAt' | 'revokedAt'>,
  now: Date,
): boolean {
  return (
    decision.revokedAt === undefined &&
    new Date(decision.expiresAt).getTime() > now.getTime()
  );
}

/** Same Kubernetes object: cluster, kind, namespace and name (containers are not compared). */
export function sameResource(a: ResourceRef, b: ResourceRef): boolean {
  return (
    (a.cluster ?? '') === (b.cluster ?? '') &&
    a.kind === b.kind &&
    (a.namespace ?? '') === (b.namespace ?? '') &&
    a.name === b.name
  );
}

/** Whether an exception covers a finding (item-wide exceptions cover all of the item's). */
export function exceptionCovers(
  exception: Pick<
    RiskException,
    'scope' | 'itemId' | 'checkId' | 'findingId' | 'resource'
  >,
  finding: Pick<Finding, 'id' | 'checkId' | 'itemId' | 'resource'>,
): boolean {
  if (exception.itemId !== finding.itemId) return false;
  switch (exception.scope) {
    case 'item':
      return true;
    case 'check':
      return (
        exception.checkId === finding.checkId &&
        exception.resource !== undefined &&
        sameResource(exception.resource, finding.resource)
      );
    case 'finding':
      return exception.findingId === finding.id;
    default:
      return false;
  }
}

export function toAcceptance(exception: RiskException): Acceptance {
  return {
    exceptionId: exception.id,
    scope: exception.scope,
    justification: exception.justification,
    ...(exception.ticketUrl ? { ticketUrl: exception.ticketUrl } : {}),
    createdBy: exception.createdBy,
    expiresAt: exception.expiresAt,
    source: exception.source,
  };
}

export function toAttestationSummary(
  attestation: Attestation,
): AttestationSummary {
  return {
    attestationId: attestation.id,
    statement: attestation.statement,
    evidenceUrl: attestation.evidenceUrl,
    createdBy: attestation.createdBy,
    expiresAt: attestation.expiresAt,
  };
}

// The narrowest exception explains a finding best; among equals, the one that lasts longest.
const SCOPE_RANK = { finding: 0, check: 1, item: 2 } as const;

function preferred(a: RiskException, b: RiskException): RiskException {
  const order =
    SCOPE_RANK[a.scope] - SCOPE_RANK[b.scope] ||
    b.expiresAt.localeCompare(a.expiresAt);
  return order <= 0 ? a : b;
}

/**
 * Marks the findings that active exceptions cover (`accepted`), leaving the rest as they
 * are. Findings are copied, never changed in place.
 */
export function markAcceptedFindings(
  findings: ReadonlyArray<Finding>,
  exceptions: ReadonlyArray<RiskException>,
): Finding[] {
  if (!exceptions.length) return [...findings];
  return findings.map(finding => {
    let best: RiskException | undefined;
    for (const exception of exceptions) {
      if (!exceptionCovers(exception, finding)) continue;
      best = best === undefined ? exception : preferred(best, exception);
    }
    return best ? { ...finding, accepted: toAcceptance(best) } : finding;
  });
}
