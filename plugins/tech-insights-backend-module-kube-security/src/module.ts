import { techInsightsFactRetrieversExtensionPoint } from '@backstage-community/plugin-tech-insights-node';
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  KUBE_SECURITY_FACT_RETRIEVER_ID,
  createKubeSecurityFactRetriever,
} from './factRetriever';

/**
 * Adds the Kube Security fact retriever to Tech Insights. The Tech Insights backend runs a
 * retriever only when `techInsights.factRetrievers.kubeSecurityFactRetriever` configures
 * its schedule (a cron `cadence`, an optional `initialDelay`, `lifecycle` and `timeout`).
 *
 * @public
 */
export const techInsightsModuleKubeSecurity = createBackendModule({
  pluginId: 'tech-insights',
  moduleId: 'kube-security',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        retrievers: techInsightsFactRetrieversExtensionPoint,
      },
      async init({ config, logger, retrievers }) {
        retrievers.addFactRetrievers({
          [KUBE_SECURITY_FACT_RETRIEVER_ID]: createKubeSecurityFactRetriever(),
        });
        const key = `techInsights.factRetrievers.${KUBE_SECURITY_FACT_RETRIEVER_ID}`;
        if (!config.has(key)) {
          logger.warn(
            `The Kube Security fact retriever has no schedule, so Tech Insights will not run it: set ${key}.cadence (for example '0 * * * *', every hour) and, say, initialDelay: { minutes: 2 }`,
          );
        }
      },
    });
  },
});
