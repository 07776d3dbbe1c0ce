import type { AuditorService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import type { ResourcePermission } from '@backstage/plugin-permission-common';
import {
  CreateAttestationRequest,
  CreateExceptionRequest,
  EntityDecisionsResponse,
  EntityPlanResponse,
  TeamScorecardResponse,
  kubeSecurityAttestationCreatePermission,
  kubeSecurityAttestationRevokePermission,
  kubeSecurityExceptionCreatePermission,
  kubeSecurityExceptionRevokePermission,
} from '@kube-security/plugin-kube-security-common';
import type { Router } from 'express';
import { z } from 'zod/v3';
import { Access, actorOf } from './access';
import { audited } from './audit';
import type { DecisionService } from '../service/DecisionService';
import type { PlanService } from '../service/PlanService';
import { pageEntityPlan } from '../service/planPaging';
import {
  createAttestationBody,
  createExceptionBody,
  entityPlanQuery,
  idParams,
  parse,
  revokeBody,
} from './schemas';
import { PlanPdfLayout, planPdfQuery } from './pdfSchemas';

/**
 * Renders a plan as PDF; the plugin passes `renderEntityPlanPdf` and `renderTeamPlanPdf`
 * from `src/pdf`. Without it the PDF routes answer 404.
 */
export interface PdfRenderers {
  entity: (
    plan: EntityPlanResponse,
    title: string,
    layout?: PlanPdfLayout,
  ) => Promise<Buffer>;
  team: (
    scorecard: TeamScorecardResponse,
    layout?: PlanPdfLayout,
  ) => Promise<Buffer>;
}

export interface EntityRouteOptions {
  plans: PlanService;
  decisions: DecisionService;
  renderPdf?: PdfRenderers;
  /** Records decisions made or revoked and PDF exports (coreServices.auditor). */
  auditor?: AuditorService;
}

/** The entity a path names, as asked (before it is checked), for audit events. */
const askedRef = (req: { params: Record<string, string> }) =>
  `${(req.params.kind ?? '').toLocaleLowerCase('en-US')}:${
    req.params.namespace
  }/${req.params.name}`;

/** A decision id as asked: the number, or the text when it is not one. */
const askedId = (id: string) => (/^\d{1,15}$/.test(id) ? Number(id) : id);

/** What the audit trail of the auditor keeps of a decision made or revoked. */
interface AuditedDecision {
  id: number;
  entityRef: string;
  itemId: string;
  expiresAt: string;
  revokeReason?: string;
}

const decisionOutcome = (d: AuditedDecision) => ({
  decisionId: d.id,
  entityRef: d.entityRef,
  itemId: d.itemId,
  expiresAt: d.expiresAt,
  ...(d.revokeReason ? { revokeReason: d.revokeReason } : {}),
});

/**
 * Routes about one catalog entity: its plan (JSON and PDF), its decisions, creating
 * exceptions and attestations for it, and revoking them.
 */
export function addEntityRoutes(
  router: Router,
  access: Access,
  options: EntityRouteOptions,
) {
  const { authorizeOnEntity, loadReadableEntity, requireUser } = access;
  const { plans, decisions } = options;

  router.get('/entities/:kind/:namespace/:name/plan', async (req, res) => {
    const page = parse(entityPlanQuery, req.query, 'query');
    const { entity } = await loadReadableEntity(req);
    res.json(
      pageEntityPlan(await plans.entityPlan(entity), {
        limit: page.findingsLimit,
        offset: page.findingsOffset,
        itemId: page.itemId,
      }),
    );
  });

  router.get('/entities/:kind/:namespace/:name/plan.pdf', async (req, res) => {
    const { entity, pdf } = await audited(
      options.auditor,
      req,
      {
        eventId: 'export',
        meta: {
          format: 'pdf',
          queryType: 'entity-plan',
          target: askedRef(req),
        },
      },
      async () => {
        if (!options.renderPdf)
          throw new NotFoundError('PDF export is not available');
        const readable = await loadReadableEntity(req);
        const layout = parse(planPdfQuery, req.query, 'query');
        const plan = await plans.entityPlan(readable.entity);
        return {
          entity: readable.entity,
          pdf: await options.renderPdf.entity(
            plan,
            readable.entity.metadata.title ?? readable.entity.metadata.name,
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
        `attachment; filename="security-plan-${entity.metadata.name}.pdf"`,
      )
      .send(pdf);
  });

  router.get('/entities/:kind/:namespace/:name/decisions', async (req, res) => {
    const { entity } = await loadReadableEntity(req);
    const body: EntityDecisionsResponse = await decisions.entityDecisions(
      entity,
    );
    res.json(body);
  });

  /**
   * Creating a decision: a user (never a service), read access to the entity, a valid
   * body, the policy's yes.
   */
  function createRoute<B extends z.ZodTypeAny, R extends AuditedDecision>(
    what: 'exception' | 'attestation',
    schema: B,
    permission: ResourcePermission<'catalog-entity'>,
    create: (entity: Entity, body: z.infer<B>, actor: string) => Promise<R>,
  ) {
    router.post(
      `/entities/:kind/:namespace/:name/${what}s`,
      async (req, res) => {
        const created = await audited(
          options.auditor,
          req,
          {
            eventId: 'decision-create',
            severityLevel: 'medium',
            meta: { decisionType: what, entityRef: askedRef(req) },
          },
          async () => {
            await requireUser(req);
            const { entity } = await loadReadableEntity(req);
            const body = parse(schema, req.body, what);
            const credentials = await authorizeOnEntity(
              req,
              permission,
              stringifyEntityRef(entity),
            );
            return create(entity, body, actorOf(credentials));
          },
          decisionOutcome,
        );
        res.status(201).json(created);
      },
    );
  }

  /** Revoking one: a user, the revoke permission on the decision's entity, and a reason. */
  function revokeRoute<R extends AuditedDecision>(
    what: 'exception' | 'attestation',
    permission: ResourcePermission<'catalog-entity'>,
    find: (id: number) => Promise<{ entityRef: string }>,
    revoke: (id: number, actor: string, reason: string) => Promise<R>,
  ) {
    router.post(`/${what}s/:id/revoke`, async (req, res) => {
      const revoked = await audited(
        options.auditor,
        req,
        {
          eventId: 'decision-revoke',
          severityLevel: 'medium',
          meta: { decisionType: what, decisionId: askedId(req.params.id) },
        },
        async () => {
          await requireUser(req);
          await access.readScope(req, { catalog: false });
          const { id } = parse(idParams, req.params, `${what} id`);
          const { reason } = parse(revokeBody, req.body, 'revocation');
          const existing = await find(id);
          const credentials = await authorizeOnEntity(
            req,
            permission,
            existing.entityRef,
          );
          return revoke(id, actorOf(credentials), reason);
        },
        decisionOutcome,
      );
      res.json(revoked);
    });
  }

  createRoute(
    'exception',
    createExceptionBody,
    kubeSecurityExceptionCreatePermission,
    (entity, body, actor) =>
      decisions.createException(entity, body as CreateExceptionRequest, actor),
  );
  createRoute(
    'attestation',
    createAttestationBody,
    kubeSecurityAttestationCreatePermission,
    (entity, body, actor) =>
      decisions.createAttestation(
        entity,
        body as CreateAttestationRequest,
        actor,
      ),
  );
  revokeRoute(
    'exception',
    kubeSecurityExceptionRevokePermission,
    id => decisions.exception(id),
    (id, actor, reason) => decisions.revokeException(id, actor, reason),
  );
  revokeRoute(
    'attestation',
    kubeSecurityAttestationRevokePermission,
    id => decisions.attestation(id),
    (id, actor, reason) => decisions.revokeAttestation(id, actor, reason),
  );
}
