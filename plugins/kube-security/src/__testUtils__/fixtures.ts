/**
 * Test data built with the real catalog and the real plan builder from the
 * common package, so titles, order and counts are what the backend would send.
 */
import {
  ACTION_ITEMS,
  ActionItem,
  ActiveException,
  ATTESTABLE_ITEM_IDS,
  Attestation,
  AuditEvent,
  AuditResponse,
  buildPlan,
  CATEGORIES,
  ClusterStatus,
  computeScore,
  Coverage,
  DecisionLimits,
  EntityDecisionsResponse,
  EntityPlanResponse,
  ExceptionsResponse,
  Exposure,
  Finding,
  FindingStatus,
  getActionItem,
  getCheckDefinition,
  isOpenStatus,
  ItemEvaluation,
  Plan,
  Provider,
  ResourceRef,
  RiskException,
  ScoreHistoryPoint,
  gradeForValue,
  TeamAction,
  TeamScorecardResponse,
  TeamSummary,
  TeamsResponse,
  UnownedResponse,
  OverviewHeadline,
  Severity,
} from '@kube-security/plugin-kube-security-common';
import type {
  DecisionsPageQuery,
  KubeSecurityApi,
  PageQuery,
  TeamsQuery,
} from '../api';

export const NOW = Date.now();
const hoursAgo = (h: number) => new Date(NOW - h * 3600_000).toISOString();

export function makeFinding(
  checkId: string,
  resource: ResourceRef,
  options: {
    status?: FindingStatus;
    severity?: Severity;
    exposure?: Exposure;
    evidencePath?: string;
    firstSeenAt?: string;
  } = {},
): Finding {
  const check = getCheckDefinition(checkId);
  if (!check) throw new Error(`No check ${checkId} in the catalog`);
  const item = getActionItem(check.itemId);
  return {
    id: [
      checkId,
      resource.cluster,
      resource.namespace,
      resource.kind,
      resource.name,
      resource.container,
    ]
      .filter(Boolean)
      .join(':'),
    checkId,
    itemId: item.id,
    category: item.category,
    status: options.status ?? 'fail',
    severity: options.severity ?? check.severity,
    message: `${check.title}: not the case for ${resource.kind} ${
      resource.name
    }${resource.container ? ` (container ${resource.container})` : ''}`,
    resource,
    ...(options.evidencePath ? { evidencePath: options.evidencePath } : {}),
    ...(options.exposure ? { exposure: options.exposure } : {}),
    firstSeenAt: options.firstSeenAt ?? hoursAgo(72),
  };
}

const EXPOSED: Exposure = { internet: true, dataStore: false };

const deployment = (
  cluster: string,
  namespace: string,
  name: string,
  container?: string,
): ResourceRef => ({
  cluster,
  namespace,
  kind: 'Deployment',
  name,
  ...(container ? { container } : {}),
});

/** Findings of the payments-api component on the EKS production cluster. */
export const PAYMENTS_FINDINGS: Finding[] = [
  makeFinding(
    'workload-admission-policy/privileged-container',
    deployment('eks-prod-eu', 'payments', 'payments-api', 'envoy'),
    {
      exposure: EXPOSED,
      evidencePath:
        'spec.template.spec.containers[1].securityContext.privileged',
    },
  ),
  makeFinding(
    'workload-admission-policy/run-as-root',
    deployment('eks-prod-eu', 'payments', 'payments-api', 'api'),
    {
      exposure: EXPOSED,
      evidencePath:
        'spec.template.spec.containers[0].securityContext.runAsNonRoot',
    },
  ),
  makeFinding(
    'workload-admission-policy/run-as-root',
    deployment('eks-prod-eu', 'payments', 'payments-worker', 'worker'),
    {
      evidencePath:
        'spec.template.spec.containers[0].securityContext.runAsNonRoot',
    },
  ),
  makeFinding(
    'workload-network-policies/ingress-not-restricted',
    deployment('eks-prod-eu', 'payments', 'payments-api'),
    { exposure: EXPOSED, evidencePath: 'metadata.labels' },
  ),
  makeFinding(
    'image-trusted-registries/mutable-tag',
    deployment('eks-prod-eu', 'payments', 'payments-api', 'api'),
    { status: 'warn', evidencePath: 'spec.template.spec.containers[0].image' },
  ),
  makeFinding(
    'image-externalized-config/literal-secret-env',
    deployment('eks-prod-eu', 'payments', 'payments-worker', 'worker'),
    { evidencePath: 'spec.template.spec.containers[0].env[2].value' },
  ),
  makeFinding(
    'workload-rbac-least-privilege/default-service-account-token',
    deployment('eks-prod-eu', 'payments', 'payments-worker'),
    { status: 'warn' },
  ),
];

/**
 * Coverage as a scan of a workload's cluster gives it: the Kubernetes objects
 * were read (full), the cloud account was not (none), runtime monitoring could
 * only be seen in part.
 */
function coverageOf(item: ActionItem): Coverage {
  if (item.id === 'workload-runtime-monitoring') return 'partial';
  // Items that only a statement can evidence are never read by a scan.
  if (item.evidence.every(e => e === 'attestation')) return 'none';
  return item.category === 'workload' || item.category === 'image'
    ? 'full'
    : 'none';
}

function evaluations(): ItemEvaluation[] {
  return ACTION_ITEMS.map(item => ({
    itemId: item.id,
    coverage: coverageOf(item),
    checksRun: [],
  }));
}

/** Cloud items are the cluster owner's business, not a component's. */
const componentApplicable = (item: ActionItem) => item.category !== 'cloud';

export function makePlan(
  findings: Finding[] = PAYMENTS_FINDINGS,
  provider: Provider = 'eks',
  decisions: {
    exceptions?: RiskException[];
    attestations?: Attestation[];
  } = {},
): Plan {
  return buildPlan({
    items: evaluations(),
    findings,
    provider,
    applicable: componentApplicable,
    exceptions: decisions.exceptions,
    attestations: decisions.attestations,
  });
}

export const CLUSTERS: ClusterStatus[] = [
  {
    name: 'eks-prod-eu',
    provider: 'eks',
    source: 'snapshot',
    lastScan: {
      id: 41,
      status: 'ok',
      startedAt: hoursAgo(2.1),
      finishedAt: hoursAgo(2),
    },
    lastGoodScanAt: hoursAgo(2),
    stale: false,
  },
  {
    name: 'gke-staging',
    provider: 'gke',
    source: 'kubernetes',
    lastScan: {
      id: 42,
      status: 'failed',
      startedAt: hoursAgo(1),
      error: 'list pods: connect ETIMEDOUT 10.20.0.2:443',
    },
    lastGoodScanAt: hoursAgo(30),
    stale: true,
    staleReason: 'The API server did not answer within 30 seconds',
  },
  {
    name: 'aks-dev',
    provider: 'aks',
    source: 'snapshot',
    lastScan: {
      id: 40,
      status: 'ok',
      startedAt: hoursAgo(3.1),
      finishedAt: hoursAgo(3),
    },
    lastGoodScanAt: hoursAgo(3),
    stale: false,
  },
];

export function entityPlanResponse(
  overrides: Partial<EntityPlanResponse> = {},
): EntityPlanResponse {
  const plan = makePlan();
  return {
    entityRef: 'component:default/payments-api',
    provider: 'eks',
    mapped: true,
    plan,
    clusters: [CLUSTERS[0]],
    dataFrom: CLUSTERS[0].lastGoodScanAt,
    stale: false,
    generatedAt: hoursAgo(0),
    ...overrides,
  };
}

export function teamSummary(
  name: string,
  plan: Plan,
  extra: Partial<TeamSummary> = {},
): TeamSummary {
  const top = plan.items.find(i => isOpenStatus(i.status));
  return {
    entityRef: `group:default/${name}`,
    name,
    score: plan.score,
    trend: null,
    openByCategory: Object.fromEntries(
      CATEGORIES.map(c => [
        c,
        plan.categories.find(s => s.category === c)?.open ?? 0,
      ]),
    ) as TeamSummary['openByCategory'],
    ...(top
      ? {
          topItem: {
            itemId: top.itemId,
            title: top.title,
            status: top.status,
            ...(top.severity ? { severity: top.severity } : {}),
          },
        }
      : {}),
    entityCount: 2,
    lastScanAt: hoursAgo(2),
    ...extra,
  };
}

/** Another team's findings, on GKE, so teams differ in score and top item. */
export const CHECKOUT_FINDINGS: Finding[] = [
  makeFinding(
    'workload-admission-policy/host-path',
    deployment('gke-staging', 'checkout', 'checkout-web'),
    { exposure: EXPOSED },
  ),
  makeFinding(
    'image-trusted-registries/untrusted-registry',
    deployment('gke-staging', 'checkout', 'checkout-web', 'web'),
  ),
];

export const TEAMS: TeamSummary[] = [
  teamSummary('payments', makePlan(), { title: 'Payments', trend: 6 }),
  teamSummary('checkout', makePlan(CHECKOUT_FINDINGS, 'gke'), {
    title: 'Checkout',
    trend: -3,
    parentRef: 'group:default/commerce',
  }),
  teamSummary('platform', makePlan([], 'aks'), { trend: 0 }),
];

export function teamsPage(query: TeamsQuery, teams = TEAMS): TeamsResponse {
  return {
    teams: teams.slice(query.offset, query.offset + query.limit),
    total: teams.length,
    offset: query.offset,
    limit: query.limit,
  };
}

export function scoreHistory(scores: number[]): ScoreHistoryPoint[] {
  return scores.map((score, index) => ({
    day: new Date(NOW - (scores.length - 1 - index) * 86400_000)
      .toISOString()
      .slice(0, 10),
    score,
    grade: gradeForValue(score),
  }));
}

export function teamScorecard(
  overrides: Partial<TeamScorecardResponse> = {},
): TeamScorecardResponse {
  const paymentsPlan = makePlan();
  const checkoutPlan = makePlan(CHECKOUT_FINDINGS, 'gke');
  const topActions: TeamAction[] = paymentsPlan.items
    .filter(i => isOpenStatus(i.status))
    .slice(0, 5)
    .map(item => ({
      entityRef: 'component:default/payments-api',
      entityTitle: 'Payments API',
      provider: 'eks',
      item,
    }));
  return {
    team: teamSummary('payments', paymentsPlan, {
      title: 'Payments',
      trend: 6,
      entityCount: 2,
    }),
    children: [
      teamSummary('payments-core', paymentsPlan, {
        title: 'Payments core',
        trend: 2,
        parentRef: 'group:default/payments',
      }),
      teamSummary('payments-risk', checkoutPlan, {
        title: 'Payments risk',
        trend: -4,
        parentRef: 'group:default/payments',
      }),
    ],
    topActions,
    history: scoreHistory([61, 63, 63, 66, 70]),
    categories: paymentsPlan.categories.map(summary => ({
      ...summary,
      score: computeScore(
        paymentsPlan.items
          .filter(i => i.category === summary.category)
          .map(({ itemId, status }) => ({ itemId, status })),
      ).value,
    })),
    entities: [
      {
        entityRef: 'component:default/payments-api',
        title: 'Payments API',
        score: paymentsPlan.score,
        open: paymentsPlan.items.filter(i => isOpenStatus(i.status)).length,
      },
    ],
    entitiesPage: { offset: 0, limit: 50, total: 1 },
    topActionsPage: { offset: 0, limit: 20, total: topActions.length },
    ...overrides,
  };
}

export const UNOWNED: Finding[] = [
  makeFinding('workload-admission-policy/privileged-container', {
    cluster: 'aks-dev',
    namespace: 'kube-tools',
    kind: 'DaemonSet',
    name: 'node-debugger',
    container: 'debug',
  }),
  makeFinding('workload-namespace-isolation/default-namespace', {
    cluster: 'aks-dev',
    namespace: 'default',
    kind: 'Deployment',
    name: 'legacy-cron',
  }),
];

export function unownedPage(
  query: PageQuery,
  findings = UNOWNED,
): UnownedResponse {
  return {
    findings: findings.slice(query.offset, query.offset + query.limit),
    total: findings.length,
    offset: query.offset,
    limit: query.limit,
  };
}

// ---------------------------------------------------------------------------------------
// Decisions: exceptions, attestations, the audit trail.

const daysFromNow = (d: number) =>
  `${new Date(NOW + d * 86400_000).toISOString().slice(0, 10)}T23:59:59.999Z`;

export const PAYMENTS_REF = 'component:default/payments-api';

export const DEFAULT_LIMITS: DecisionLimits = {
  maxExceptionDays: 180,
  maxAttestationDays: 365,
  attestableItems: [...ATTESTABLE_ITEM_IDS],
};

let nextDecisionId = 100;

/** A stored exception on payments-api, by a user, expiring in 60 days unless told. */
export function makeException(
  fields: Pick<RiskException, 'scope' | 'itemId'> & Partial<RiskException>,
): RiskException {
  return {
    id: nextDecisionId++,
    entityRef: PAYMENTS_REF,
    justification: 'Envoy needs privileges until the CNI migration ends',
    createdBy: 'user:default/jane.doe',
    createdAt: hoursAgo(24),
    expiresAt: daysFromNow(60),
    source: 'user',
    ...fields,
  };
}

/** An exception for one finding (scope `finding`), with the finding's resource. */
export function findingException(
  finding: Finding,
  fields: Partial<RiskException> = {},
): RiskException {
  return makeException({
    scope: 'finding',
    itemId: finding.itemId,
    checkId: finding.checkId,
    findingId: finding.id,
    resource: { ...finding.resource, container: undefined },
    ...fields,
  });
}

export function makeAttestation(
  fields: Pick<Attestation, 'itemId'> & Partial<Attestation>,
): Attestation {
  return {
    id: nextDecisionId++,
    entityRef: PAYMENTS_REF,
    statement: 'Every image is built by the shared pipeline with its checks',
    evidenceUrl: 'https://wiki.example.com/pipeline',
    createdBy: 'user:default/jane.doe',
    createdAt: hoursAgo(48),
    expiresAt: daysFromNow(200),
    ...fields,
  };
}

export function decisionsResponse(
  fields: Partial<EntityDecisionsResponse> = {},
): EntityDecisionsResponse {
  return {
    entityRef: PAYMENTS_REF,
    exceptions: [],
    attestations: [],
    limits: DEFAULT_LIMITS,
    ...fields,
  };
}

/** The payments-api plan and decisions with these exceptions and attestations applied. */
export function withDecisions(
  decisions: { exceptions?: RiskException[]; attestations?: Attestation[] },
  findings: Finding[] = PAYMENTS_FINDINGS,
) {
  return {
    plan: entityPlanResponse({ plan: makePlan(findings, 'eks', decisions) }),
    decisions: decisionsResponse({
      exceptions: decisions.exceptions ?? [],
      attestations: decisions.attestations ?? [],
    }),
  };
}

export function activeException(
  exception: RiskException,
  fields: Partial<ActiveException> = {},
): ActiveException {
  const days = (Date.parse(exception.expiresAt) - NOW) / 86400_000;
  return {
    ...exception,
    entityTitle: 'Payments API',
    expiringSoon: days <= 30,
    ...fields,
  };
}

export function exceptionsPage(
  query: DecisionsPageQuery,
  exceptions: ActiveException[] = [],
): ExceptionsResponse {
  return {
    exceptions: exceptions.slice(query.offset, query.offset + query.limit),
    total: exceptions.length,
    expiringSoon: exceptions.filter(e => e.expiringSoon).length,
    offset: query.offset,
    limit: query.limit,
  };
}

export function auditEvent(
  fields: Pick<AuditEvent, 'action' | 'itemId'> & Partial<AuditEvent>,
): AuditEvent {
  return {
    id: nextDecisionId++,
    at: hoursAgo(1),
    actor: 'user:default/jane.doe',
    entityRef: PAYMENTS_REF,
    subjectId: 1,
    reason: 'Envoy needs privileges until the CNI migration ends',
    ...fields,
  };
}

export function auditPage(
  query: DecisionsPageQuery,
  events: AuditEvent[] = [],
): AuditResponse {
  return {
    events: events.slice(query.offset, query.offset + query.limit),
    total: events.length,
    offset: query.offset,
    limit: query.limit,
  };
}

export type MockKubeSecurityApi = jest.Mocked<KubeSecurityApi>;

/** The overview's headline figures. */
export const HEADLINE: OverviewHeadline = {
  critical: 3,
  high: 12,
  internetExposed: 7,
  unowned: 55,
  unownedCritical: 1,
  expiringExceptions: 2,
  expiringWithinDays: 30,
};

/** A client whose every method answers with the fixtures above. */
export function mockKubeSecurityApi(
  overrides: Partial<KubeSecurityApi> = {},
): MockKubeSecurityApi {
  const api: KubeSecurityApi = {
    getItems: async () => ({ items: [...ACTION_ITEMS] }),
    getClusters: async () => ({ clusters: CLUSTERS }),
    getEntityPlan: async () => entityPlanResponse(),
    getEntityPlanPdf: async () =>
      new Blob(['%PDF-1.7'], { type: 'application/pdf' }),
    getTeams: async query => teamsPage(query),
    getTeamScorecard: async () => teamScorecard(),
    getTeamPlanPdf: async () =>
      new Blob(['%PDF-1.7'], { type: 'application/pdf' }),
    getActionPlanPdf: async () =>
      new Blob(['%PDF-1.7'], { type: 'application/pdf' }),
    triggerScan: async cluster => ({ cluster, scheduled: true }),
    getUnowned: async query => unownedPage(query),
    getOverview: async () => ({ headline: HEADLINE }),
    getOpenFindings: async query => ({
      findings: [],
      total: 0,
      offset: query.offset,
      limit: query.limit,
    }),
    exportCsv: async () => new Blob(['team,item\n'], { type: 'text/csv' }),
    getEntityDecisions: async () => decisionsResponse(),
    createException: async (_entity, request) =>
      makeException({
        ...request,
        expiresAt: `${request.expiresAt}T23:59:59.999Z`,
      }),
    createAttestation: async (_entity, request) =>
      makeAttestation({
        ...request,
        expiresAt: `${request.expiresAt}T23:59:59.999Z`,
      }),
    revokeException: async (id, reason) => ({
      ...makeException({ scope: 'item', itemId: 'workload-admission-policy' }),
      id,
      revokedAt: new Date(NOW).toISOString(),
      revokedBy: 'user:default/jane.doe',
      revokeReason: reason,
    }),
    revokeAttestation: async (id, reason) => ({
      ...makeAttestation({ itemId: 'image-pipeline-checks' }),
      id,
      revokedAt: new Date(NOW).toISOString(),
      revokedBy: 'user:default/jane.doe',
      revokeReason: reason,
    }),
    listExceptions: async query => exceptionsPage(query),
    getAuditTrail: async query => auditPage(query),
    ...overrides,
  };
  return Object.fromEntries(
    Object.entries(api).map(([key, fn]) => [key, jest.fn(fn)]),
  ) as unknown as MockKubeSecurityApi;
}

/** An error as the client throws it for an HTTP status. */
export function httpError(status: number, message: string): Error {
  return Object.assign(new Error(message), {
    response: { status, statusText: message },
  });
}
