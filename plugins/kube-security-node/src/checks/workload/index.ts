import type { Check } from '../../engine/check';
import { workloadAdmissionPolicyChecks } from './workload-admission-policy';
import { defaultNamespaceCheck } from './default-namespace';
import { egressNotRestrictedCheck } from './egress-not-restricted';
import { exposedWithDatastoreCheck } from './exposed-with-datastore';
import { ingressNotRestrictedCheck } from './ingress-not-restricted';
import { logAgentCheck } from './log-agent';
import { runtimeAgentCheck } from './runtime-agent';
import { systemNamespaceCheck } from './system-namespace';
import { workloadRbacLeastPrivilegeChecks } from './workload-rbac-least-privilege';

/** Every workload-* check, in plan order of their items. */
export const workloadChecks: Check[] = [
  logAgentCheck,
  defaultNamespaceCheck,
  systemNamespaceCheck,
  exposedWithDatastoreCheck,
  ...workloadRbacLeastPrivilegeChecks,
  ...workloadAdmissionPolicyChecks,
  ingressNotRestrictedCheck,
  egressNotRestrictedCheck,
  runtimeAgentCheck,
];
