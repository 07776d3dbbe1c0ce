import type {
  Acceptance,
  Attestation,
  AttestationSummary,
  EntityDecisionsResponse,
  ExceptionScope,
  Finding,
  PlanItem,
  ResourceRef,
  RiskException,
} from '@kube-security/plugin-kube-security-common';

/** An exception as the item's decision list shows it, from the store or from the plan. */
export interface ExceptionView {
  /** Absent when the plan shows an exception the store did not name (CLI, annotation). */
  id?: number;
  scope: ExceptionScope;
  checkId?: string;
  resource?: ResourceRef;
  justification: string;
  ticketUrl?: string;
  createdBy: string;
  createdAt?: string;
  expiresAt: string;
  source: RiskException['source'];
}

export interface AttestationView {
  id: number;
  statement: string;
  evidenceUrl: string;
  createdBy: string;
  createdAt?: string;
  expiresAt: string;
}

function fromException(e: RiskException): ExceptionView {
  return {
    id: e.id,
    scope: e.scope,
    ...(e.checkId ? { checkId: e.checkId } : {}),
    ...(e.resource ? { resource: e.resource } : {}),
    justification: e.justification,
    ...(e.ticketUrl ? { ticketUrl: e.ticketUrl } : {}),
    createdBy: e.createdBy,
    createdAt: e.createdAt,
    expiresAt: e.expiresAt,
    source: e.source,
  };
}

function fromAcceptance(a: Acceptance, finding?: Finding): ExceptionView {
  const onFinding = finding && a.scope !== 'item';
  return {
    ...(a.exceptionId !== undefined ? { id: a.exceptionId } : {}),
    scope: a.scope,
    ...(onFinding
      ? {
          checkId: finding.checkId,
          resource: { ...finding.resource, container: undefined },
        }
      : {}),
    justification: a.justification,
    ...(a.ticketUrl ? { ticketUrl: a.ticketUrl } : {}),
    createdBy: a.createdBy,
    expiresAt: a.expiresAt,
    source: a.source,
  };
}

const SCOPE_ORDER: Record<ExceptionScope, number> = {
  item: 0,
  check: 1,
  finding: 2,
};

function acceptanceKey(a: Acceptance): string {
  return a.exceptionId !== undefined
    ? `id:${a.exceptionId}`
    : `${a.scope}|${a.createdBy}|${a.expiresAt}|${a.justification}`;
}

/**
 * The exceptions of one item: the stored ones (with their full record) and any the
 * plan applied that the store did not list, such as annotations read by the CLI.
 */
export function itemExceptions(
  item: PlanItem,
  decisions?: EntityDecisionsResponse,
): ExceptionView[] {
  const views = (decisions?.exceptions ?? [])
    .filter(e => e.itemId === item.itemId)
    .map(fromException);
  const seen = new Set(views.map(v => `id:${v.id}`));
  const fromPlan: Array<[Acceptance, Finding | undefined]> = [
    ...(item.acceptance
      ? [[item.acceptance, undefined] as [Acceptance, undefined]]
      : []),
    ...item.findings
      .filter(f => f.accepted !== undefined)
      .map(f => [f.accepted!, f] as [Acceptance, Finding]),
  ];
  for (const [acceptance, finding] of fromPlan) {
    const key = acceptanceKey(acceptance);
    if (seen.has(key)) continue;
    seen.add(key);
    views.push(fromAcceptance(acceptance, finding));
  }
  return views.sort(
    (a, b) =>
      SCOPE_ORDER[a.scope] - SCOPE_ORDER[b.scope] ||
      a.expiresAt.localeCompare(b.expiresAt),
  );
}

function fromSummary(a: AttestationSummary): AttestationView {
  return {
    id: a.attestationId,
    statement: a.statement,
    evidenceUrl: a.evidenceUrl,
    createdBy: a.createdBy,
    expiresAt: a.expiresAt,
  };
}

function fromAttestation(a: Attestation): AttestationView {
  return {
    id: a.id,
    statement: a.statement,
    evidenceUrl: a.evidenceUrl,
    createdBy: a.createdBy,
    createdAt: a.createdAt,
    expiresAt: a.expiresAt,
  };
}

/** The item's active attestations, latest expiry first. */
export function itemAttestations(
  item: PlanItem,
  decisions?: EntityDecisionsResponse,
): AttestationView[] {
  const views = (decisions?.attestations ?? [])
    .filter(a => a.itemId === item.itemId)
    .map(fromAttestation);
  if (
    item.attestation &&
    !views.some(v => v.id === item.attestation!.attestationId)
  ) {
    views.push(fromSummary(item.attestation));
  }
  return views.sort((a, b) => b.expiresAt.localeCompare(a.expiresAt));
}
