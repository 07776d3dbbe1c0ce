import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { kubeSecurityCollectorsExtensionPoint } from '@kube-security/plugin-kube-security-node';
import { AwsEksCollector } from './collector/AwsEksCollector';
import { readAwsConfig } from './config';

/**
 * Adds live EKS and AWS account posture to Kube Security for the clusters listed under
 * `kubeSecurity.aws.accounts`. Without that config it adds nothing.
 *
 * @public
 */
export const kubeSecurityModuleAws = createBackendModule({
  pluginId: 'kube-security',
  moduleId: 'aws',
  register(env) {
    env.registerInit({
      deps: {
        collectors: kubeSecurityCollectorsExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        lifecycle: coreServices.lifecycle,
      },
      async init({ collectors, config, logger, lifecycle }) {
        const settings = readAwsConfig(config);
        if (!settings) return;
        const collector = new AwsEksCollector({ config: settings, logger });
        collectors.addCollector(collector);
        lifecycle.addShutdownHook(() => collector.close());
        const clusters = settings.accounts.flatMap(a => a.clusters);
        logger.info(
          `Reading ${clusters.length} EKS cluster(s) in ${
            settings.accounts.length
          } AWS account/region pair(s): ${clusters
            .map(c => c.name)
            .join(', ')}`,
        );
      },
    });
  },
});
