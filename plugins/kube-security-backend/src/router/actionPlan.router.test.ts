import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  ACTION_ITEMS,
  CATEGORY_TITLES,
} from '@kube-security/plugin-kube-security-common';
import request from 'supertest';
import { kubeSecurityPlugin } from '../plugin';
import { extractText, squash } from '../pdf/__testUtils__/fixtures';

const user = mockCredentials.user.header();
const PATH = '/api/kube-security/action-plan.pdf';

/** The plugin with no cluster and no snapshot configured: nothing was ever scanned. */
function startWithoutClusters(extra: any[] = []) {
  return startTestBackend({
    features: [
      kubeSecurityPlugin,
      catalogServiceMock.factory({ entities: [] }),
      mockServices.rootConfig.factory({ data: { kubeSecurity: {} } }),
      ...extra,
    ],
  });
}

/** supertest buffers application/pdf bodies only when told how. */
function binary(
  res: any,
  callback: (error: Error | null, body: Buffer) => void,
) {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

describe('GET /action-plan.pdf', () => {
  let server: Awaited<ReturnType<typeof startWithoutClusters>>['server'];
  beforeAll(async () => {
    ({ server } = await startWithoutClusters());
  }, 60_000);

  it('prints the plan for the provider with no cluster configured, ticked items last', async () => {
    const clusters = await request(server)
      .get('/api/kube-security/clusters')
      .set('Authorization', user);
    expect(clusters.body.clusters).toEqual([]);

    const res = await request(server)
      .get(`${PATH}?provider=aks&done=cloud-mfa-enforced`)
      .set('Authorization', user)
      .buffer(true)
      .parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/pdf/);
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="kubernetes-security-action-plan-aks.pdf"',
    );
    const flat = squash((await extractText(res.body)).text);
    expect(flat).toContain(squash('action plan for Azure AKS'));
    expect(flat).toContain(
      squash(`${CATEGORY_TITLES.cloud} (4 items, 3 open)`),
    );
    for (const item of ACTION_ITEMS) {
      expect(flat).toContain(squash(`${item.order}. ${item.title}`));
    }
    expect(flat.indexOf(squash('2. Require multi-factor'))).toBeGreaterThan(
      flat.indexOf(squash('4. Record cloud audit logs')),
    );
  }, 60_000);

  it('accepts the done items as a repeated parameter too, and none at all', async () => {
    for (const query of [
      'provider=gke&done=cloud-mfa-enforced&done=image-pipeline-checks',
      'provider=eks',
      'provider=eks&done=',
    ]) {
      const res = await request(server)
        .get(`${PATH}?${query}`)
        .set('Authorization', user);
      expect({ query, status: res.status }).toEqual({ query, status: 200 });
    }
  }, 60_000);

  it('answers 400 naming what is wrong', async () => {
    const cases: Array<[string, RegExp]> = [
      ['', /provider: must be one of eks, gke, aks/],
      ['provider=openshift', /provider: must be one of eks, gke, aks/],
      [
        'provider=aks&done=cloud-mfa-enforced,not-an-item',
        /done: unknown action item 'not-an-item'/,
      ],
      ['provider=aks&colour=blue', /Unrecognized key\(s\) in object: 'colour'/],
    ];
    for (const [query, message] of cases) {
      const res = await request(server)
        .get(`${PATH}?${query}`)
        .set('Authorization', user);
      expect({ query, status: res.status }).toEqual({ query, status: 400 });
      expect(res.body.error.message).toMatch(message);
    }
  });

  it('answers 401 without credentials', async () => {
    const res = await request(server)
      .get(`${PATH}?provider=aks`)
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });
});

describe('GET /action-plan.pdf permissions', () => {
  it('answers 403 when the policy denies reading', async () => {
    const { server } = await startWithoutClusters([
      mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
    ]);
    const res = await request(server)
      .get(`${PATH}?provider=aks`)
      .set('Authorization', user);
    expect(res.status).toBe(403);
  }, 60_000);
});
