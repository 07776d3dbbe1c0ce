import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { ClustersResponse } from '@kube-security/plugin-kube-security-common';
import request from 'supertest';
import { kubeSecurityPlugin } from './plugin';
import {
  EXAMPLE_SNAPSHOTS,
  loadExampleCatalog,
} from './__testUtils__/exampleCatalog';

/*
 * Issue 13, point 1, in the plugin: a scan scheduled while the catalog cannot be read
 * (and no mapping is stored) waits instead of writing unowned findings, and runs as soon
 * as a catalog read succeeds.
 */
describe('scans while the catalog is unreadable', () => {
  it('are deferred, then run once the catalog answers', async () => {
    let catalogUp = false;
    const catalog = catalogServiceMock.mock({
      getEntities: (async () => {
        if (!catalogUp) throw new Error('catalog answered 503');
        return { items: loadExampleCatalog() };
      }) as any,
    });
    // The mock scheduler instance (typed as a SchedulerService) also makes its factory.
    const scheduler = mockServices.scheduler() as ReturnType<
      typeof mockServices.scheduler
    > & {
      factory: typeof mockServices.scheduler.factory;
    };
    const { server } = await startTestBackend({
      features: [
        kubeSecurityPlugin,
        catalog.factory,
        mockServices.rootConfig.factory({
          data: {
            kubeSecurity: {
              snapshots: EXAMPLE_SNAPSHOTS.filter(
                s => s.name === 'eks-prod-eu',
              ),
            },
          },
        }),
        scheduler.factory({ includeInitialDelayedTasksOnStartup: true }),
      ],
    });
    const clusters = async () => {
      const res = await request(server)
        .get('/api/kube-security/clusters')
        .set('Authorization', mockCredentials.user.header());
      return (res.body as ClustersResponse).clusters;
    };
    // The start-up scan ran while the catalog failed: nothing was scanned or written.
    expect((await clusters()).map(c => [c.name, c.lastScan?.status])).toEqual([
      ['eks-prod-eu', undefined],
    ]);

    catalogUp = true;
    await scheduler.triggerTask('kube-security:catalog-mapping');
    expect((await clusters()).map(c => [c.name, c.lastScan?.status])).toEqual([
      ['eks-prod-eu', 'ok'],
    ]);
    // Mapped with the catalog: the platform team answers for the cluster.
    const teams = await request(server)
      .get('/api/kube-security/teams?q=platform')
      .set('Authorization', mockCredentials.user.header());
    expect(teams.status).toBe(200);
    expect(teams.body.teams[0]).toMatchObject({
      name: 'platform',
      entityCount: 1,
    });
  }, 60_000);
});
