import { mockCredentials } from '@backstage/backend-test-utils';
import { PolicyDecision } from '@backstage/plugin-permission-common';
import {
  ExceptionsResponse,
  OpenFindingsResponse,
  OverviewResponse,
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
const DAY = 24 * 3600 * 1000;

const READ_POLICY: Record<string, PolicyDecision> = {
  'user:default/gina': createKubeSecurityFindingConditionalDecision(
    kubeSecurityFindingsReadPermission,
    {
      allOf: [
        conditions.inCluster({ clusters: ['gke-analytics'] }),
        conditions.hasSeverity({ severities: ['critical', 'high'] }),
      ],
    },
  ),
};

describe('GET /overview and GET /findings', () => {
  let server: Awaited<ReturnType<typeof startDemo>>['server'];
  beforeAll(async () => {
    const catalog = catalogWithVisibility();
    const permissions = permissionsWithReadPolicy(READ_POLICY);
    ({ server } = await startDemo([permissions.factory], catalog.factory));
  }, 60_000);

  const get = (path: string, user = 'user:default/mock') =>
    request(server)
      .get(`${API}${path}`)
      .set('Authorization', mockCredentials.user.header(user));

  /** Every page of one headline list. */
  async function list(filter: string, user?: string) {
    const body: OpenFindingsResponse = (
      await get(`/findings?filter=${filter}&limit=500`, user)
    ).body;
    return body;
  }

  it('answers 401 without credentials and 400 on an unknown list', async () => {
    for (const path of ['/overview', '/findings?filter=critical-high']) {
      const res = await request(server)
        .get(`${API}${path}`)
        .set('Authorization', mockCredentials.none.header());
      expect({ path, status: res.status }).toEqual({ path, status: 401 });
    }
    const bad = await get('/findings?filter=everything');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(
      /filter.*must be one of critical-high, internet-exposed/,
    );
    expect((await get('/findings')).status).toBe(400);
  });

  it('counts what each headline link lists', async () => {
    const res = await get('/overview');
    expect(res.status).toBe(200);
    const { headline }: OverviewResponse = res.body;

    const severe = await list('critical-high');
    expect(severe.total).toBe(headline.critical + headline.high);
    expect(severe.findings).toHaveLength(severe.total);
    expect(severe.findings.filter(f => f.severity === 'critical')).toHaveLength(
      headline.critical,
    );
    expect(severe.findings.every(f => !f.accepted && f.status !== 'pass')).toBe(
      true,
    );
    // Most severe first, each with its owner's title when it has one.
    expect(severe.findings[0].severity).toBe('critical');
    const owned = severe.findings.find(
      f => f.entityRef === 'resource:default/eks-prod-eu',
    );
    expect(owned?.entityTitle).toBe('EKS prod (eu-west-1)');

    const exposed = await list('internet-exposed');
    expect(exposed.total).toBe(headline.internetExposed);
    expect(exposed.findings.every(f => f.exposure?.internet)).toBe(true);

    // The unowned list the headline links to: the example's debug pod is critical.
    const unowned: UnownedResponse = (await get('/unowned?limit=500')).body;
    expect(headline.unowned).toBe(
      unowned.findings.filter(f => f.status !== 'pass').length,
    );
    expect(headline.unownedCritical).toBe(
      unowned.findings.filter(f => f.severity === 'critical').length,
    );
    expect(headline.unownedCritical).toBeGreaterThan(0);
    // Most severe first: medium before low, not in alphabetical order.
    const rank = ['critical', 'high', 'medium', 'low'];
    const ranks = unowned.findings.map(f => rank.indexOf(f.severity));
    expect(new Set(ranks).size).toBeGreaterThan(2);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));

    const exceptions: ExceptionsResponse = (await get('/exceptions?limit=500'))
      .body;
    const until = Date.now() + headline.expiringWithinDays * DAY;
    expect(headline.expiringExceptions).toBe(
      exceptions.exceptions.filter(e => Date.parse(e.expiresAt) <= until)
        .length,
    );
  });

  it('counts and lists only what the caller may see', async () => {
    const all = (await get('/overview')).body.headline;
    const outsider = 'user:default/outsider';
    const mine: OverviewResponse = (await get('/overview', outsider)).body;
    const severe = await list('critical-high', outsider);
    expect(severe.total).toBe(mine.headline.critical + mine.headline.high);
    expect(
      severe.findings.filter(f => HIDDEN_FROM_OUTSIDER.includes(f.entityRef!)),
    ).toEqual([]);
    expect(mine.headline.critical + mine.headline.high).toBeLessThan(
      all.critical + all.high,
    );

    // Gina reads only critical and high findings of gke-analytics.
    const gina: OverviewResponse = (await get('/overview', 'user:default/gina'))
      .body;
    const hers = await list('internet-exposed', 'user:default/gina');
    expect(hers.total).toBe(gina.headline.internetExposed);
    expect(
      hers.findings.every(
        f =>
          f.resource.cluster === 'gke-analytics' &&
          ['critical', 'high'].includes(f.severity),
      ),
    ).toBe(true);
    const allSevere = await list('critical-high');
    expect(gina.headline.critical + gina.headline.high).toBe(
      allSevere.findings.filter(f => f.resource.cluster === 'gke-analytics')
        .length,
    );
  });
});
