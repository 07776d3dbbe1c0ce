import { createApiRef } from '@backstage/core-plugin-api';
import type {
  Category,
  ClustersResponse,
  EntityPlanResponse,
  ItemsResponse,
  Provider,
  ScanTriggerResponse,
  TeamScorecardResponse,
  TeamSortField,
  TeamsResponse,
  UnownedResponse,
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
}

export interface PageQuery {
  offset: number;
  limit: number;
}

/**
 * Client of the Kube Security backend (/api/kube-security).
 *
 * @public
 */
export interface KubeSecurityApi {
  /** The catalog of action items, with remediation for every provider. */
  getItems(): Promise<ItemsResponse>;
  /** The clusters the backend knows, with the state of their scans. */
  getClusters(): Promise<ClustersResponse>;
  /** The prioritized plan of one Component or cluster Resource. */
  getEntityPlan(entity: KubeSecurityEntityRef): Promise<EntityPlanResponse>;
  /** The same plan as a PDF document. */
  getEntityPlanPdf(entity: KubeSecurityEntityRef): Promise<Blob>;
  /** One page of the teams overview. */
  getTeams(query: TeamsQuery): Promise<TeamsResponse>;
  /** A team's scorecard, rolled up through its child teams. */
  getTeamScorecard(team: KubeSecurityTeamRef): Promise<TeamScorecardResponse>;
  /** A team's plan as a PDF document. */
  getTeamPlanPdf(team: KubeSecurityTeamRef): Promise<Blob>;
  /** Queues a scan of one cluster; the scan itself runs in the background. */
  triggerScan(cluster: string): Promise<ScanTriggerResponse>;
  /** One page of the findings that no catalog entity owns. */
  getUnowned(query: PageQuery): Promise<UnownedResponse>;
  /** Every open finding with its owner, as CSV. */
  exportCsv(): Promise<Blob>;
}

/** @public */
export const kubeSecurityApiRef = createApiRef<KubeSecurityApi>({
  id: 'plugin.kube-security.service',
});
