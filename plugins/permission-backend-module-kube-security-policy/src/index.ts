/**
 * An example permission policy for Kube Security: the owners of an entity, and a configured
 * security group, may accept risks and attest on it. See docs/permissions.md.
 *
 * @packageDocumentation
 */

export { permissionModuleKubeSecurityPolicy as default } from './module';
export {
  KubeSecurityPermissionPolicy,
  type KubeSecurityPermissionPolicyOptions,
} from './policy';
export {
  DEFAULT_SECURITY_GROUPS,
  SECURITY_GROUPS_CONFIG_KEY,
  readKubeSecurityPolicyConfig,
  type KubeSecurityPolicyConfig,
} from './config';
