import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  EvaluatePermissionRequest,
  isResourcePermission,
} from '@backstage/plugin-permission-common';
import type {
  AuditResponse,
  EntityDecisionsResponse,
  EntityPlanResponse,
  ExceptionsResponse,
  PlanItem,
  RiskException,
} from '@kube-security/plugin-kube-security-common';
import request from 'supertest';
import { startDemo } from '../__testUtils__/startDemo';

const API = '/api/kube-security';
const user = mockCredentials.user.header();
const ENTITY = '/entities/component/default/storefront-web';
const CLUSTER_RESOURCE = '/entities/resource/default/eks-prod-eu';

function inDays(days: number): string {
  return new Date(Date.now() + days * 24 * 3600 * 1000)
    .toISOString()
    .slice(0, 10);
}

describe('decisions API over the example clusters', () => {
  let server: Awaited<ReturnType<typeof startDemo>>['server'];
  beforeAll(async () => {
    ({ server } = await startDemo());
  }, 60_000);

  async function plan(path: string): Promise<EntityPlanResponse> {
    const res = await request(server)
      .get(`${API}${path}/plan`)
      .set('Authorization', user);
    expect(res.status).toBe(200);
    return res.body;
  }

  const failingItem = (p: EntityPlanResponse): PlanItem =>
    p.plan.items.find(
      i => i.status === 'fail' && i.findings.some(f => f.status === 'fail'),
    )!;

  it('rejects bad input with a 400 naming every wrong field', async () => {
    const res = await request(server)
      .post(`${API}${ENTITY}/exceptions`)
      .set('Authorization', user)
      .send({
        scope: 'everything',
        itemId: 'nope',
        justification: 'ok',
        ticketUrl: 'ftp://x',
        expiresAt: '',
      });
    expect(res.status).toBe(400);
    for (const field of [
      'scope',
      'itemId',
      'justification',
      'ticketUrl',
      'expiresAt',
    ]) {
      expect(res.body.error.message).toContain(`${field}:`);
    }

    const item = failingItem(await plan(ENTITY));
    const finding = item.findings.find(f => f.status === 'fail')!;
    const valid = {
      scope: 'finding',
      itemId: item.itemId,
      findingId: finding.id,
      justification: 'Accepted until the vendor ships a fixed image',
      expiresAt: inDays(30),
    };
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ expiresAt: inDays(181) }, /expiresAt: .* more than 180 days away/],
      [
        { expiresAt: '2020-01-01' },
        /expiresAt: 2020-01-01 is not in the future/,
      ],
      [
        { expiresAt: '2027-02-30' },
        /expiresAt: "2027-02-30" is not a calendar date/,
      ],
      [
        { findingId: 'no-such-finding' },
        /findingId: no-such-finding is not an open finding of component:default\/storefront-web/,
      ],
      [{ findingId: undefined }, /findingId: required for the finding scope/],
      [
        { scope: 'check', checkId: 'wrong/check' },
        /checkId: the finding comes from/,
      ],
      [
        { scope: 'item', itemId: 'cloud-mfa-enforced', findingId: undefined },
        /cloud-mfa-enforced does not apply to component:default\/storefront-web/,
      ],
      [{ extra: 1 }, /Unrecognized key/],
    ];
    for (const [change, message] of cases) {
      const r = await request(server)
        .post(`${API}${ENTITY}/exceptions`)
        .set('Authorization', user)
        .send({ ...valid, ...change });
      expect({ change, status: r.status }).toEqual({ change, status: 400 });
      expect(r.body.error.message).toMatch(message);
    }
    const missing = await request(server)
      .post(`${API}/entities/component/default/no-such-thing/exceptions`)
      .set('Authorization', user)
      .send(valid);
    expect(missing.status).toBe(404);
  });

  it('accepts a risk: the plan shows it accepted, the score moves, the audit trail records it, revoking undoes it', async () => {
    const before = await plan(ENTITY);
    const item = failingItem(before);
    const res = await request(server)
      .post(`${API}${ENTITY}/exceptions`)
      .set('Authorization', user)
      .send({
        scope: 'item',
        itemId: item.itemId,
        justification: 'Legacy storefront is being replaced next quarter',
        ticketUrl: 'https://tickets.example.com/SEC-1',
        expiresAt: inDays(60),
      });
    expect(res.status).toBe(201);
    const created: RiskException = res.body;
    expect(created).toMatchObject({
      entityRef: 'component:default/storefront-web',
      scope: 'item',
      itemId: item.itemId,
      createdBy: 'user:default/mock',
      source: 'user',
      expiresAt: `${inDays(60)}T23:59:59.999Z`,
    });

    const after = await plan(ENTITY);
    const accepted = after.plan.items.find(i => i.itemId === item.itemId)!;
    expect(accepted.status).toBe('accepted');
    expect(accepted.acceptance).toMatchObject({
      exceptionId: created.id,
      justification: 'Legacy storefront is being replaced next quarter',
    });
    expect(accepted.findings.length).toBe(item.findings.length);
    expect(after.plan.score.counts.accepted).toBe(1);
    expect(after.plan.score.counts.fail).toBe(
      before.plan.score.counts.fail - 1,
    );
    expect(after.plan.score.value).not.toBe(before.plan.score.value);

    const decisions: EntityDecisionsResponse = (
      await request(server)
        .get(`${API}${ENTITY}/decisions`)
        .set('Authorization', user)
    ).body;
    expect(
      decisions.exceptions.filter(e => e.source === 'user').map(e => e.id),
    ).toEqual([created.id]);
    // The example Deployment's accept annotation is an exception of the same entity.
    expect(
      decisions.exceptions.find(e => e.source === 'annotation'),
    ).toMatchObject({
      scope: 'check',
      checkId: 'workload-admission-policy/privileged-container',
      createdBy: 'annotation:eks-prod-eu/Deployment/storefront/storefront-web',
      expiresAt: '2027-03-31T23:59:59.999Z',
    });
    expect(decisions.limits).toMatchObject({
      maxExceptionDays: 180,
      maxAttestationDays: 365,
    });
    expect(decisions.limits.attestableItems).toContain('cloud-mfa-enforced');

    const list: ExceptionsResponse = (
      await request(server).get(`${API}/exceptions`).set('Authorization', user)
    ).body;
    expect(list.exceptions.find(e => e.id === created.id)).toMatchObject({
      expiringSoon: false,
    });

    const revoke = await request(server)
      .post(`${API}/exceptions/${created.id}/revoke`)
      .set('Authorization', user)
      .send({ reason: 'Replaced sooner than planned' });
    expect(revoke.status).toBe(200);
    expect(revoke.body.revokedBy).toBe('user:default/mock');
    expect(
      (await plan(ENTITY)).plan.items.find(i => i.itemId === item.itemId)!
        .status,
    ).toBe('fail');
    const again = await request(server)
      .post(`${API}/exceptions/${created.id}/revoke`)
      .set('Authorization', user)
      .send({ reason: 'Replaced sooner than planned' });
    expect(again.status).toBe(409);

    const audit: AuditResponse = (
      await request(server)
        .get(`${API}/audit?entityRef=component:default/storefront-web`)
        .set('Authorization', user)
    ).body;
    expect(
      audit.events
        .slice(0, 2)
        .map(e => [e.action, e.actor, e.subjectId, e.reason]),
    ).toEqual([
      [
        'exception.revoke',
        'user:default/mock',
        created.id,
        'Replaced sooner than planned',
      ],
      [
        'exception.create',
        'user:default/mock',
        created.id,
        'Legacy storefront is being replaced next quarter',
      ],
    ]);
    expect(audit.events[1].details).toMatchObject({
      ticketUrl: 'https://tickets.example.com/SEC-1',
    });
  });

  it('accepts one finding: it stays listed, marked accepted', async () => {
    const item = failingItem(await plan(ENTITY));
    const finding = item.findings.find(f => f.status === 'fail')!;
    const res = await request(server)
      .post(`${API}${ENTITY}/exceptions`)
      .set('Authorization', user)
      .send({
        scope: 'check',
        itemId: item.itemId,
        checkId: finding.checkId,
        findingId: finding.id,
        justification: 'Compensating control: network policy isolates it',
        expiresAt: inDays(10),
      });
    expect(res.status).toBe(201);
    expect(res.body.resource).toEqual({
      cluster: finding.resource.cluster,
      kind: finding.resource.kind,
      namespace: finding.resource.namespace,
      name: finding.resource.name,
    });
    const after = (await plan(ENTITY)).plan.items.find(
      i => i.itemId === item.itemId,
    )!;
    const marked = after.findings.find(f => f.id === finding.id)!;
    expect(marked.accepted).toMatchObject({
      exceptionId: res.body.id,
      scope: 'check',
      source: 'user',
    });
    expect(after.acceptedFindings).toBeGreaterThanOrEqual(1);

    const list: ExceptionsResponse = (
      await request(server)
        .get(`${API}/exceptions?limit=1`)
        .set('Authorization', user)
    ).body;
    // Soonest expiry first, flagged as expiring within 30 days.
    expect(list.exceptions[0]).toMatchObject({
      id: res.body.id,
      expiringSoon: true,
      entityRef: 'component:default/storefront-web',
    });
    expect(list.expiringSoon).toBeGreaterThanOrEqual(1);
  });

  it('attests cloud-mfa-enforced on a cluster: unknown becomes attested', async () => {
    const before = await plan(CLUSTER_RESOURCE);
    expect(
      before.plan.items.find(i => i.itemId === 'cloud-mfa-enforced')!.status,
    ).toBe('unknown');
    const bad = await request(server)
      .post(`${API}${CLUSTER_RESOURCE}/attestations`)
      .set('Authorization', user)
      .send({
        itemId: 'workload-network-policies',
        statement: 'We reviewed it all',
        evidenceUrl: 'not a url',
        expiresAt: inDays(400),
      });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('evidenceUrl: must be a URL');
    // Since issue 15 every item can be attested for the parts no check sees; the
    // statement never hides what the checks found failing.
    const policiesBefore = before.plan.items.find(
      i => i.itemId === 'workload-network-policies',
    )!;
    expect(policiesBefore.status).toBe('fail');
    const checkedItem = await request(server)
      .post(`${API}${CLUSTER_RESOURCE}/attestations`)
      .set('Authorization', user)
      .send({
        itemId: 'workload-network-policies',
        statement:
          'Allow rules were compared with the flows each service needs',
        evidenceUrl: 'https://wiki.example.com/np',
        expiresAt: inDays(30),
      });
    expect(checkedItem.status).toBe(201);
    expect(
      (await plan(CLUSTER_RESOURCE)).plan.items.find(
        i => i.itemId === 'workload-network-policies',
      ),
    ).toMatchObject({
      status: 'fail',
      attestation: { attestationId: checkedItem.body.id },
    });

    const res = await request(server)
      .post(`${API}${CLUSTER_RESOURCE}/attestations`)
      .set('Authorization', user)
      .send({
        itemId: 'cloud-mfa-enforced',
        statement: 'Console sign-in goes through the IdP, which enforces MFA',
        evidenceUrl: 'https://wiki.example.com/security/mfa-review-2026',
        expiresAt: inDays(365),
      });
    expect(res.status).toBe(201);
    const after = await plan(CLUSTER_RESOURCE);
    const mfa = after.plan.items.find(i => i.itemId === 'cloud-mfa-enforced')!;
    expect(mfa.status).toBe('attested');
    expect(mfa.attestation).toMatchObject({
      attestationId: res.body.id,
      evidenceUrl: 'https://wiki.example.com/security/mfa-review-2026',
    });
    expect(after.plan.score.counts.attested).toBe(
      before.plan.score.counts.attested + 1,
    );
    expect(after.plan.score.coverage).toBeGreaterThan(
      before.plan.score.coverage,
    );

    const revoked = await request(server)
      .post(`${API}/attestations/${res.body.id}/revoke`)
      .set('Authorization', user)
      .send({ reason: 'The IdP migration is not finished' });
    expect(revoked.status).toBe(200);
    expect(
      (await plan(CLUSTER_RESOURCE)).plan.items.find(
        i => i.itemId === 'cloud-mfa-enforced',
      )!.status,
    ).toBe('unknown');
  });
});

describe('decisions API permissions', () => {
  it('asks the policy about the entity, and answers 403 when it denies', async () => {
    const asked: EvaluatePermissionRequest[] = [];
    const permissions = mockServices.permissions.mock({
      authorize: async (requests: EvaluatePermissionRequest[]) => {
        asked.push(...requests);
        return requests.map(r => ({
          result: isResourcePermission(r.permission)
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
        }));
      },
      // Reading findings is a resource permission asked with authorizeConditional.
      authorizeConditional: async (requests: EvaluatePermissionRequest[]) =>
        requests.map(() => ({ result: AuthorizeResult.ALLOW })) as any,
    });
    const { server } = await startDemo([permissions.factory]);
    const create = await request(server)
      .post(`${API}${ENTITY}/exceptions`)
      .set('Authorization', user)
      .send({
        scope: 'item',
        itemId: 'workload-admission-policy',
        justification: 'We accept this for now',
        expiresAt: inDays(5),
      });
    expect(create.status).toBe(403);
    expect(create.body.error.message).toContain(
      'kube-security.exception.create on component:default/storefront-web',
    );
    expect(asked).toContainEqual({
      permission: expect.objectContaining({
        name: 'kube-security.exception.create',
        resourceType: 'catalog-entity',
      }),
      resourceRef: 'component:default/storefront-web',
    });
    const attest = await request(server)
      .post(`${API}${CLUSTER_RESOURCE}/attestations`)
      .set('Authorization', user)
      .send({
        itemId: 'cloud-mfa-enforced',
        statement: 'The IdP enforces MFA',
        evidenceUrl: 'https://wiki.example.com/mfa',
        expiresAt: inDays(5),
      });
    expect(attest.status).toBe(403);
    // Reading stays allowed.
    expect(
      (
        await request(server)
          .get(`${API}/exceptions`)
          .set('Authorization', user)
      ).status,
    ).toBe(200);
    // Nothing the denied user tried landed in the audit trail (only the demo's annotation).
    const audit: AuditResponse = (
      await request(server).get(`${API}/audit`).set('Authorization', user)
    ).body;
    expect(audit.events.map(e => e.actor)).toEqual([
      'annotation:eks-prod-eu/Deployment/storefront/storefront-web',
    ]);
  });

  it('answers 401 without credentials on the decision routes', async () => {
    const { server } = await startDemo();
    for (const [method, path] of [
      ['get', `${ENTITY}/decisions`],
      ['post', `${ENTITY}/exceptions`],
      ['post', `${CLUSTER_RESOURCE}/attestations`],
      ['post', '/exceptions/1/revoke'],
      ['post', '/attestations/1/revoke'],
      ['get', '/exceptions'],
      ['get', '/audit'],
    ] as const) {
      const res = await request(server)
        [method](`${API}${path}`)
        .set('Authorization', mockCredentials.none.header());
      expect({ path, status: res.status }).toEqual({ path, status: 401 });
    }
  });
});
