import {
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ACTION_ITEMS,
  ACTION_ITEM_IDS,
  AuditResponse,
  CATEGORIES,
  ClustersResponse,
  CreateAttestationRequest,
  CreateExceptionRequest,
  EXCEPTION_SCOPES,
  EXPIRING_SOON_DAYS,
  EntityDecisionsResponse,
  ExceptionsResponse,
  ItemsResponse,
  PROVIDERS,
  ScanTriggerResponse,
  TeamScorecardResponse,
  TeamsResponse,
  UnownedResponse,
  kubeSecurityAttestationCreatePermission,
  kubeSecurityExceptionCreatePermission,
  kubeSecurityFindingsReadPermission,
  kubeSecurityScanTriggerPermission,
} from '@kube-security/plugin-kube-security-common';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { z } from 'zod/v3';
import { KubeSecurityStore } from '../database/KubeSecurityStore';
import { DecisionStore } from '../database/DecisionStore';
import type { TeamRollup } from '../aggregate/rollup';
import { KubeSecurityService } from './KubeSecurityService';
import { DecisionService } from './DecisionService';
import { writeFindingsCsv } from './csv';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  logger: LoggerService;
  catalog: CatalogService;
  store: KubeSecurityStore;
  service: KubeSecurityService;
  decisions: DecisionService;
  decisionStore: DecisionStore;
  /** The clock; tests pass their own. */
  now?: () => Date;
  /** Queues a scan of a cluster; false when the cluster is unknown. */
  triggerScan: (cluster: string) => Promise<boolean>;
  /** Renders a plan as PDF (added by the PDF module). */
  renderPdf?: {
    entity: (
      plan: Awaited<ReturnType<KubeSecurityService['entityPlan']>>,
      title: string,
    ) => Promise<Buffer>;
    team: (scorecard: TeamScorecardResponse) => Promise<Buffer>;
  };
}

const NAME = z
  .string()
  .min(1)
  .max(253)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    'must be a catalog name (letters, digits, ".", "_", "-")',
  );

const entityParams = z.object({
  kind: z.enum(
    ['component', 'resource', 'Component', 'Resource', 'system', 'System'],
    {
      errorMap: () => ({
        message: 'kind must be component, resource or system',
      }),
    },
  ),
  namespace: NAME,
  name: NAME,
});

const teamParams = z.object({ namespace: NAME, name: NAME });

const teamsQuery = z
  .object({
    offset: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    sort: z.enum(['score', 'name', 'open', 'trend']).default('score'),
    order: z.enum(['asc', 'desc']).optional(),
    q: z.string().max(200).optional(),
    category: z.enum(CATEGORIES as [string, ...string[]]).optional(),
    provider: z.enum(PROVIDERS as [string, ...string[]]).optional(),
    cluster: z.string().max(253).optional(),
  })
  .strict();

const pageQuery = z
  .object({
    offset: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(500).default(50),
  })
  .strict();

const TEXT = z
  .string({ required_error: 'required' })
  .trim()
  .min(10, 'must be at least 10 characters: say why')
  .max(2000, 'must be at most 2000 characters');

const URL_FIELD = z
  .string()
  .trim()
  .max(2048)
  .url('must be a URL')
  .refine(u => /^https?:\/\//i.test(u), 'must be an http(s) URL');

const EXPIRY = z
  .string({ required_error: 'required' })
  .min(1, 'required')
  .max(40);

const ITEM_ID = z.enum(ACTION_ITEM_IDS as unknown as [string, ...string[]], {
  errorMap: () => ({ message: 'must be one of the 19 action item ids' }),
});

const createExceptionBody = z
  .object({
    scope: z.enum(EXCEPTION_SCOPES as unknown as [string, ...string[]], {
      errorMap: () => ({ message: 'must be finding, check or item' }),
    }),
    itemId: ITEM_ID,
    checkId: z.string().min(1).max(128).optional(),
    findingId: z.string().min(1).max(64).optional(),
    justification: TEXT,
    ticketUrl: URL_FIELD.optional(),
    expiresAt: EXPIRY,
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.scope !== 'item' && !body.findingId) {
      ctx.addIssue({
        code: 'custom',
        path: ['findingId'],
        message: `required for the ${body.scope} scope`,
      });
    }
    if (body.scope === 'check' && !body.checkId) {
      ctx.addIssue({
        code: 'custom',
        path: ['checkId'],
        message: 'required for the check scope',
      });
    }
  });

const createAttestationBody = z
  .object({
    itemId: ITEM_ID,
    statement: TEXT,
    evidenceUrl: URL_FIELD,
    expiresAt: EXPIRY,
  })
  .strict();

const revokeBody = z.object({ reason: TEXT }).strict();

const idParams = z.object({ id: z.coerce.number().int().min(1) });

const decisionsQuery = z
  .object({
    offset: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    entityRef: z.string().min(3).max(512).optional(),
  })
  .strict();

/** Who made a decision: the user's entity ref, or the calling service. */
function actorOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal.type === 'user' && principal.userEntityRef)
    return principal.userEntityRef;
  return `service:${principal.subject ?? 'unknown'}`;
}

/** Parses with zod; a 400 names every field that is wrong. */
function parse<S extends z.ZodTypeAny>(
  schema: S,
  value: unknown,
  what: string,
): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues
      .map(i => `${i.path.join('.') || what}: ${i.message}`)
      .join('; ');
    throw new InputError(`Invalid ${what}: ${problems}`);
  }
  return result.data;
}

function rollupOf(row: { summary: string }): TeamRollup {
  return JSON.parse(row.summary);
}

/**
 * The REST API under /api/kube-security. Every route needs a signed-in user or a backend
 * service (the plugin's http router rejects anonymous calls with 401), and each one is
 * checked against the permission policy (403 when denied).
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, store, service, catalog } = options;
  const router = Router();
  router.use(express.json());

  async function authorize(
    req: Request,
    permission: BasicPermission,
  ): Promise<BackstageCredentials> {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You are not allowed to ${permission.name} (permission denied by policy)`,
      );
    }
    return credentials;
  }

  /** A permission on one catalog entity (the policy can check, say, ownership). */
  async function authorizeOnEntity(
    req: Request,
    permission: ResourcePermission<'catalog-entity'>,
    entityRef: string,
  ): Promise<BackstageCredentials> {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize(
      [{ permission, resourceRef: entityRef }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You are not allowed to ${permission.name} on ${entityRef} (permission denied by policy)`,
      );
    }
    return credentials;
  }

  async function loadEntity(req: Request, credentials: BackstageCredentials) {
    const params = parse(entityParams, req.params, 'entity reference');
    const ref = stringifyEntityRef({
      kind: params.kind.toLocaleLowerCase('en-US'),
      namespace: params.namespace,
      name: params.name,
    });
    // Asked on behalf of the caller, so catalog permissions apply too.
    const entity = await catalog.getEntityByRef(ref, { credentials });
    if (!entity) throw new NotFoundError(`No catalog entity ${ref}`);
    return entity;
  }

  async function scorecard(
    namespace: string,
    name: string,
  ): Promise<TeamScorecardResponse> {
    const ref = stringifyEntityRef({ kind: 'group', namespace, name });
    const row = await store.teamSummary(ref);
    if (!row) {
      throw new NotFoundError(
        `No team ${ref}: it is not a Group in the catalog, or the catalog has not been read yet`,
      );
    }
    const rollup = rollupOf(row);
    const children = (await store.childTeams(ref)).map(
      c => rollupOf(c).summary,
    );
    const entityRows = await store.entitySummaries(rollup.entityRefs);
    const entities = entityRows
      .map(e => {
        const s = JSON.parse(e.summary);
        return {
          entityRef: s.entityRef,
          title: s.title,
          score: s.score,
          open: s.openItems,
        };
      })
      .sort(
        (a, b) =>
          (a.score.value ?? 101) - (b.score.value ?? 101) ||
          a.entityRef.localeCompare(b.entityRef),
      );
    return {
      team: rollup.summary,
      children,
      topActions: rollup.topActions,
      history: await store.history(ref),
      categories: rollup.categories,
      entities,
    };
  }

  router.get('/items', async (req, res) => {
    await authorize(req, kubeSecurityFindingsReadPermission);
    const body: ItemsResponse = { items: [...ACTION_ITEMS] };
    res.json(body);
  });

  router.get('/clusters', async (req, res) => {
    await authorize(req, kubeSecurityFindingsReadPermission);
    const body: ClustersResponse = { clusters: await store.listClusters() };
    res.json(body);
  });

  router.post('/clusters/:name/scan', async (req, res) => {
    await authorize(req, kubeSecurityScanTriggerPermission);
    const { name } = parse(
      z.object({ name: z.string().min(1).max(253) }),
      req.params,
      'cluster',
    );
    if (!(await options.triggerScan(name))) {
      throw new NotFoundError(`No cluster named ${name} is configured`);
    }
    const body: ScanTriggerResponse = { cluster: name, scheduled: true };
    res.status(202).json(body);
  });

  router.get('/entities/:kind/:namespace/:name/plan', async (req, res) => {
    const credentials = await authorize(
      req,
      kubeSecurityFindingsReadPermission,
    );
    const entity = await loadEntity(req, credentials);
    res.json(await service.entityPlan(entity));
  });

  router.get('/entities/:kind/:namespace/:name/plan.pdf', async (req, res) => {
    const credentials = await authorize(
      req,
      kubeSecurityFindingsReadPermission,
    );
    if (!options.renderPdf)
      throw new NotFoundError('PDF export is not available');
    const entity = await loadEntity(req, credentials);
    const plan = await service.entityPlan(entity);
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
    const credentials = await authorize(
      req,
      kubeSecurityFindingsReadPermission,
    );
    const entity = await loadEntity(req, credentials);
    const body: EntityDecisionsResponse =
      await options.decisions.entityDecisions(entity);
    res.json(body);
  });

  /** Creating a decision: read access to the entity, a valid body, the policy's yes. */
  function createRoute<B extends z.ZodTypeAny, R>(
    what: 'exception' | 'attestation',
    schema: B,
    permission: ResourcePermission<'catalog-entity'>,
    create: (entity: Entity, body: z.infer<B>, actor: string) => Promise<R>,
  ) {
    router.post(
      `/entities/:kind/:namespace/:name/${what}s`,
      async (req, res) => {
        const reader = await authorize(req, kubeSecurityFindingsReadPermission);
        const entity = await loadEntity(req, reader);
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

  /** Revoking one: the same permission, on the decision's entity, and a reason. */
  function revokeRoute<R>(
    what: 'exception' | 'attestation',
    permission: ResourcePermission<'catalog-entity'>,
    find: (id: number) => Promise<{ entityRef: string }>,
    revoke: (id: number, actor: string, reason: string) => Promise<R>,
  ) {
    router.post(`/${what}s/:id/revoke`, async (req, res) => {
      await authorize(req, kubeSecurityFindingsReadPermission);
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

  const { decisions } = options;
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
    kubeSecurityExceptionCreatePermission,
    id => decisions.exception(id),
    (id, actor, reason) => decisions.revokeException(id, actor, reason),
  );
  revokeRoute(
    'attestation',
    kubeSecurityAttestationCreatePermission,
    id => decisions.attestation(id),
    (id, actor, reason) => decisions.revokeAttestation(id, actor, reason),
  );

  router.get('/exceptions', async (req, res) => {
    await authorize(req, kubeSecurityFindingsReadPermission);
    const q = parse(decisionsQuery, req.query, 'query');
    const now = (options.now ?? (() => new Date()))().getTime();
    const soon = new Date(now + EXPIRING_SOON_DAYS * 24 * 3600 * 1000);
    const page = await options.decisionStore.pageActiveExceptions({
      offset: q.offset,
      limit: q.limit,
      entityRef: q.entityRef?.toLocaleLowerCase('en-US'),
      soon,
    });
    const titles = new Map(
      (
        await store.entitySummaries([
          ...new Set(page.exceptions.map(e => e.entityRef)),
        ])
      ).map(r => [r.entity_ref, r.title ?? undefined]),
    );
    const body: ExceptionsResponse = {
      exceptions: page.exceptions.map(e => ({
        ...e,
        ...(titles.get(e.entityRef)
          ? { entityTitle: titles.get(e.entityRef) }
          : {}),
        expiringSoon: new Date(e.expiresAt).getTime() <= soon.getTime(),
      })),
      total: page.total,
      expiringSoon: page.expiringSoon,
      offset: q.offset,
      limit: q.limit,
    };
    res.json(body);
  });

  router.get('/audit', async (req, res) => {
    await authorize(req, kubeSecurityFindingsReadPermission);
    const q = parse(decisionsQuery, req.query, 'query');
    const page = await options.decisionStore.auditTrail({
      offset: q.offset,
      limit: q.limit,
      entityRef: q.entityRef?.toLocaleLowerCase('en-US'),
    });
    const body: AuditResponse = { ...page, offset: q.offset, limit: q.limit };
    res.json(body);
  });

  router.get('/teams', async (req, res) => {
    await authorize(req, kubeSecurityFindingsReadPermission);
    const q = parse(teamsQuery, req.query, 'query');
    // Worst first by default: lowest score, most open items; names A to Z.
    const order = q.order ?? (q.sort === 'open' ? 'desc' : 'asc');
    const { total, rows } = await store.queryTeams({
      offset: q.offset,
      limit: q.limit,
      sort: q.sort,
      order,
      search: q.q,
      category: q.category as any,
      provider: q.provider as any,
      cluster: q.cluster,
    });
    const body: TeamsResponse = {
      teams: rows.map(r => rollupOf(r).summary),
      total,
      offset: q.offset,
      limit: q.limit,
    };
    res.json(body);
  });

  router.get('/teams/:namespace/:name/scorecard', async (req, res) => {
    await authorize(req, kubeSecurityFindingsReadPermission);
    const { namespace, name } = parse(teamParams, req.params, 'team reference');
    res.json(await scorecard(namespace, name));
  });

  router.get('/teams/:namespace/:name/plan.pdf', async (req, res) => {
    await authorize(req, kubeSecurityFindingsReadPermission);
    if (!options.renderPdf)
      throw new NotFoundError('PDF export is not available');
    const { namespace, name } = parse(teamParams, req.params, 'team reference');
    const pdf = await options.renderPdf.team(await scorecard(namespace, name));
    res
      .status(200)
      .type('application/pdf')
      .setHeader(
        'Content-Disposition',
        `attachment; filename="security-plan-team-${name}.pdf"`,
      )
      .send(pdf);
  });

  router.get('/unowned', async (req, res) => {
    await authorize(req, kubeSecurityFindingsReadPermission);
    const q = parse(pageQuery, req.query, 'query');
    const body: UnownedResponse = {
      findings: await store.unownedFindings(q.offset, q.limit),
      total: await store.countUnowned(),
      offset: q.offset,
      limit: q.limit,
    };
    res.json(body);
  });

  router.get('/export.csv', async (req, res) => {
    await authorize(req, kubeSecurityFindingsReadPermission);
    res
      .status(200)
      .type('text/csv')
      .setHeader(
        'Content-Disposition',
        'attachment; filename="kube-security-findings.csv"',
      );
    await writeFindingsCsv(
      store,
      await options.decisionStore.activeExceptions(),
      res,
    );
    res.end();
  });

  return router;
}
