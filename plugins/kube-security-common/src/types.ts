import type { FixTarget } from './fixTargets';

/**
 * Shared vocabulary of Kube Security: used by the backend, the frontend and the CLI.
 * Everything here is plain data so that it travels over JSON unchanged.
 */

/** The four groups of the action plan, in the order the plan presents them. */
export type Category = 'cloud' | 'cluster' | 'workload' | 'image';
export const CATEGORIES: readonly Category[] = [
  'cloud',
  'cluster',
  'workload',
  'image',
];

/** Managed Kubernetes offerings the remediation steps are written for. */
export type Provider = 'eks' | 'gke' | 'aks';
export const PROVIDERS: readonly Provider[] = ['eks', 'gke', 'aks'];

/** How bad one finding is; `info` never lowers a score on its own. */
export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export const SEVERITIES: readonly Severity[] = [
  'critical',
  'high',
  'medium',
  'low',
  'info',
];

/** Outcome of one check on one resource. */
export type FindingStatus = 'fail' | 'warn' | 'pass';

/**
 * Outcome of a whole action item for an entity, a cluster or a team.
 * - `accepted`: the team accepted the remaining risk (an active exception); not open, and
 *   left out of the score's value.
 * - `attested`: no API could prove it, and the team stated it is done (an active
 *   attestation); earns credit like `pass` but is shown apart from it.
 */
export type ItemStatus =
  | 'pass'
  | 'fail'
  | 'partial'
  | 'unknown'
  | 'not-applicable'
  | 'accepted'
  | 'attested';
export const ITEM_STATUSES: readonly ItemStatus[] = [
  'fail',
  'partial',
  'unknown',
  'accepted',
  'attested',
  'pass',
  'not-applicable',
];

/** Where the evidence for an item comes from. */
export type EvidenceKind = 'kubernetes' | 'cloud' | 'attestation';

/** Stable ids of the 19 action items. */
export type ActionItemId =
  | 'cloud-network-isolation'
  | 'cloud-mfa-enforced'
  | 'cloud-iam-least-privilege'
  | 'cloud-audit-logging'
  | 'cluster-private-access'
  | 'cluster-multi-zone'
  | 'cluster-audit-logging'
  | 'cluster-security-features'
  | 'cluster-node-least-privilege'
  | 'workload-central-telemetry'
  | 'workload-namespace-isolation'
  | 'workload-rbac-least-privilege'
  | 'workload-admission-policy'
  | 'workload-network-policies'
  | 'workload-runtime-monitoring'
  | 'image-minimal-scanned-base'
  | 'image-trusted-registries'
  | 'image-externalized-config'
  | 'image-pipeline-checks';

/** One concrete thing to do, for one provider. */
export interface RemediationStep {
  /** What the step achieves, in one sentence. */
  text: string;
  /** A shell command to run (aws, gcloud, az, kubectl, helm). */
  command?: string;
  /** A YAML manifest to apply. */
  manifest?: string;
  /** Where to click in the provider's console, e.g. "EKS > Clusters > (cluster) > Networking". */
  consolePath?: string;
}

export interface DocLink {
  title: string;
  url: string;
}

export interface Remediation {
  /** One or two sentences: the shape of the fix on this provider. */
  summary: string;
  steps: RemediationStep[];
  docs: DocLink[];
}

/** An automated check that evidences part of an action item. */
export interface CheckDefinition {
  /** `<item id>/<check slug>`, e.g. `workload-admission-policy/privileged-container`. */
  id: string;
  title: string;
  /** Severity used when the check fails, unless the finding raises or lowers it. */
  severity: Severity;
  evidence: Exclude<EvidenceKind, 'attestation'>;
  /**
   * Other kinds of evidence the check also reads, when it has more than one source
   * (e.g. node public IPs come from the cloud descriptor or from Node objects).
   */
  additionalEvidence?: Array<Exclude<EvidenceKind, 'attestation'>>;
  /**
   * Ids of the public standard controls the check answers, e.g. `CIS 5.1.1` or
   * `PSS baseline: Host Namespaces` (see docs/standards.md for the naming rules).
   */
  standards: string[];
  /**
   * Set when the check asks for more than the source practice does: says, in one sentence,
   * what it adds. The plan shows such checks as additions, not as part of the practice.
   */
  addition?: string;
  /**
   * `cluster` when the check's findings are about the cluster as a whole (kind `Cluster`)
   * or its node pools, even if it reads Kubernetes objects: no single object's annotation
   * can cover them. `object` (the default) when it reports on individual objects.
   */
  scope: CheckScope;
}

/** Whether a check reports on single objects or on the cluster as a whole. */
export type CheckScope = 'object' | 'cluster';

/**
 * Who answers for an item: `cluster` items are satisfied by a cluster as a whole and belong
 * to the cluster's Resource; `workload` items belong to the entities whose workloads they
 * judge (a Component), as well as to the cluster.
 */
export type ItemScope = 'cluster' | 'workload';

/** One of the 19 recommended practices. */
export interface ActionItem {
  id: ActionItemId;
  category: Category;
  /** 1..19: position in the action plan; lower is more important. */
  order: number;
  /** 0..100, derived from `order`: the item's weight in priority and score. */
  baseImpact: number;
  title: string;
  /** Why it matters, for a developer who has never heard of it. */
  why: string;
  /** What a reviewer looks at to decide the item is done. */
  whatGoodLooksLike: string;
  evidence: EvidenceKind[];
  checks: CheckDefinition[];
  remediation: Record<Provider, Remediation>;
  /** Derived from the category unless the item says otherwise (see `defineItem`). */
  scope: ItemScope;
  /**
   * The parts of the practice that no check verifies; they rest on a team's statement (an
   * attestation). Every item has at least one (see `catalog/unverifiedParts.ts`).
   */
  unverifiedParts: UnverifiedPart[];
}

/** A part of a practice that no automated check can see, so a team attests it. */
export interface UnverifiedPart {
  /** Slug, unique within its item. */
  id: string;
  /** What the team states is in place, in one sentence. */
  statement: string;
}

/** The Kubernetes or cloud object a finding is about. */
export interface ResourceRef {
  cluster?: string;
  kind: string;
  namespace?: string;
  name: string;
  /** Container name, for container-level findings. */
  container?: string;
}

/** Why a finding deserves attention before others. */
export interface Exposure {
  /** Reached from outside the cluster: a LoadBalancer / NodePort Service or an Ingress. */
  internet: boolean;
  /** Looks like it stores data (database, cache, queue, search). */
  dataStore: boolean;
}

/**
 * The RBAC binding whose grant a finding is about: the binding itself, or the binding that
 * gives a workload's service account the rights the finding reports. Findings of several
 * entities that name the same binding on the same cluster have one fix.
 */
export interface GrantRef {
  kind: 'ClusterRoleBinding' | 'RoleBinding';
  name: string;
  /** A RoleBinding's namespace (ClusterRoleBindings have none). */
  namespace?: string;
}

/** Result of one check on one resource. */
export interface Finding {
  /** Stable across scans: hash of check id, cluster and resource. Set by the engine. */
  id: string;
  checkId: string;
  itemId: ActionItemId;
  category: Category;
  status: FindingStatus;
  severity: Severity;
  message: string;
  resource: ResourceRef;
  /** JSON-path-like location of the evidence, e.g. `spec.template.spec.containers[0].securityContext.privileged`. */
  evidencePath?: string;
  /** Labels of the workload, so the backend can map findings to catalog entities. */
  labels?: Record<string, string>;
  exposure?: Exposure;
  /**
   * Ids of the public standard controls this finding answers (from its check's definition,
   * narrowed by the check where one finding answers only some of them).
   */
  standards?: string[];
  /**
   * The binding that grants what the finding reports (RBAC checks only). Not part of the
   * finding's id.
   */
  grant?: GrantRef;
  /**
   * When the backend first saw this finding (ISO 8601). Set by the store from the
   * finding's stable id; absent from engine output.
   */
  firstSeenAt?: string;
  /** Set when an active exception covers this finding: it no longer counts as failing. */
  accepted?: Acceptance;
}

/** How much evidence the engine had for an item in one evaluation. */
export type Coverage = 'full' | 'partial' | 'none';

/** Per-item outcome of one evaluation, before any catalog mapping. */
export interface ItemEvaluation {
  itemId: ActionItemId;
  coverage: Coverage;
  /** Ids of checks that ran with evidence. */
  checksRun: string[];
}

/** Everything the engine returns for one snapshot. */
export interface EvaluationResult {
  cluster: string;
  provider?: Provider;
  findings: Finding[];
  items: ItemEvaluation[];
  /** Human-readable notes about missing evidence (unreadable kinds, no cloud descriptor, …). */
  notes: string[];
  /**
   * Checks that threw: they judged nothing, so their earlier findings must not be taken as
   * fixed. Absent from results made before this field existed.
   */
  failedChecks?: FailedCheck[];
}

/** A check that could not run on a snapshot. */
export interface FailedCheck {
  checkId: string;
  itemId: ActionItemId;
  error: string;
}

export type Grade = 'A' | 'B' | 'C' | 'D' | 'F';

export interface Score {
  /** 0..100, or null when no item had evidence. */
  value: number | null;
  grade: Grade | null;
  /** 0..1: share of the applicable weight that had evidence. */
  coverage: number;
  counts: Record<ItemStatus, number>;
}

/**
 * How many of the resources an item was evaluated on pass, and the severity-weighted credit
 * they earn (see docs/scoring.md, "Score"). Shares of several entities add up.
 */
export interface ItemShare {
  /** What was counted: clusters (cluster items), workloads, or resources of several kinds. */
  unit: 'clusters' | 'workloads' | 'resources';
  /** Evaluated resources with no failing or warning finding. */
  passing: number;
  /** Evaluated resources; those whose only problems are accepted risks are left out. */
  total: number;
  /** Credit the resources earn: a passing one its weight, a warning one half, a failing none. */
  earned: number;
  /** Their weight: 1 for a passing resource, the severity weight of the worst finding otherwise. */
  weight: number;
}

/** One line of a prioritized plan. */
export interface PlanItem {
  itemId: ActionItemId;
  category: Category;
  title: string;
  status: ItemStatus;
  /** Worst severity among the failing findings, if any. */
  severity?: Severity;
  /** Higher comes first; see docs/scoring.md. */
  priority: number;
  /** Distinct resources with failing or warning findings that are not accepted. */
  affected: number;
  /** Of those, how many are internet-exposed. */
  exposed: number;
  /**
   * The share of the item's evaluated resources that pass, which its score credit comes
   * from; absent for items that are not scored (unknown, accepted, not applicable).
   */
  share?: ItemShare;
  /** Findings covered by an exception (they stay listed, marked `accepted`). */
  acceptedFindings?: number;
  /** The item-wide exception, when the whole item's risk is accepted. */
  acceptance?: Acceptance;
  /** The active attestation of the item, when there is one. */
  attestation?: AttestationSummary;
  /** A page of the item's findings (the entity plan pages them; see `findingsTotal`). */
  findings: Finding[];
  /** How many findings the item has in all, when `findings` is one page of them. */
  findingsTotal?: number;
  /**
   * When the oldest of the item's open findings was first seen (ISO 8601); set on the
   * summaries of team scorecards, whose items carry no findings.
   */
  oldestFindingAt?: string;
  /**
   * Where the item's fix applies, one target per provider, computed from all the item's
   * findings; set on entity plans whose findings are paged, so that the steps follow
   * every finding's cluster, not only those of the page.
   */
  fixTargets?: FixTarget[];
}

export interface CategorySummary {
  category: Category;
  /** Items that still need work (fail, partial or unknown). */
  open: number;
  total: number;
}

/** A prioritized action plan for one entity, cluster or team. */
export interface Plan {
  provider?: Provider;
  /** Open items first (by priority), then passing and not-applicable ones. */
  items: PlanItem[];
  categories: CategorySummary[];
  score: Score;
}

// ---------------------------------------------------------------------------------------
// REST API shapes (backend <-> frontend). Dates are ISO 8601 strings.

export type ScanStatus = 'running' | 'ok' | 'partial' | 'failed';

/** A cluster known to the backend and the state of its scans. */
export interface ClusterStatus {
  name: string;
  provider?: Provider;
  /** Where its data comes from: `kubernetes` (live API), `snapshot` (files) or a module id. */
  source: string;
  lastScan?: {
    id: number;
    status: ScanStatus;
    startedAt: string;
    finishedAt?: string;
    error?: string;
    unreadableKinds?: string[];
  };
  /** When the findings now shown were collected. */
  lastGoodScanAt?: string;
  /** True when the latest scan failed, so the findings shown are older than the schedule. */
  stale: boolean;
  staleReason?: string;
  /**
   * Set when the cluster is no longer configured: its findings are still shown but no
   * longer scored, and are pruned after the configured retention.
   */
  retiredAt?: string;
}

/**
 * Two or more catalog entities claiming the same findings: the same cluster, the same
 * `backstage.io/kubernetes-id`, or workloads that several label selectors pick. Such claims
 * are refused: the findings stay with the claim that was there first (or the entity the
 * configuration pins), or go unowned when none was. A selector that would pick any
 * workload is refused outright.
 */
export interface MappingConflict {
  kind: 'cluster' | 'kubernetes-id' | 'label-selector' | 'catch-all-selector';
  /** The cluster concerned, when the conflict is about one cluster's workloads or the cluster. */
  cluster?: string;
  /** What is claimed, e.g. `cluster eks-prod-eu`, `kubernetes-id payments-api`. */
  subject: string;
  /** The entities that claim it, sorted. */
  claimants: string[];
  /** The claimant the findings stay with; absent when every claim is refused. */
  keptBy?: string;
  /** Workloads concerned (workload conflicts only). */
  workloads?: number;
  message: string;
}

export interface ClustersResponse {
  clusters: ClusterStatus[];
  /** Duplicate or catch-all claims the mapping refused; shown on the overview. */
  mappingConflicts?: MappingConflict[];
}

export interface ItemsResponse {
  items: ActionItem[];
}

/** Where an entity's plan comes from and how fresh it is. */
export interface EntityPlanResponse {
  /** e.g. `component:default/payments-api` */
  entityRef: string;
  /** The provider whose remediation steps to show first (the entity's cluster's provider). */
  provider?: Provider;
  /** False when no workload (or cluster) of any scan maps to this entity. */
  mapped: boolean;
  plan: Plan;
  /** Clusters this entity's findings come from, with their scan state. */
  clusters: ClusterStatus[];
  /** Oldest good scan among those clusters: the age of the data shown. */
  dataFrom?: string;
  /** True when any of those clusters is stale. */
  stale: boolean;
  generatedAt: string;
}

/** A team's line on the overview page. */
export interface TeamSummary {
  /** e.g. `group:default/payments` */
  entityRef: string;
  name: string;
  title?: string;
  /** The parent team, when any. */
  parentRef?: string;
  score: Score;
  /** Score change over the last 7 days (null when there is no history yet). */
  trend: number | null;
  openByCategory: Record<Category, number>;
  /** The team's most important open item. */
  topItem?: {
    itemId: ActionItemId;
    title: string;
    status: ItemStatus;
    severity?: Severity;
  };
  /** Entities owned by the team or its child teams that have findings. */
  entityCount: number;
  lastScanAt?: string;
}

export type TeamSortField = 'score' | 'name' | 'open' | 'trend';

export interface TeamsResponse {
  teams: TeamSummary[];
  /** Number of teams matching the filters (for paging). */
  total: number;
  offset: number;
  limit: number;
}

/** One of a team's top actions: an open plan item of one of its entities. */
export interface TeamAction {
  entityRef: string;
  entityTitle?: string;
  provider?: Provider;
  item: PlanItem;
  /**
   * Who fixes the RBAC bindings behind the action: set when the same bindings give the
   * item's findings to several entities of the team (one action stands for all of them), or
   * to an entity other than the cluster's Resource. The owners of the cluster's Resource
   * make the fix.
   */
  fixBy?: ActionFixer[];
  /**
   * The entities whose item this action stands for, when it stands for more than one
   * (sorted by ref; `entityRef` is one of them).
   */
  affectedEntities?: Array<{
    entityRef: string;
    title?: string;
    /** This entity's share of the merged item: its affected and exposed resources and worst severity. */
    affected?: number;
    exposed?: number;
    severity?: Severity;
  }>;
}

/** The owner of a cluster's Resource, as the one who fixes bindings on that cluster. */
export interface ActionFixer {
  cluster: string;
  /** The Resource entity that represents the cluster. */
  entityRef: string;
  entityTitle?: string;
  ownerRefs: string[];
  /** The bindings on the cluster that the action's findings name, sorted. */
  grants: GrantRef[];
}

export interface ScoreHistoryPoint {
  /** YYYY-MM-DD */
  day: string;
  score: number | null;
  grade: Grade | null;
}

/** Which page of a team scorecard's entities and top actions to answer with. */
export interface TeamScorecardPageQuery {
  entitiesOffset?: number;
  entitiesLimit?: number;
  topActionsOffset?: number;
  topActionsLimit?: number;
}

/** Where a page of a scorecard's list starts, its size, and how long the list is. */
export interface ScorecardPage {
  offset: number;
  limit: number;
  total: number;
}

export interface TeamScorecardResponse {
  team: TeamSummary;
  /** Direct child teams, each with their own roll-up. */
  children: TeamSummary[];
  /**
   * A page of the most important open actions across the team's entities, in priority
   * order (see `topActionsPage`).
   */
  topActions: TeamAction[];
  history: ScoreHistoryPoint[];
  /** Per-category roll-up: items open and the category's own score. */
  categories: Array<CategorySummary & { score: number | null }>;
  /** A page of the team's entities with their scores, worst first (see `entitiesPage`). */
  entities: Array<{
    entityRef: string;
    title?: string;
    score: Score;
    open: number;
  }>;
  /** The page of `entities` and how many entities the team has in all. */
  entitiesPage: ScorecardPage;
  /** The page of `topActions` and how many top actions the team has in all. */
  topActionsPage: ScorecardPage;
}

/** Findings that no catalog entity owns. */
export interface UnownedResponse {
  findings: Finding[];
  total: number;
  offset: number;
  limit: number;
}

export interface ScanTriggerResponse {
  cluster: string;
  /** True when the scan was queued; scans run in the background. */
  scheduled: boolean;
}

// ---------------------------------------------------------------------------------------
// Decisions: risk acceptance (exceptions) and attestations.

/** What an exception covers: one finding, one check on one resource, or a whole item. */
export type ExceptionScope = 'finding' | 'check' | 'item';
export const EXCEPTION_SCOPES: readonly ExceptionScope[] = [
  'finding',
  'check',
  'item',
];

/** Where a decision was made: in Backstage, or as an annotation on the Kubernetes object. */
export type DecisionSource = 'user' | 'annotation';

/** A team's deliberate, time-boxed acceptance of a risk. */
export interface RiskException {
  id: number;
  /** The catalog entity whose plan the exception belongs to. */
  entityRef: string;
  scope: ExceptionScope;
  itemId: ActionItemId;
  /** For `check` and `finding` scopes. */
  checkId?: string;
  /** For the `finding` scope: the finding's stable id. */
  findingId?: string;
  /** For `check` and `finding` scopes: the resource (all of its containers). */
  resource?: ResourceRef;
  justification: string;
  ticketUrl?: string;
  /** User entity ref of who accepted it, or the annotation that declares it. */
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  source: DecisionSource;
  revokedAt?: string;
  revokedBy?: string;
  revokeReason?: string;
}

/** A team's statement that an item no API can prove is done. */
export interface Attestation {
  id: number;
  entityRef: string;
  itemId: ActionItemId;
  statement: string;
  evidenceUrl: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  revokedAt?: string;
  revokedBy?: string;
  revokeReason?: string;
}

/** How an exception shows on a finding or plan item. */
export interface Acceptance {
  /** The stored exception; absent when the CLI applies an annotation directly. */
  exceptionId?: number;
  scope: ExceptionScope;
  justification: string;
  ticketUrl?: string;
  createdBy: string;
  expiresAt: string;
  source: DecisionSource;
}

/** How an attestation shows on a plan item. */
export interface AttestationSummary {
  attestationId: number;
  statement: string;
  evidenceUrl: string;
  createdBy: string;
  expiresAt: string;
}

/** Body of POST /entities/:kind/:namespace/:name/exceptions. */
export interface CreateExceptionRequest {
  scope: ExceptionScope;
  itemId: ActionItemId;
  /** Required for `check` scope. */
  checkId?: string;
  /** Required for `finding` and `check` scopes: a finding of the entity (its resource is used). */
  findingId?: string;
  justification: string;
  ticketUrl?: string;
  /** YYYY-MM-DD or ISO 8601; in the future and within the configured maximum. */
  expiresAt: string;
}

/** Body of POST /entities/:kind/:namespace/:name/attestations. */
export interface CreateAttestationRequest {
  itemId: ActionItemId;
  statement: string;
  evidenceUrl: string;
  /** YYYY-MM-DD or ISO 8601; in the future and within the configured maximum. */
  expiresAt: string;
}

/** Body of POST /exceptions/:id/revoke and POST /attestations/:id/revoke. */
export interface RevokeRequest {
  reason: string;
}

/** Active decisions of one entity, and the limits the dialogs should offer. */
export interface EntityDecisionsResponse {
  entityRef: string;
  exceptions: RiskException[];
  attestations: Attestation[];
  limits: DecisionLimits;
  /** Annotation exceptions read on the entity's objects but not honoured, and why. */
  pendingExceptions?: PendingAnnotationException[];
}

/**
 * An accept annotation a scan read but does not honour: on an object whose findings
 * belong to a cluster's Resource, while the configuration does not allow those.
 */
export interface PendingAnnotationException {
  entityRef: string;
  itemId: ActionItemId;
  checkId: string;
  resource: ResourceRef;
  annotation: string;
  justification: string;
  expiresAt: string;
  reason: string;
  /** When a scan last read it. */
  seenAt: string;
}

export interface DecisionLimits {
  /** Longest allowed exception, in days from today. */
  maxExceptionDays: number;
  /** Longest allowed attestation, in days from today. */
  maxAttestationDays: number;
  /** Items that can be attested. */
  attestableItems: ActionItemId[];
}

/** An active exception with the title of its entity, for the overview page. */
export interface ActiveException extends RiskException {
  entityTitle?: string;
  /** True when it expires within the next 30 days. */
  expiringSoon: boolean;
}

/** GET /exceptions: active exceptions, soonest expiry first. */
export interface ExceptionsResponse {
  exceptions: ActiveException[];
  total: number;
  /** Of all active exceptions, how many expire within 30 days. */
  expiringSoon: number;
  offset: number;
  limit: number;
}

export type AuditAction =
  | 'exception.create'
  | 'exception.revoke'
  | 'exception.expire'
  | 'attestation.create'
  | 'attestation.revoke'
  | 'attestation.expire';

/** One line of the audit trail: who did what, when and why. */
export interface AuditEvent {
  id: number;
  at: string;
  /** User entity ref, `annotation:<cluster>/<kind>/<namespace>/<name>` or `system` for expiries. */
  actor: string;
  action: AuditAction;
  entityRef: string;
  itemId: ActionItemId;
  subjectId: number;
  /** The justification, statement or revoke reason. */
  reason: string;
  details?: Record<string, string>;
}

/** GET /audit: newest first. */
export interface AuditResponse {
  events: AuditEvent[];
  total: number;
  offset: number;
  limit: number;
}
