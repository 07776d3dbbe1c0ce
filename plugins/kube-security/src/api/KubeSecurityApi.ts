import { createApiRef } from '@backstage/core-plugin-api';
import type {
  ActionItemId,
  Attestation,
  AuditResponse,
  Category,
  ClustersResponse,
  CreateAttestationRequest,
  CreateExceptionRequest,
  EntityDecisionsResponse,
  EntityPlanResponse,
  ExceptionsResponse,
  ItemsResponse,
  Provider,
  RiskException,
  ScanTriggerResponse,
  TeamScorecardPageQuery,
  TeamScorecardResponse,
  TeamSortField,
  TeamsResponse,
  UnownedResponse,
  OpenFindingsFilter,
  OpenFindingsResponse,
  OverviewResponse,
} from '@kube-security/plugin-kube-security-common';

/** Names one catalog entity in the backend's URLs. */
export interface KubeSecurityEntityRef {
  kind: string;
  namespace: string;
  name: string;
}

/** Names one team (a Group entity); the kind is implied. */
export interface KubeSecurityTeamRef {
  namespace: string;
  name: string;
}

/** Query of the teams overview; everything is applied by the backend. */
export interface TeamsQuery {
  offset: number;
  limit: number;
  sort?: TeamSortField;
  order?: 'asc' | 'desc';
  /** Free text matched against the team's name and title. */
  q?: string;
  /** Only teams with open items in this category. */
  category?: Category;
  /** Only teams with entities on clusters of this provider. */
  provider?: Provider;
  /** Only teams with entities on this cluster. */
  cluster?: string;
  /** Only the top of the team tree: its roots and the teams right below them. */
  top?: boolean;
}

export interface PageQuery {
  offset: number;
  limit: number;
}

/** A page of decisions or audit events, optionally of one entity only. */
export interface DecisionsPageQuery extends PageQuery {
  /** e.g. `component:default/payments-api`; all entities when absent. */
  entityRef?: string;
}

/**
 * Client of the Kube Security backend (/api/kube-security).
 *
 * @public
 */
/** How the entity and team PDFs are laid out (`?provider=`, `?groupBy=`). */
export interface PlanPdfLayout {
  /** Steps for this provider instead of the plan's own. */
  provider?: Provider;
  /** `priority` (default) or the four categories, open items first in each. */
  groupBy?: 'priority' | 'category';
}

/** The action plan for anyone: the provider, and the items the reader marked done. */
export interface ActionPlanPdfQuery {
  provider: Provider;
  done: ActionItemId[];
}

export interface KubeSecurityApi {
  /** The catalog of action items, with remediation for every provider. */
  getItems(): Promise<ItemsResponse>;
  /** The clusters the backend knows, with the state of their scans. */
  getClusters(): Promise<ClustersResponse>;
  /** The prioritized plan of one Component or cluster Resource. */
  getEntityPlan(entity: KubeSecurityEntityRef): Promise<EntityPlanResponse>;
  /** The same plan as a PDF document. */
  getEntityPlanPdf(
    entity: KubeSecurityEntityRef,
    layout?: PlanPdfLayout,
  ): Promise<Blob>;
  /** One page of the teams overview. */
  getTeams(query: TeamsQuery): Promise<TeamsResponse>;
  /** A team's scorecard, rolled up through its child teams. */
  getTeamScorecard(
    team: KubeSecurityTeamRef,
    /** Which page of its entities and top actions (the backend's default page without). */
    page?: TeamScorecardPageQuery,
  ): Promise<TeamScorecardResponse>;
  /** A team's plan as a PDF document. */
  getTeamPlanPdf(
    team: KubeSecurityTeamRef,
    layout?: PlanPdfLayout,
  ): Promise<Blob>;
  /** The action plan of every practice for one provider, as a PDF; needs no scan. */
  getActionPlanPdf(query: ActionPlanPdfQuery): Promise<Blob>;
  /** Queues a scan of one cluster; the scan itself runs in the background. */
  triggerScan(cluster: string): Promise<ScanTriggerResponse>;
  /** One page of the findings that no catalog entity owns. */
  getUnowned(query: PageQuery): Promise<UnownedResponse>;
  /** The overview's headline figures, over what the caller may see. */
  getOverview(): Promise<OverviewResponse>;
  /** One page of a list the headline counts, most urgent first. */
  getOpenFindings(
    query: PageQuery & { filter: OpenFindingsFilter },
  ): Promise<OpenFindingsResponse>;
  /** Every open finding with its owner, as CSV. */
  exportCsv(): Promise<Blob>;
  /** The entity's active exceptions and attestations, and the limits for new ones. */
  getEntityDecisions(
    entity: KubeSecurityEntityRef,
  ): Promise<EntityDecisionsResponse>;
  /** Accepts a risk on the entity's plan until the request's expiry. */
  createException(
    entity: KubeSecurityEntityRef,
    request: CreateExceptionRequest,
  ): Promise<RiskException>;
  /** States that an item of the entity's plan is done, with evidence. */
  createAttestation(
    entity: KubeSecurityEntityRef,
    request: CreateAttestationRequest,
  ): Promise<Attestation>;
  /** Ends an exception before its expiry; the reason goes to the audit trail. */
  revokeException(id: number, reason: string): Promise<RiskException>;
  /** Ends an attestation before its expiry; the reason goes to the audit trail. */
  revokeAttestation(id: number, reason: string): Promise<Attestation>;
  /** One page of the active exceptions, soonest expiry first. */
  listExceptions(query: DecisionsPageQuery): Promise<ExceptionsResponse>;
  /** One page of the audit trail of decisions, newest first. */
  getAuditTrail(query: DecisionsPageQuery): Promise<AuditResponse>;
}

/** @public */
export const kubeSecurityApiRef = createApiRef<KubeSecurityApi>({
  id: 'plugin.kube-security.service',
});
