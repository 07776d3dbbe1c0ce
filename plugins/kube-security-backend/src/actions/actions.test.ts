import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  EntityPlanResponse,
  ExceptionsResponse,
  SEVERITY_RANK,
  createKubeSecurityFindingConditionalDecision,
  kubeSecurityFindingConditions as conditions,
  kubeSecurityFindingsReadPermission,
} from '@kube-security/plugin-kube-security-common';
import request from 'supertest';
import { startDemo } from '../__testUtils__/startDemo';
import {
  HIDDEN_FROM_OUTSIDER,
  catalogWithVisibility,
  permissionsWithReadPolicy,
} from '../__testUtils__/visibility';

const API = '/api/kube-security';
const MOCK = 'user:default/mock';
const OUTSIDER = 'user:default/outsider';
const DANA = 'user:default/dana';
const DENIED = 'user:default/denied';

/** The read policy per user; everyone else is allowed. */
const READ_POLICY: Record<string, PolicyDecision> = {
  [DANA]: createKubeSecurityFindingConditionalDecision(
    kubeSecurityFindingsReadPermission,
    conditions.isOwner({ claims: [DANA, 'group:default/data'] }),
  ),
  [DENIED]: { result: AuthorizeResult.DENY },
};

type Finding = {
  id: string;
  severity: string;
  entityRef?: string;
  riskAccepted: boolean;
  internetExposed: boolean;
  itemId: string;
};

describe('actions for AI assistants, through the actions registry', () => {
  let server: Awaited<ReturnType<typeof startDemo>>['server'];
  beforeAll(async () => {
    const catalog = catalogWithVisibility();
    const permissions = permissionsWithReadPolicy(READ_POLICY);
    ({ server } = await startDemo([permissions.factory], catalog.factory));
  }, 60_000);

  /** Invokes an action of the plugin the way the MCP server does, as `user`. */
  const invoke = (name: string, input: object, user = MOCK) =>
    request(server)
      .post(`${API}/.backstage/actions/v1/actions/kube-security:${name}/invoke`)
      .set('Authorization', mockCredentials.user.header(user))
      .send(input);

  const get = (path: string, user = MOCK) =>
    request(server)
      .get(`${API}${path}`)
      .set('Authorization', mockCredentials.user.header(user));

  it('lists four read-only actions with their input schemas', async () => {
    const res = await get('/.backstage/actions/v1/actions');
    expect(res.status).toBe(200);
    const actions: Array<{
      id: string;
      attributes: { readOnly: boolean; destructive: boolean };
      schema: { input: { properties: Record<string, unknown> } };
      description: string;
    }> = res.body.actions;
    expect(actions.map(a => a.id).sort()).toEqual([
      'kube-security:get-entity-security-plan',
      'kube-security:get-team-security-scorecard',
      'kube-security:list-expiring-exceptions',
      'kube-security:list-open-findings',
    ]);
    for (const action of actions) {
      expect(action.attributes).toMatchObject({
        readOnly: true,
        destructive: false,
      });
      expect(action.description.length).toBeGreaterThan(100);
    }
    const findings = actions.find(
      a => a.id === 'kube-security:list-open-findings',
    )!;
    expect(Object.keys(findings.schema.input.properties)).toEqual(
      expect.arrayContaining(['entityRef', 'team', 'severity', 'limit']),
    );
  });

  describe('get-entity-security-plan', () => {
    it("answers the entity's open items, worst first, as the REST plan has them", async () => {
      const rest: EntityPlanResponse = (
        await get('/entities/component/default/payments-api/plan')
      ).body;
      const res = await invoke('get-entity-security-plan', {
        entityRef: 'component:payments-api',
        findingsPerItem: 2,
      });
      expect(res.status).toBe(200);
      const out = res.body.output;
      expect(out.entityRef).toBe('component:default/payments-api');
      expect(out.score.value).toBe(rest.plan.score.value);
      const open = rest.plan.items.filter(i =>
        ['fail', 'partial', 'unknown'].includes(i.status),
      );
      expect(open.length).toBeGreaterThan(0);
      expect(out.openItems).toBe(open.length);
      expect(out.items.map((i: { itemId: string }) => i.itemId)).toEqual(
        open.map(i => i.itemId),
      );
      for (const item of out.items) {
        expect(item.findings.length).toBeLessThanOrEqual(2);
        expect(item.remediation.provider).toBe(rest.provider);
        expect(item.remediation.steps.length).toBeGreaterThan(0);
      }
      const withPassing = await invoke('get-entity-security-plan', {
        entityRef: 'component:default/payments-api',
        includePassing: true,
      });
      expect(withPassing.body.output.items).toHaveLength(
        rest.plan.items.length,
      );
    });

    it('answers only about entities the caller may see', async () => {
      // The catalog hides it from the outsider: not found, as an entity that does not exist.
      const hidden = await invoke(
        'get-entity-security-plan',
        { entityRef: 'component:default/storefront-web' },
        OUTSIDER,
      );
      expect(hidden.status).toBe(404);
      expect(
        (
          await invoke(
            'get-entity-security-plan',
            { entityRef: 'component:default/payments-api' },
            OUTSIDER,
          )
        ).status,
      ).toBe(200);
      // The read policy lets Dana read her team's entities only.
      const notHers = await invoke(
        'get-entity-security-plan',
        { entityRef: 'component:default/payments-api' },
        DANA,
      );
      expect(notHers.status).toBe(403);
      expect(notHers.body.error.message).toContain(
        'kube-security.findings.read',
      );
      expect(
        (
          await invoke(
            'get-entity-security-plan',
            { entityRef: 'component:default/recommendations' },
            DANA,
          )
        ).status,
      ).toBe(200);
    });

    it('rejects bad input with a message saying what is wrong', async () => {
      const noKind = await invoke('get-entity-security-plan', {
        entityRef: 'payments-api',
      });
      expect(noKind.status).toBe(400);
      expect(noKind.body.error.message).toContain('Invalid entityRef');
      const tooMany = await invoke('get-entity-security-plan', {
        entityRef: 'component:default/payments-api',
        findingsPerItem: 500,
      });
      expect(tooMany.status).toBe(400);
    });
  });

  describe('get-team-security-scorecard', () => {
    it('rolls up only what the caller may see', async () => {
      const full = (
        await invoke('get-team-security-scorecard', { team: 'commerce' })
      ).body.output;
      expect(full.team.entityRef).toBe('group:default/commerce');
      expect(full.entitiesTotal).toBe(4);
      const res = await invoke(
        'get-team-security-scorecard',
        { team: 'group:default/commerce' },
        OUTSIDER,
      );
      expect(res.status).toBe(200);
      const out = res.body.output;
      expect(out.children.map((c: { name: string }) => c.name)).toEqual([
        'payments',
      ]);
      expect(
        out.entities.map((e: { entityRef: string }) => e.entityRef),
      ).toEqual(['component:default/payments-api']);
      expect(out.entitiesTotal).toBe(1);
      const text = JSON.stringify(out);
      for (const ref of HIDDEN_FROM_OUTSIDER) expect(text).not.toContain(ref);
      expect(
        (
          await invoke(
            'get-team-security-scorecard',
            { team: 'storefront' },
            OUTSIDER,
          )
        ).status,
      ).toBe(404);
      const limited = await invoke('get-team-security-scorecard', {
        team: 'commerce',
        entitiesLimit: 2,
      });
      expect(limited.body.output.entities).toHaveLength(2);
      expect(limited.body.output.entitiesTotal).toBe(4);
      const next = await invoke('get-team-security-scorecard', {
        team: 'commerce',
        entitiesLimit: 2,
        entitiesOffset: 2,
      });
      const refs = (out2: { entities: Array<{ entityRef: string }> }) =>
        out2.entities.map(e => e.entityRef);
      expect([...refs(limited.body.output), ...refs(next.body.output)]).toEqual(
        refs(full),
      );
      expect(next.body.output.entitiesTotal).toBe(4);
    });

    it('refuses something that is not a team', async () => {
      const res = await invoke('get-team-security-scorecard', {
        team: 'component:default/payments-api',
      });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('a team is a Group');
    });
  });

  describe('list-open-findings', () => {
    const all = async (input: object, user = MOCK) => {
      const res = await invoke(
        'list-open-findings',
        { ...input, limit: 100 },
        user,
      );
      expect(res.status).toBe(200);
      const out = res.body.output;
      const findings: Finding[] = [...out.findings];
      for (let offset = 100; offset < out.total; offset += 100) {
        const next = await invoke(
          'list-open-findings',
          { ...input, limit: 100, offset },
          user,
        );
        findings.push(...next.body.output.findings);
      }
      expect(findings).toHaveLength(out.total);
      return findings;
    };

    it("lists a team's findings without those of entities the caller may not see", async () => {
      const mine = await all({ team: 'group:default/commerce' });
      expect(mine.length).toBeGreaterThan(0);
      expect(mine.some(f => HIDDEN_FROM_OUTSIDER.includes(f.entityRef!))).toBe(
        true,
      );
      const outsiders = await all({ team: 'commerce' }, OUTSIDER);
      expect(outsiders.map(f => f.id)).toEqual(
        mine
          .filter(f => !HIDDEN_FROM_OUTSIDER.includes(f.entityRef!))
          .map(f => f.id),
      );
      expect(outsiders.length).toBeGreaterThan(0);
      // A hidden entity lists nothing, as one that does not exist.
      const hidden = await invoke(
        'list-open-findings',
        { entityRef: 'component:default/storefront-web' },
        OUTSIDER,
      );
      expect(hidden.body.output).toMatchObject({ findings: [], total: 0 });
      expect(
        (
          await invoke('list-open-findings', {
            entityRef: 'component:default/storefront-web',
          })
        ).body.output.total,
      ).toBeGreaterThan(0);
    });

    it('applies the policy: Dana sees her team only, no unowned findings', async () => {
      const everything = await all({}, DANA);
      expect(everything.length).toBeGreaterThan(0);
      expect([...new Set(everything.map(f => f.entityRef))].sort()).toEqual([
        'component:default/recommendations',
        'component:default/reporting-jobs',
      ]);
      expect(
        (await invoke('list-open-findings', { team: 'commerce' }, DANA)).status,
      ).toBe(404);
    });

    it('filters by severity and item, most severe first, and pages', async () => {
      const every = await all({});
      expect(every.some(f => f.entityRef === undefined)).toBe(true);
      const ranks = every.map(f => SEVERITY_RANK[f.severity as 'high']);
      expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
      const severe = await all({ severity: ['critical', 'high'] });
      expect(severe.map(f => f.id)).toEqual(
        every
          .filter(f => ['critical', 'high'].includes(f.severity))
          .map(f => f.id),
      );
      const one = await all({ severity: 'medium' });
      expect(one.length).toBeGreaterThan(0);
      expect(one.every(f => f.severity === 'medium')).toBe(true);
      const item = every[0].itemId;
      expect((await all({ itemId: item })).map(f => f.id)).toEqual(
        every.filter(f => f.itemId === item).map(f => f.id),
      );
      const page = await invoke('list-open-findings', { limit: 3, offset: 2 });
      expect(page.body.output.findings.map((f: Finding) => f.id)).toEqual(
        every.slice(2, 5).map(f => f.id),
      );
      expect(page.body.output.total).toBe(every.length);
      const bad = await invoke('list-open-findings', {
        entityRef: 'component:default/payments-api',
        team: 'commerce',
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain('not both');
      expect((await invoke('list-open-findings', { limit: 1000 })).status).toBe(
        400,
      );
      expect(
        (await invoke('list-open-findings', { severity: 'urgent' })).status,
      ).toBe(400);
    });

    it('leaves accepted risks out unless asked for', async () => {
      const open = await all({});
      const withAccepted = await all({ includeAccepted: true });
      const accepted = withAccepted.filter(f => f.riskAccepted);
      expect(accepted.length).toBeGreaterThan(0);
      expect(open.every(f => !f.riskAccepted)).toBe(true);
      expect(withAccepted.length).toBe(open.length + accepted.length);
    });
  });

  describe('list-expiring-exceptions', () => {
    it('lists the active exceptions that expire in the window, as far as the caller may see', async () => {
      const rest: ExceptionsResponse = (await get('/exceptions?limit=500'))
        .body;
      expect(rest.total).toBeGreaterThan(0);
      const wide = await invoke('list-expiring-exceptions', {
        withinDays: 3650,
        limit: 100,
      });
      expect(wide.status).toBe(200);
      expect(
        wide.body.output.exceptions.map((e: { id: number }) => e.id),
      ).toEqual(rest.exceptions.map(e => e.id));
      const soonest = rest.exceptions[0];
      const days = Math.ceil(
        (new Date(soonest.expiresAt).getTime() - Date.now()) /
          (24 * 3600 * 1000),
      );
      const narrow = (
        await invoke('list-expiring-exceptions', { withinDays: days })
      ).body.output;
      expect(narrow.exceptions[0]).toMatchObject({
        id: soonest.id,
        itemTitle: expect.any(String),
      });
      expect(narrow.total).toBe(
        rest.exceptions.filter(
          e =>
            new Date(e.expiresAt).getTime() <=
            Date.now() + days * 24 * 3600 * 1000,
        ).length,
      );
      const outsiders = (
        await invoke(
          'list-expiring-exceptions',
          { withinDays: 3650, limit: 100 },
          OUTSIDER,
        )
      ).body.output;
      expect(
        outsiders.exceptions.map((e: { entityRef: string }) => e.entityRef),
      ).toEqual(
        rest.exceptions
          .map(e => e.entityRef)
          .filter(ref => !HIDDEN_FROM_OUTSIDER.includes(ref)),
      );
      const one = (
        await invoke('list-expiring-exceptions', {
          withinDays: 3650,
          entityRef: soonest.entityRef,
        })
      ).body.output;
      expect(
        one.exceptions.every(
          (e: { entityRef: string }) => e.entityRef === soonest.entityRef,
        ),
      ).toBe(true);
      expect(one.total).toBeGreaterThan(0);
    });
  });

  it('refuses every action when the read policy denies it', async () => {
    const inputs: Array<[string, object]> = [
      [
        'get-entity-security-plan',
        { entityRef: 'component:default/payments-api' },
      ],
      ['get-team-security-scorecard', { team: 'commerce' }],
      ['list-open-findings', {}],
      ['list-expiring-exceptions', {}],
    ];
    for (const [name, input] of inputs) {
      const res = await invoke(name, input, DENIED);
      expect({ name, status: res.status }).toEqual({ name, status: 403 });
      expect(res.body.error.message).toContain('kube-security.findings.read');
    }
  });
});
