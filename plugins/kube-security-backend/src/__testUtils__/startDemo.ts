import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { kubeSecurityPlugin } from '../plugin';
import { EXAMPLE_SNAPSHOTS, loadExampleCatalog } from './exampleCatalog';

/**
 * The plugin over the example catalog and clusters, scanned before the test goes on.
 * `catalog` replaces the example catalog's service (say, one that hides entities).
 */
export async function startDemo(extra: any[] = [], catalog?: any) {
  return startTestBackend({
    features: [
      kubeSecurityPlugin,
      catalog ?? catalogServiceMock.factory({ entities: loadExampleCatalog() }),
      mockServices.rootConfig.factory({
        data: { kubeSecurity: { snapshots: EXAMPLE_SNAPSHOTS } },
      }),
      // Run the start-up scans (they have an initial delay) before the test goes on.
      mockServices.scheduler.factory({
        includeInitialDelayedTasksOnStartup: true,
      }),
      ...extra,
    ],
  });
}
