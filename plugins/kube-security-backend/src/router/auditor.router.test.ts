import {
  AuditorServiceCreateEventOptions,
  BackstageCredentials,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type {
  EntityPlanResponse,
  ExceptionsResponse,
  PlanItem,
} from '@kube-security/plugin-kube-security-common';
import type { JsonObject } from '@backstage/types';
import request from 'supertest';
import { startDemo } from '../__testUtils__/startDemo';
import { userOf } from '../__testUtils__/visibility';

const API = '/api/kube-security';
const MOCK = 'user:default/mock';
/** The policy denies this user everything. */
const NOBODY = 'user:default/nobody';
const ENTITY = '/entities/component/default/storefront-web';
const CLUSTER_RESOURCE = '/entities/resource/default/eks-prod-eu';

interface Recorded {
  eventId: string;
  severityLevel?: string;
  status: 'initiated' | 'succeeded' | 'failed';
  actor?: string;
  meta: JsonObject;
  error?: string;
}

/**
 * An auditor that keeps what it is told, and finds the caller from the request the way
 * the default auditor does.
 */
function recordingAuditor() {
  const events: Recorded[] = [];
  const factory = createServiceFactory({
    service: coreServices.auditor,
    deps: { httpAuth: coreServices.httpAuth },
    factory: ({ httpAuth }) => ({
      async createEvent(options: AuditorServiceCreateEventOptions) {
        const credentials: BackstageCredentials | undefined = options.request
          ? await httpAuth.credentials(options.request)
          : undefined;
        const base = {
          eventId: options.eventId,
          severityLevel: options.severityLevel,
          actor: userOf(credentials),
        };
        events.push({ ...base, status: 'initiated', meta: options.meta ?? {} });
        return {
          async success(params?: { meta?: JsonObject }) {
            events.push({
              ...base,
              status: 'succeeded',
              meta: { ...options.meta, ...params?.meta },
            });
          },
          async fail(params: { meta?: JsonObject; error: Error }) {
            events.push({
              ...base,
              status: 'failed',
              meta: { ...options.meta, ...params.meta },
              error: params.error.message,
            });
          },
        };
      },
    }),
  });
  return { events, factory };
}

function inDays(days: number): string {
  return new Date(Date.now() + days * 24 * 3600 * 1000)
    .toISOString()
    .slice(0, 10);
}

describe('auditor events (coreServices.auditor)', () => {
  let server: Awaited<ReturnType<typeof startDemo>>['server'];
  const auditor = recordingAuditor();
  /** What the auditor was told while the backend started (the start-up scans). */
  let startup: Recorded[] = [];
  beforeAll(async () => {
    const deny = (credentials?: BackstageCredentials) =>
      userOf(credentials) === NOBODY
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW;
    const permissions = mockServices.permissions.mock({
      authorize: async (requests: unknown[], options?: any) =>
        requests.map(() => ({ result: deny(options?.credentials) })) as any,
      authorizeConditional: async (requests: unknown[], options?: any) =>
        requests.map(() => ({ result: deny(options?.credentials) })) as any,
    });
    ({ server } = await startDemo([permissions.factory, auditor.factory]));
    startup = [...auditor.events];
  }, 60_000);

  /** What the auditor recorded while `call` ran: its events, and the response. */
  async function audit(call: () => request.Test) {
    auditor.events.length = 0;
    const res = await call();
    return { res, events: [...auditor.events] };
  }

  const as = (user: string) => mockCredentials.user.header(user);
  const post =
    (path: string, body: object, user = MOCK) =>
    () =>
      request(server)
        .post(`${API}${path}`)
        .set('Authorization', as(user))
        .send(body);
  const get =
    (path: string, user = MOCK) =>
    () =>
      request(server).get(`${API}${path}`).set('Authorization', as(user));

  /** One event opened and closed: the initiated and the final record. */
  function onlyEvent(events: Recorded[]) {
    expect(events.map(e => e.status)).toEqual([
      'initiated',
      expect.stringMatching(/succeeded|failed/),
    ]);
    return events[1];
  }

  async function failingFinding() {
    const plan: EntityPlanResponse = (await get(`${ENTITY}/plan`)()).body;
    const item: PlanItem = plan.plan.items.find(
      i => i.status === 'fail' && i.findings.some(f => f.status === 'fail'),
    )!;
    return { item, finding: item.findings.find(f => f.status === 'fail')! };
  }

  it('records the exceptions annotations declare as the start-up scans sync them', async () => {
    const syncs = startup.filter(e => e.eventId === 'decision-sync');
    const done = syncs.filter(e => e.status === 'succeeded');
    expect(done.length).toBeGreaterThan(0);
    expect(syncs).toHaveLength(2 * done.length);
    for (const event of done) {
      // No request: the plugin itself is the actor.
      expect(event).toMatchObject({
        severityLevel: 'medium',
        actor: undefined,
        meta: {
          decisionType: 'exception',
          source: 'annotation',
          cluster: expect.any(String),
          revoked: 0,
        },
      });
    }
    const exceptions: ExceptionsResponse = (
      await get('/exceptions?limit=500')()
    ).body;
    const declared = exceptions.exceptions.filter(
      e => e.source === 'annotation',
    );
    expect(declared.length).toBeGreaterThan(0);
    expect(done.reduce((n, e) => n + Number(e.meta.created), 0)).toBe(
      declared.length,
    );
    expect(new Set(done.map(e => e.meta.cluster))).toEqual(
      new Set(declared.map(e => e.resource?.cluster)),
    );
  });

  it('records an exception created and revoked, with who, what and the result', async () => {
    const { item, finding } = await failingFinding();
    const body = {
      scope: 'finding',
      itemId: item.itemId,
      findingId: finding.id,
      justification: 'The vendor ships a fixed image next sprint',
      expiresAt: inDays(20),
    };
    const created = await audit(post(`${ENTITY}/exceptions`, body));
    expect(created.res.status).toBe(201);
    expect(onlyEvent(created.events)).toEqual({
      eventId: 'decision-create',
      severityLevel: 'medium',
      status: 'succeeded',
      actor: MOCK,
      meta: {
        decisionType: 'exception',
        entityRef: 'component:default/storefront-web',
        decisionId: created.res.body.id,
        itemId: item.itemId,
        expiresAt: created.res.body.expiresAt,
      },
    });

    const revoked = await audit(
      post(`/exceptions/${created.res.body.id}/revoke`, {
        reason: 'Fixed image rolled out',
      }),
    );
    expect(revoked.res.status).toBe(200);
    expect(onlyEvent(revoked.events)).toMatchObject({
      eventId: 'decision-revoke',
      severityLevel: 'medium',
      status: 'succeeded',
      actor: MOCK,
      meta: {
        decisionType: 'exception',
        decisionId: created.res.body.id,
        entityRef: 'component:default/storefront-web',
        itemId: item.itemId,
        revokeReason: 'Fixed image rolled out',
      },
    });
  });

  it('records refused and invalid decisions as failures', async () => {
    const { item, finding } = await failingFinding();
    const body = {
      scope: 'finding',
      itemId: item.itemId,
      findingId: finding.id,
      justification: 'Not my call to make',
      expiresAt: inDays(20),
    };
    const denied = await audit(post(`${ENTITY}/exceptions`, body, NOBODY));
    expect(denied.res.status).toBe(403);
    expect(onlyEvent(denied.events)).toMatchObject({
      eventId: 'decision-create',
      status: 'failed',
      actor: NOBODY,
      meta: { decisionType: 'exception' },
      error: expect.stringContaining('kube-security.findings.read'),
    });

    const invalid = await audit(
      post(`${ENTITY}/exceptions`, { ...body, expiresAt: inDays(400) }),
    );
    expect(invalid.res.status).toBe(400);
    expect(onlyEvent(invalid.events)).toMatchObject({
      eventId: 'decision-create',
      status: 'failed',
      actor: MOCK,
      error: expect.stringContaining('expiresAt'),
    });

    const unknown = await audit(
      post('/exceptions/999999/revoke', {
        reason: 'No longer needed after the clean-up',
      }),
    );
    expect(unknown.res.status).toBe(404);
    expect(onlyEvent(unknown.events)).toMatchObject({
      eventId: 'decision-revoke',
      status: 'failed',
      meta: { decisionType: 'exception', decisionId: 999999 },
      error: 'No exception with id 999999',
    });
  });

  it('records an attestation created and revoked, and a refused revocation', async () => {
    const created = await audit(
      post(`${CLUSTER_RESOURCE}/attestations`, {
        itemId: 'cloud-mfa-enforced',
        statement: 'Console sign-in goes through the IdP, which enforces MFA',
        evidenceUrl: 'https://wiki.example.com/security/mfa',
        expiresAt: inDays(90),
      }),
    );
    expect(created.res.status).toBe(201);
    expect(onlyEvent(created.events)).toMatchObject({
      eventId: 'decision-create',
      status: 'succeeded',
      actor: MOCK,
      meta: {
        decisionType: 'attestation',
        entityRef: 'resource:default/eks-prod-eu',
        decisionId: created.res.body.id,
        itemId: 'cloud-mfa-enforced',
      },
    });
    const path = `/attestations/${created.res.body.id}/revoke`;
    const refused = await audit(
      post(path, { reason: 'Not needed any more' }, NOBODY),
    );
    expect(refused.res.status).toBe(403);
    expect(onlyEvent(refused.events)).toMatchObject({
      eventId: 'decision-revoke',
      status: 'failed',
      actor: NOBODY,
      meta: { decisionType: 'attestation' },
    });
    const revoked = await audit(
      post(path, { reason: 'Review is out of date' }),
    );
    expect(revoked.res.status).toBe(200);
    expect(onlyEvent(revoked.events)).toMatchObject({
      eventId: 'decision-revoke',
      status: 'succeeded',
      meta: {
        decisionType: 'attestation',
        entityRef: 'resource:default/eks-prod-eu',
        revokeReason: 'Review is out of date',
      },
    });
  });

  it('records scans triggered by hand, refused or of unknown clusters', async () => {
    const ok = await audit(post('/clusters/gke-analytics/scan', {}));
    expect(ok.res.status).toBe(202);
    expect(onlyEvent(ok.events)).toEqual({
      eventId: 'scan-trigger',
      severityLevel: 'medium',
      status: 'succeeded',
      actor: MOCK,
      meta: { cluster: 'gke-analytics', scheduled: true },
    });
    const unknown = await audit(post('/clusters/nowhere/scan', {}));
    expect(unknown.res.status).toBe(404);
    expect(onlyEvent(unknown.events)).toMatchObject({
      eventId: 'scan-trigger',
      status: 'failed',
      meta: { cluster: 'nowhere' },
      error: 'No cluster named nowhere is configured',
    });
    const refused = await audit(
      post('/clusters/gke-analytics/scan', {}, NOBODY),
    );
    expect(refused.res.status).toBe(403);
    expect(onlyEvent(refused.events)).toMatchObject({
      eventId: 'scan-trigger',
      status: 'failed',
      actor: NOBODY,
      error: expect.stringContaining('kube-security.scan.trigger'),
    });
  });

  it('records CSV and PDF exports, delivered or refused', async () => {
    const cases: Array<[string, JsonObject]> = [
      ['/export.csv', { format: 'csv', queryType: 'findings' }],
      [
        `${ENTITY}/plan.pdf`,
        {
          format: 'pdf',
          queryType: 'entity-plan',
          target: 'component:default/storefront-web',
        },
      ],
      [
        '/action-plan.pdf?provider=aks',
        { format: 'pdf', queryType: 'action-plan', target: 'aks' },
      ],
      [
        '/teams/default/commerce/plan.pdf',
        {
          format: 'pdf',
          queryType: 'team-plan',
          target: 'group:default/commerce',
        },
      ],
    ];
    for (const [path, meta] of cases) {
      const ok = await audit(get(path));
      expect({ path, status: ok.res.status }).toEqual({ path, status: 200 });
      expect(onlyEvent(ok.events)).toMatchObject({
        eventId: 'export',
        severityLevel: 'low',
        status: 'succeeded',
        actor: MOCK,
        meta,
      });
      const refused = await audit(get(path, NOBODY));
      expect({ path, status: refused.res.status }).toEqual({
        path,
        status: 403,
      });
      expect(onlyEvent(refused.events)).toMatchObject({
        eventId: 'export',
        status: 'failed',
        actor: NOBODY,
        meta,
        error: expect.stringContaining('kube-security.findings.read'),
      });
    }
    const pdf = await audit(get(`${ENTITY}/plan.pdf`));
    expect(pdf.events[1].meta.bytes).toBe(pdf.res.body.length);
    const missing = await audit(get('/teams/default/nobody-here/plan.pdf'));
    expect(missing.res.status).toBe(404);
    expect(onlyEvent(missing.events).status).toBe('failed');
  }, 30_000); // four PDFs are rendered twice: slow on a busy machine
});
