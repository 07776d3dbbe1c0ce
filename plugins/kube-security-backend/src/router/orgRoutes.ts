import type { AuditorService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  ACTION_ITEMS,
  AuditResponse,
  Category,
  ClustersResponse,
  ExceptionsResponse,
  ItemsResponse,
  OPEN_FINDINGS_SEVERITIES,
  OpenFindingsFilter,
  OpenFindingsResponse,
  OverviewResponse,
  Provider,
  ScanTriggerResponse,
  TeamsResponse,
  UnownedResponse,
  kubeSecurityScanTriggerPermission,
} from '@kube-security/plugin-kube-security-common';
import type { Router } from 'express';
import type { Access } from './access';
import { audited } from './audit';
import type { ScanService } from '../scan/ScanService';
import type { DecisionService } from '../service/DecisionService';
import type { PlanService } from '../service/PlanService';
import { redactClusterStatus } from '../service/redact';
import type { PdfRenderers } from './entityRoutes';
import {
  clusterParams,
  decisionsQuery,
  openFindingsQuery,
  pageQuery,
  parse,
  teamParams,
  teamScorecardQuery,
  teamsQuery,
} from './schemas';
import { planPdfQuery } from './pdfSchemas';

export interface OrgRouteOptions {
  /** Clusters and their last scans, and the claims the catalog mapping refused. */
  scans: Pick<ScanService, 'listClusters' | 'mappingConflicts'>;
  plans: PlanService;
  decisions: DecisionService;
  /** Queues a scan of a cluster; false when the cluster is unknown. */
  triggerScan: (cluster: string) => Promise<boolean>;
  renderPdf?: PdfRenderers;
  /** Records scans triggered by hand and exports (coreServices.auditor). */
  auditor?: AuditorService;
}

/**
 * Routes across the organisation: the catalog of items, clusters and scan triggers, the
 * teams overview and scorecards (JSON and PDF), unowned findings, active exceptions, the
 * audit trail and the CSV export.
 */
export function addOrgRoutes(
  router: Router,
  access: Access,
  options: OrgRouteOptions,
) {
  const { authorize, readScope } = access;
  const { plans } = options;

  router.get('/items', async (req, res) => {
    await readScope(req, { catalog: false });
    const body: ItemsResponse = { items: [...ACTION_ITEMS] };
    res.json(body);
  });

  router.get('/clusters', async (req, res) => {
    await readScope(req, { catalog: false });
    const [clusters, mappingConflicts] = await Promise.all([
      options.scans.listClusters(),
      options.scans.mappingConflicts(),
    ]);
    const body: ClustersResponse = {
      clusters: clusters.map(redactClusterStatus),
      mappingConflicts,
    };
    res.json(body);
  });

  router.post('/clusters/:name/scan', async (req, res) => {
    const body = await audited(
      options.auditor,
      req,
      {
        eventId: 'scan-trigger',
        severityLevel: 'medium',
        meta: { cluster: String(req.params.name) },
      },
      async (): Promise<ScanTriggerResponse> => {
        await authorize(req, kubeSecurityScanTriggerPermission);
        const { name } = parse(clusterParams, req.params, 'cluster');
        if (!(await options.triggerScan(name))) {
          throw new NotFoundError(`No cluster named ${name} is configured`);
        }
        return { cluster: name, scheduled: true };
      },
      result => ({ scheduled: result.scheduled }),
    );
    res.status(202).json(body);
  });

  router.get('/exceptions', async (req, res) => {
    const { scope } = await readScope(req, { catalog: true });
    const q = parse(decisionsQuery, req.query, 'query');
    const body: ExceptionsResponse = await plans.exceptions(q, scope);
    res.json(body);
  });

  router.get('/audit', async (req, res) => {
    const { scope } = await readScope(req, { catalog: true });
    const q = parse(decisionsQuery, req.query, 'query');
    const body: AuditResponse = await options.decisions.auditTrail(q, scope);
    res.json(body);
  });

  router.get('/teams', async (req, res) => {
    const { scope } = await readScope(req, { catalog: true });
    const q = parse(teamsQuery, req.query, 'query');
    const body: TeamsResponse = await plans.teams(
      {
        offset: q.offset,
        limit: q.limit,
        sort: q.sort,
        // Worst first by default: lowest score, most open items; names A to Z.
        order: q.order ?? (q.sort === 'open' ? 'desc' : 'asc'),
        search: q.q,
        category: q.category as Category | undefined,
        provider: q.provider as Provider | undefined,
        cluster: q.cluster,
        top: q.top === 'true',
      },
      scope,
    );
    res.json(body);
  });

  router.get('/teams/:namespace/:name/scorecard', async (req, res) => {
    const { scope } = await readScope(req, { catalog: true });
    const { namespace, name } = parse(teamParams, req.params, 'team reference');
    const page = parse(teamScorecardQuery, req.query, 'query');
    res.json(await plans.teamScorecard(namespace, name, scope, page));
  });

  router.get('/teams/:namespace/:name/plan.pdf', async (req, res) => {
    const { name, pdf } = await audited(
      options.auditor,
      req,
      {
        eventId: 'export',
        meta: {
          format: 'pdf',
          queryType: 'team-plan',
          target: `group:${req.params.namespace}/${req.params.name}`,
        },
      },
      async () => {
        const { scope } = await readScope(req, { catalog: true });
        if (!options.renderPdf)
          throw new NotFoundError('PDF export is not available');
        const team = parse(teamParams, req.params, 'team reference');
        const layout = parse(planPdfQuery, req.query, 'query');
        return {
          name: team.name,
          pdf: await options.renderPdf.team(
            await plans.teamScorecard(team.namespace, team.name, scope),
            layout,
          ),
        };
      },
      result => ({ bytes: result.pdf.length }),
    );
    res
      .status(200)
      .type('application/pdf')
      .setHeader(
        'Content-Disposition',
        `attachment; filename="security-plan-team-${name}.pdf"`,
      )
      .send(pdf);
  });

  router.get('/overview', async (req, res) => {
    const { scope } = await readScope(req, { catalog: true });
    const body: OverviewResponse = await plans.overview(scope);
    res.json(body);
  });

  router.get('/findings', async (req, res) => {
    const { scope } = await readScope(req, { catalog: true });
    const q = parse(openFindingsQuery, req.query, 'query');
    const filter = q.filter as OpenFindingsFilter;
    const page = await plans.openFindings(
      {
        offset: q.offset,
        limit: q.limit,
        severities: OPEN_FINDINGS_SEVERITIES[filter],
        internetExposed: filter === 'internet-exposed',
      },
      scope,
    );
    const body: OpenFindingsResponse = {
      ...page,
      findings: await plans.withEntityTitles(page.findings),
    };
    res.json(body);
  });

  router.get('/unowned', async (req, res) => {
    const { scope } = await readScope(req, { catalog: false });
    const q = parse(pageQuery, req.query, 'query');
    const body: UnownedResponse = await plans.unowned(q, scope);
    res.json(body);
  });

  router.get('/export.csv', async (req, res) => {
    await audited(
      options.auditor,
      req,
      { eventId: 'export', meta: { format: 'csv', queryType: 'findings' } },
      async () => {
        const { scope } = await readScope(req, { catalog: true });
        res
          .status(200)
          .type('text/csv')
          .setHeader(
            'Content-Disposition',
            'attachment; filename="kube-security-findings.csv"',
          );
        await plans.exportCsv(res, scope);
      },
    );
    res.end();
  });
}
