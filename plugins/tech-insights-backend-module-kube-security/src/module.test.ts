import techInsightsJsonRulesEngine from '@backstage-community/plugin-tech-insights-backend-module-jsonfc';
import techInsightsPlugin from '@backstage-community/plugin-tech-insights-backend';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// The real Kube Security backend serves the facts in this test (a test-only dependency).
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import kubeSecurityPlugin from '@kube-security/plugin-kube-security-backend';
import type { EntityFactsResponse } from '@kube-security/plugin-kube-security-common';
import { readFileSync } from 'fs';
import { resolve } from 'path';
import request from 'supertest';
import { parse, parseAllDocuments } from 'yaml';
import { KUBE_SECURITY_FACT_RETRIEVER_ID, toFactValues } from './factRetriever';
import { techInsightsModuleKubeSecurity } from './module';

const ROOT = resolve(__dirname, '../../..');
const EXAMPLES = resolve(ROOT, 'examples');

/** The example organization as the catalog serves it, with the relations it computes. */
function exampleCatalog(): Entity[] {
  const entities = ['org', 'systems', 'components', 'clusters'].flatMap(file =>
    parseAllDocuments(readFileSync(resolve(EXAMPLES, `${file}.yaml`), 'utf8'))
      .map(doc => doc.toJS() as Entity)
      .filter(Boolean),
  );
  const group = (name: string) =>
    stringifyEntityRef({ kind: 'group', namespace: 'default', name });
  return entities.map(entity => {
    const spec = (entity.spec ?? {}) as {
      owner?: string;
      parent?: string;
      children?: string[];
    };
    return {
      ...entity,
      metadata: { namespace: 'default', ...entity.metadata },
      relations: [
        ...(spec.owner
          ? [{ type: 'ownedBy', targetRef: group(spec.owner) }]
          : []),
        ...(entity.kind === 'Group' && spec.parent
          ? [{ type: 'childOf', targetRef: group(spec.parent) }]
          : []),
        ...(entity.kind === 'Group'
          ? (spec.children ?? []).map(c => ({
              type: 'parentOf',
              targetRef: group(c),
            }))
          : []),
      ],
    };
  });
}

/** The demo's Tech Insights configuration: the schedule and the example checks. */
const demoTechInsights = parse(
  readFileSync(resolve(ROOT, 'app-config.yaml'), 'utf8'),
).techInsights;

const CHECKS = {
  critical: 'kubeSecurityNoCriticalFindings',
  grade: 'kubeSecurityGradeBOrBetter',
  expired: 'kubeSecurityNoExpiredExceptions',
};

async function startBackend(extra: any[] = []) {
  const scheduler = mockServices.scheduler() as ReturnType<
    typeof mockServices.scheduler
  > & { factory: typeof mockServices.scheduler.factory };
  const { server } = await startTestBackend({
    features: [
      techInsightsPlugin,
      techInsightsJsonRulesEngine,
      techInsightsModuleKubeSecurity,
      kubeSecurityPlugin,
      catalogServiceMock.factory({ entities: exampleCatalog() }),
      mockServices.rootConfig.factory({
        data: {
          kubeSecurity: {
            snapshots: ['eks-prod-eu', 'gke-analytics', 'aks-shared'].map(
              name => ({
                name,
                provider: name.slice(0, 3),
                directory: resolve(EXAMPLES, 'clusters', name),
              }),
            ),
          },
          techInsights: demoTechInsights,
        },
      }),
      // The start-up scans run before the test goes on.
      scheduler.factory({ includeInitialDelayedTasksOnStartup: true }),
      ...extra,
    ],
  });
  return { server, scheduler };
}

describe('the Kube Security fact retriever in Tech Insights', () => {
  it('stores each entity’s facts from the Kube Security backend, and the example checks pass or fail on them', async () => {
    const { server, scheduler } = await startBackend();
    // The retriever's start-up run may have raced the scans: run it on their results.
    await scheduler.triggerTask(KUBE_SECURITY_FACT_RETRIEVER_ID);

    const source = await request(server)
      .get('/api/kube-security/entity-facts')
      .set('Authorization', mockCredentials.user.header());
    expect(source.status).toBe(200);
    const { entities } = source.body as EntityFactsResponse;
    const byRef = new Map(entities.map(e => [e.entityRef, e]));
    expect(entities.length).toBeGreaterThan(5);

    // What Tech Insights stored for each entity is what Kube Security serves.
    for (const ref of [
      'component:default/cart-service',
      'component:default/payments-api',
      'resource:default/eks-prod-eu',
      'group:default/storefront',
    ]) {
      const stored = await request(server)
        .get('/api/tech-insights/facts/latest')
        .query({ entity: ref, ids: [KUBE_SECURITY_FACT_RETRIEVER_ID] })
        .set('Authorization', mockCredentials.user.header());
      expect(stored.status).toBe(200);
      expect(stored.body[KUBE_SECURITY_FACT_RETRIEVER_ID].facts).toEqual(
        toFactValues(byRef.get(ref)!),
      );
    }

    const run = async (kind: string, name: string) => {
      const res = await request(server)
        .post(`/api/tech-insights/checks/run/default/${kind}/${name}`)
        .set('Authorization', mockCredentials.user.header())
        .send({});
      expect(res.status).toBe(200);
      return Object.fromEntries(
        (res.body as Array<{ check: { id: string }; result: boolean }>).map(
          r => [r.check.id, r.result],
        ),
      );
    };

    // cart-service runs a privileged container (critical) and is graded F.
    const cart = byRef.get('component:default/cart-service')!;
    expect(cart.openFindings.critical).toBeGreaterThan(0);
    expect(cart.grade).toBe('F');
    expect(await run('component', 'cart-service')).toEqual({
      [CHECKS.critical]: false,
      [CHECKS.grade]: false,
      [CHECKS.expired]: true,
    });

    // payments-api has no critical finding and a B.
    const payments = byRef.get('component:default/payments-api')!;
    expect(payments.openFindings.critical).toBe(0);
    expect(payments.grade).toBe('B');
    expect(await run('component', 'payments-api')).toEqual({
      [CHECKS.critical]: true,
      [CHECKS.grade]: true,
      [CHECKS.expired]: true,
    });

    // A team: storefront answers for cart-service's critical finding.
    expect(await run('group', 'storefront')).toMatchObject({
      [CHECKS.critical]: false,
    });

    // An entity Kube Security knows nothing about gets no verdict at all.
    expect(await run('component', 'not-in-any-cluster')).toEqual({});
  }, 120_000);

  it('stores nothing, and gives no verdict, when the Kube Security policy refuses the retriever', async () => {
    // Reading findings is refused (Kube Security asks authorizeConditional); Tech
    // Insights' own permissions are allowed.
    const permissions = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(() => ({ result: AuthorizeResult.ALLOW })),
      authorizeConditional: async requests =>
        requests.map(() => ({ result: AuthorizeResult.DENY })),
    });
    const { server, scheduler } = await startBackend([permissions.factory]);
    await scheduler.triggerTask(KUBE_SECURITY_FACT_RETRIEVER_ID);

    const stored = await request(server)
      .get('/api/tech-insights/facts/latest')
      .query({
        entity: 'component:default/cart-service',
        ids: [KUBE_SECURITY_FACT_RETRIEVER_ID],
      })
      .set('Authorization', mockCredentials.user.header());
    expect(stored.status).toBe(200);
    expect(stored.body).toEqual({});
    const run = await request(server)
      .post('/api/tech-insights/checks/run/default/component/cart-service')
      .set('Authorization', mockCredentials.user.header())
      .send({});
    expect(run.status).toBe(200);
    expect(run.body).toEqual([]);
  }, 120_000);
});
