import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  Attestation,
  AuditResponse,
  ClustersResponse,
  CreateAttestationRequest,
  CreateExceptionRequest,
  EntityDecisionsResponse,
  EntityPlanResponse,
  ExceptionsResponse,
  ItemsResponse,
  RevokeRequest,
  RiskException,
  ScanTriggerResponse,
  TeamScorecardPageQuery,
  TeamScorecardResponse,
  TeamsResponse,
  UnownedResponse,
  OpenFindingsFilter,
  OpenFindingsResponse,
  OverviewResponse,
} from '@kube-security/plugin-kube-security-common';
import {
  DecisionsPageQuery,
  KubeSecurityApi,
  KubeSecurityEntityRef,
  KubeSecurityTeamRef,
  PageQuery,
  TeamsQuery,
  ActionPlanPdfQuery,
  PlanPdfLayout,
} from './KubeSecurityApi';

type QueryValue = string | number | undefined;

function queryString(params: Record<string, QueryValue>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    // Empty filters mean "no filter": leave them out rather than send `q=`.
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

// Kind and namespace are case-insensitive in the catalog; the backend
// compares them in lower case, names are sent as they are.
function entityPath({ kind, namespace, name }: KubeSecurityEntityRef): string {
  return `/entities/${encodeURIComponent(
    kind.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(
    namespace.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(name)}`;
}

function decisionsQueryString(query: DecisionsPageQuery): string {
  return queryString({
    offset: query.offset,
    limit: query.limit,
    entityRef: query.entityRef,
  });
}

function teamPath({ namespace, name }: KubeSecurityTeamRef): string {
  return `/teams/${encodeURIComponent(
    namespace.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(name)}`;
}

/**
 * Talks to the backend through the discovery and fetch APIs; the fetch API adds
 * the user's token, which is also why downloads go through here rather than
 * through a plain link.
 *
 * @public
 */
export class KubeSecurityClient implements KubeSecurityApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  getItems(): Promise<ItemsResponse> {
    return this.json('/items');
  }

  getClusters(): Promise<ClustersResponse> {
    return this.json('/clusters');
  }

  getEntityPlan(entity: KubeSecurityEntityRef): Promise<EntityPlanResponse> {
    return this.json(`${entityPath(entity)}/plan`);
  }

  getEntityPlanPdf(
    entity: KubeSecurityEntityRef,
    layout: PlanPdfLayout = {},
  ): Promise<Blob> {
    return this.blob(
      `${entityPath(entity)}/plan.pdf${queryString({
        provider: layout.provider,
        groupBy: layout.groupBy,
      })}`,
    );
  }

  getTeams(query: TeamsQuery): Promise<TeamsResponse> {
    return this.json(
      `/teams${queryString({
        offset: query.offset,
        limit: query.limit,
        sort: query.sort,
        order: query.order,
        q: query.q?.trim(),
        category: query.category,
        provider: query.provider,
        cluster: query.cluster,
        top: query.top ? 'true' : undefined,
      })}`,
    );
  }

  getTeamScorecard(
    team: KubeSecurityTeamRef,
    page: TeamScorecardPageQuery = {},
  ): Promise<TeamScorecardResponse> {
    return this.json(
      `${teamPath(team)}/scorecard${queryString({
        entitiesOffset: page.entitiesOffset,
        entitiesLimit: page.entitiesLimit,
        topActionsOffset: page.topActionsOffset,
        topActionsLimit: page.topActionsLimit,
      })}`,
    );
  }

  getTeamPlanPdf(
    team: KubeSecurityTeamRef,
    layout: PlanPdfLayout = {},
  ): Promise<Blob> {
    return this.blob(
      `${teamPath(team)}/plan.pdf${queryString({
        provider: layout.provider,
        groupBy: layout.groupBy,
      })}`,
    );
  }

  getActionPlanPdf(query: ActionPlanPdfQuery): Promise<Blob> {
    return this.blob(
      `/action-plan.pdf${queryString({
        provider: query.provider,
        done: query.done.length > 0 ? query.done.join(',') : undefined,
      })}`,
    );
  }

  triggerScan(cluster: string): Promise<ScanTriggerResponse> {
    return this.json(`/clusters/${encodeURIComponent(cluster)}/scan`, {
      method: 'POST',
    });
  }

  getOverview(): Promise<OverviewResponse> {
    return this.json('/overview');
  }

  getOpenFindings(
    query: PageQuery & { filter: OpenFindingsFilter },
  ): Promise<OpenFindingsResponse> {
    return this.json(
      `/findings${queryString({
        filter: query.filter,
        offset: query.offset,
        limit: query.limit,
      })}`,
    );
  }

  getUnowned(query: PageQuery): Promise<UnownedResponse> {
    return this.json(
      `/unowned${queryString({ offset: query.offset, limit: query.limit })}`,
    );
  }

  exportCsv(): Promise<Blob> {
    return this.blob('/export.csv');
  }

  getEntityDecisions(
    entity: KubeSecurityEntityRef,
  ): Promise<EntityDecisionsResponse> {
    return this.json(`${entityPath(entity)}/decisions`);
  }

  createException(
    entity: KubeSecurityEntityRef,
    request: CreateExceptionRequest,
  ): Promise<RiskException> {
    return this.post(`${entityPath(entity)}/exceptions`, request);
  }

  createAttestation(
    entity: KubeSecurityEntityRef,
    request: CreateAttestationRequest,
  ): Promise<Attestation> {
    return this.post(`${entityPath(entity)}/attestations`, request);
  }

  revokeException(id: number, reason: string): Promise<RiskException> {
    const body: RevokeRequest = { reason };
    return this.post(`/exceptions/${encodeURIComponent(id)}/revoke`, body);
  }

  revokeAttestation(id: number, reason: string): Promise<Attestation> {
    const body: RevokeRequest = { reason };
    return this.post(`/attestations/${encodeURIComponent(id)}/revoke`, body);
  }

  listExceptions(query: DecisionsPageQuery): Promise<ExceptionsResponse> {
    return this.json(`/exceptions${decisionsQueryString(query)}`);
  }

  getAuditTrail(query: DecisionsPageQuery): Promise<AuditResponse> {
    return this.json(`/audit${decisionsQueryString(query)}`);
  }

  private async fetch(path: string, init?: RequestInit): Promise<Response> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('kube-security');
    const response = await this.options.fetchApi.fetch(
      `${baseUrl}${path}`,
      init,
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }

  private async json<T>(path: string, init?: RequestInit): Promise<T> {
    const response = await this.fetch(path, init);
    return (await response.json()) as T;
  }

  private post<T>(path: string, body: unknown): Promise<T> {
    return this.json(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  private async blob(path: string): Promise<Blob> {
    const response = await this.fetch(path);
    return response.blob();
  }
}
