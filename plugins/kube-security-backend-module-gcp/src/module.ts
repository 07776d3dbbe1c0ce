import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { kubeSecurityCollectorsExtensionPoint } from '@kube-security/plugin-kube-security-node';
import { readGcpConfig } from './config';
import { GkeCollector } from './collector/GkeCollector';

/**
 * Adds live GKE posture to Kube Security: for each cluster configured under
 * `kubeSecurity.gcp`, the cluster and its node pools plus the project's IAM policy, read
 * with Application Default Credentials.
 *
 * @public
 */
export const kubeSecurityModuleGcp = createBackendModule({
  pluginId: 'kube-security',
  moduleId: 'gcp',
  register(env) {
    env.registerInit({
      deps: {
        collectors: kubeSecurityCollectorsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        lifecycle: coreServices.lifecycle,
      },
      async init({ collectors, config, logger, lifecycle }) {
        const projects = readGcpConfig(config);
        if (!projects.length) return;
        const collector = new GkeCollector(projects, { logger });
        collectors.addCollector(collector);
        lifecycle.addShutdownHook(() => collector.close());
        const clusters = projects.flatMap(p => p.clusters.map(c => c.name));
        logger.info(
          `Kube Security reads ${clusters.length} GKE cluster(s) from ${
            projects.length
          } Google Cloud project(s): ${clusters.join(', ')}`,
        );
      },
    });
  },
});
