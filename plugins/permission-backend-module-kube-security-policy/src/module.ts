import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { readKubeSecurityPolicyConfig } from './config';
import { KubeSecurityPermissionPolicy } from './policy';

/**
 * Installs the example Kube Security permission policy in the permission backend, in place
 * of another policy module such as the allow-all one (the permission backend takes exactly
 * one policy).
 *
 * @public
 */
export const permissionModuleKubeSecurityPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'kube-security-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, config, logger, userInfo }) {
        const { securityGroups, readOwnedOnly } =
          readKubeSecurityPolicyConfig(config);
        policy.setPolicy(
          new KubeSecurityPermissionPolicy({
            securityGroups,
            userInfo,
            readOwnedOnly,
          }),
        );
        logger.info(
          `Kube Security permission policy: owners and ${securityGroups.join(
            ', ',
          )} may accept risks and attest; every other permission is allowed`,
        );
      },
    });
  },
});
