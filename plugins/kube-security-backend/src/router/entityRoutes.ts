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

/**
 * Renders a plan as PDF; the plugin passes `renderEntityPlanPdf` and `renderTeamPlanPdf`
 * from `src/pdf`. Without it the PDF routes answer 404.
 */
export interface PdfRenderers {
  entity: (plan: EntityPlanResponse, title: string) => Promise<Buffer>;
  team: (scorecard: TeamScorecardResponse) => Promise<Buffer>;
}

export interface EntityRouteOptions {
  plans: PlanService;
  decisions: DecisionService;
  renderPdf?: PdfRenderers;
}

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
    if (!options.renderPdf)
      throw new NotFoundError('PDF export is not available');
    const { entity } = await loadReadableEntity(req);
    const plan = await plans.entityPlan(entity);
    const pdf = await options.renderPdf.entity(
      plan,
      entity.metadata.title ?? entity.metadata.name,
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
  function createRoute<B extends z.ZodTypeAny, R>(
    what: 'exception' | 'attestation',
    schema: B,
    permission: ResourcePermission<'catalog-entity'>,
    create: (entity: Entity, body: z.infer<B>, actor: string) => Promise<R>,
  ) {
    router.post(
      `/entities/:kind/:namespace/:name/${what}s`,
      async (req, res) => {
        await requireUser(req);
        const { entity } = await loadReadableEntity(req);
        const body = parse(schema, req.body, what);
        const credentials = await authorizeOnEntity(
          req,
          permission,
          stringifyEntityRef(entity),
        );
        res.status(201).json(await create(entity, body, actorOf(credentials)));
      },
    );
  }

  /** Revoking one: a user, the revoke permission on the decision's entity, and a reason. */
  function revokeRoute<R>(
    what: 'exception' | 'attestation',
    permission: ResourcePermission<'catalog-entity'>,
    find: (id: number) => Promise<{ entityRef: string }>,
    revoke: (id: number, actor: string, reason: string) => Promise<R>,
  ) {
    router.post(`/${what}s/:id/revoke`, async (req, res) => {
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
      res.json(await revoke(id, actorOf(credentials), reason));
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
