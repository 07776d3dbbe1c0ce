import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { kubeSecurityPermissions } from '@kube-security/plugin-kube-security-common';
import { KubeSecurityStore } from './database/KubeSecurityStore';
import { createRouter } from './service/router';

/**
 * The Kube Security backend plugin: stores findings per cluster and serves action plans,
 * the org overview and team scorecards under /api/kube-security.
 *
 * @public
 */
export const kubeSecurityPlugin = createBackendPlugin({
  pluginId: 'kube-security',
  register(env) {
    env.registerInit({
      deps: {
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
      },
      async init({
        logger,
        database,
        httpRouter,
        httpAuth,
        permissions,
        permissionsRegistry,
      }) {
        permissionsRegistry.addPermissions(kubeSecurityPermissions);
        const store = await KubeSecurityStore.create(database);
        httpRouter.use(
          await createRouter({ httpAuth, permissions, logger, store }),
        );
      },
    });
  },
});
