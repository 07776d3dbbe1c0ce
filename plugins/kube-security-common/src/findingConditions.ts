import {
  AuthorizeResult,
  ConditionalPolicyDecision,
  PermissionCondition,
  PermissionCriteria,
  PermissionRuleParams,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { KUBE_SECURITY_FINDING_RESOURCE_TYPE } from './permissions';
import type { Severity } from './types';

/** The plugin id that resolves conditions on findings. */
export const KUBE_SECURITY_PLUGIN_ID = 'kube-security';

type FindingCondition<P extends PermissionRuleParams> = PermissionCondition<
  typeof KUBE_SECURITY_FINDING_RESOURCE_TYPE,
  P
>;

const condition = <P extends PermissionRuleParams>(
  rule: string,
  params: P,
): FindingCondition<P> => ({
  rule,
  resourceType: KUBE_SECURITY_FINDING_RESOURCE_TYPE,
  params,
});

/**
 * Conditions of the plugin's rules on `kube-security.findings.read`, for permission
 * policies that do not depend on the backend package (the backend builds the same ones
 * with createConditionExports from its rules, and a test keeps them equal).
 */
export const kubeSecurityFindingConditions = {
  /** The finding's entity is owned by one of `claims` (user or group refs). */
  isOwner: (params: { claims: string[] }) => condition('IS_OWNER', params),
  /** The finding is about one of `clusters` (names as configured). */
  inCluster: (params: { clusters: string[] }) =>
    condition('IN_CLUSTER', params),
  /** The finding has one of `severities`. */
  hasSeverity: (params: { severities: Severity[] }) =>
    condition('HAS_SEVERITY', params),
};

/** A conditional decision on findings, resolved by the Kube Security backend. */
export function createKubeSecurityFindingConditionalDecision(
  permission: ResourcePermission<typeof KUBE_SECURITY_FINDING_RESOURCE_TYPE>,
  conditions: PermissionCriteria<
    PermissionCondition<typeof KUBE_SECURITY_FINDING_RESOURCE_TYPE>
  >,
): ConditionalPolicyDecision {
  return {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: KUBE_SECURITY_PLUGIN_ID,
    resourceType: permission.resourceType,
    conditions,
  };
}
