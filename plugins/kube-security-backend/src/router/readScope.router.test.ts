import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  AuditResponse,
  ExceptionsResponse,
  TeamScorecardResponse,
  TeamsResponse,
  UnownedResponse,
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
const header = (ref: string) => mockCredentials.user.header(ref);

/** The read policy per user; everyone else is allowed. */
const READ_POLICY: Record<string, PolicyDecision> = {
  'user:default/dana': createKubeSecurityFindingConditionalDecision(
    kubeSecurityFindingsReadPermission,
    conditions.isOwner({ claims: ['user:default/dana', 'group:default/data'] }),
  ),
  'user:default/gina': createKubeSecurityFindingConditionalDecision(
    kubeSecurityFindingsReadPermission,
    {
      allOf: [
        conditions.inCluster({ clusters: ['gke-analytics'] }),
        conditions.hasSeverity({ severities: ['critical', 'high'] }),
      ],
    },
  ),
  'user:default/cat': {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'catalog',
    resourceType: 'catalog-entity',
    conditions: {
      rule: 'IS_ENTITY_OWNER',
      resourceType: 'catalog-entity',
      params: { claims: ['group:default/data'] },
    },
  },
};

/** The cells of one CSV line (RFC 4180 quoting). */
function cells(line: string): string[] {
  const out: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cell);
      cell = '';
    } else cell += c;
  }
  out.push(cell);
  return out;
}

function csvRows(text: string) {
  const [headerLine, ...lines] = text.trim().split('\n');
  const columns = cells(headerLine);
  const at = (name: string) => columns.indexOf(name);
  return lines.map(l => {
    const row = cells(l);
    return {
      entity: row[at('entity')],
      cluster: row[at('cluster')],
      severity: row[at('severity')],
      l,
    };
  });
}

describe('reads filtered by what the caller may see', () => {
  let server: Awaited<ReturnType<typeof startDemo>>['server'];
  let catalog: ReturnType<typeof catalogWithVisibility>;
  beforeAll(async () => {
    catalog = catalogWithVisibility();
    const permissions = permissionsWithReadPolicy(READ_POLICY);
    ({ server } = await startDemo([permissions.factory], catalog.factory));
  }, 60_000);

  const get = (path: string, user: string) =>
    request(server).get(`${API}${path}`).set('Authorization', header(user));

  describe('what the catalog hides', () => {
    const who = 'user:default/outsider';

    it('leaves hidden teams out of /teams and asks the catalog as the caller', async () => {
      const all: TeamsResponse = (
        await get('/teams?limit=50', 'user:default/mock')
      ).body;
      expect(all.teams.map(t => t.entityRef)).toContain(
        'group:default/storefront',
      );
      catalog.asked.length = 0;
      const res = await get('/teams?limit=50&sort=name', who);
      expect(res.status).toBe(200);
      const body: TeamsResponse = res.body;
      expect(body.teams.map(t => t.name)).toEqual(
        all.teams
          .map(t => t.name)
          .filter(n => n !== 'storefront')
          .sort(),
      );
      expect(body.total).toBe(all.total - 1);
      expect(catalog.asked).toContain(who);
      // Paging counts only what the caller sees.
      const page: TeamsResponse = (
        await get('/teams?limit=2&offset=4&sort=name', who)
      ).body;
      expect(page.teams.map(t => t.name)).toEqual(
        body.teams.slice(4, 6).map(t => t.name),
      );
      expect(page.total).toBe(body.total);
    });

    it('names no hidden entity or team in a scorecard or its PDF, and hides hidden teams', async () => {
      const res = await get('/teams/default/commerce/scorecard', who);
      expect(res.status).toBe(200);
      const body: TeamScorecardResponse = res.body;
      expect(body.children.map(c => c.name)).toEqual(['payments']);
      expect(body.entities.map(e => e.entityRef)).toEqual([
        'component:default/payments-api',
      ]);
      expect(
        body.topActions.every(
          a => a.entityRef === 'component:default/payments-api',
        ),
      ).toBe(true);
      const text = JSON.stringify(body);
      for (const ref of HIDDEN_FROM_OUTSIDER) expect(text).not.toContain(ref);
      expect(
        (await get('/teams/default/storefront/scorecard', who)).status,
      ).toBe(404);
      expect(
        (await get('/teams/default/storefront/plan.pdf', who)).status,
      ).toBe(404);
      const full: TeamScorecardResponse = (
        await get('/teams/default/commerce/scorecard', 'user:default/mock')
      ).body;
      expect(full.entities).toHaveLength(4);
      // Paging counts only what the caller sees.
      expect(body.entitiesPage.total).toBe(1);
      expect(body.topActionsPage.total).toBe(body.topActions.length);
      expect(full.entitiesPage.total).toBe(4);
    });

    it('leaves hidden entities out of /exceptions, /audit and /export.csv', async () => {
      const mine: ExceptionsResponse = (
        await get('/exceptions', 'user:default/mock')
      ).body;
      expect(mine.exceptions.map(e => e.entityRef)).toContain(
        'component:default/storefront-web',
      );
      const exceptions: ExceptionsResponse = (await get('/exceptions', who))
        .body;
      expect(
        exceptions.exceptions.filter(e =>
          HIDDEN_FROM_OUTSIDER.includes(e.entityRef),
        ),
      ).toEqual([]);
      expect(exceptions.total).toBe(
        mine.exceptions.filter(e => !HIDDEN_FROM_OUTSIDER.includes(e.entityRef))
          .length,
      );
      const audit: AuditResponse = (await get('/audit', who)).body;
      expect(
        audit.events.filter(e => HIDDEN_FROM_OUTSIDER.includes(e.entityRef)),
      ).toEqual([]);
      expect(
        (await get('/audit', 'user:default/mock')).body.events.length,
      ).toBeGreaterThan(audit.events.length);
      const csv = await get('/export.csv', who);
      expect(csv.status).toBe(200);
      for (const ref of HIDDEN_FROM_OUTSIDER)
        expect(csv.text).not.toContain(ref);
      expect(csv.text).toContain('component:default/payments-api');
      expect(csv.text).toContain('(unowned)');
    });
  });

  describe("the plugin's own conditional rules", () => {
    it('isOwner: only the entities and teams the caller owns, no unowned findings', async () => {
      const who = 'user:default/dana';
      const teams: TeamsResponse = (await get('/teams', who)).body;
      expect(teams.teams.map(t => t.entityRef)).toEqual(['group:default/data']);
      expect(teams.total).toBe(1);
      const rows = csvRows((await get('/export.csv', who)).text);
      expect(rows.length).toBeGreaterThan(0);
      expect([...new Set(rows.map(r => r.entity))].sort()).toEqual([
        'component:default/recommendations',
        'component:default/reporting-jobs',
      ]);
      const unowned: UnownedResponse = (await get('/unowned', who)).body;
      expect(unowned.total).toBe(0);
      expect((await get('/teams/default/commerce/scorecard', who)).status).toBe(
        404,
      );
      expect((await get('/teams/default/data/scorecard', who)).status).toBe(
        200,
      );
      expect(
        (await get('/entities/component/default/payments-api/plan', who))
          .status,
      ).toBe(403);
      expect(
        (await get('/entities/component/default/recommendations/plan', who))
          .status,
      ).toBe(200);
      const exceptions: ExceptionsResponse = (await get('/exceptions', who))
        .body;
      expect(exceptions.total).toBe(0);
      expect((await get('/audit', who)).body.events).toEqual([]);
    });

    it('inCluster and hasSeverity: only those findings, in every list', async () => {
      const who = 'user:default/gina';
      const rows = csvRows((await get('/export.csv', who)).text);
      const all = csvRows((await get('/export.csv', 'user:default/mock')).text);
      const expected = all.filter(
        r =>
          r.cluster === 'gke-analytics' &&
          ['critical', 'high'].includes(r.severity),
      );
      expect(expected.length).toBeGreaterThan(0);
      expect(rows.map(r => r.l)).toEqual(expected.map(r => r.l));
      const allUnowned: UnownedResponse = (
        await get('/unowned?limit=500', 'user:default/mock')
      ).body;
      const unowned: UnownedResponse = (await get('/unowned?limit=500', who))
        .body;
      expect(unowned.findings.map(f => f.id)).toEqual(
        allUnowned.findings
          .filter(
            f =>
              f.resource.cluster === 'gke-analytics' &&
              ['critical', 'high'].includes(f.severity),
          )
          .map(f => f.id),
      );
      expect(unowned.total).toBe(unowned.findings.length);
      // Teams are not findings: a cluster or severity rule shows none of them.
      expect((await get('/teams', who)).body.total).toBe(0);
    });

    it("refuses conditions it cannot resolve (another plugin's rules) with 403", async () => {
      const res = await get('/teams', 'user:default/cat');
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(
        /only the kube-security rules on kube-security-finding apply/,
      );
    });
  });
});
