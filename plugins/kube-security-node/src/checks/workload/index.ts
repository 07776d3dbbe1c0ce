import type { Check } from '../../engine/check';
import { workloadAdmissionPolicyChecks } from './workload-admission-policy';
import { workloadCentralTelemetryChecks } from './workload-central-telemetry';
import { workloadNamespaceIsolationChecks } from './workload-namespace-isolation';
import { workloadNetworkPoliciesChecks } from './workload-network-policies';
import { workloadRbacLeastPrivilegeChecks } from './workload-rbac-least-privilege';
import { workloadRuntimeMonitoringChecks } from './workload-runtime-monitoring';

/** Every workload-* check, in plan order of their items. */
export const workloadChecks: Check[] = [
  ...workloadCentralTelemetryChecks,
  ...workloadNamespaceIsolationChecks,
  ...workloadRbacLeastPrivilegeChecks,
  ...workloadAdmissionPolicyChecks,
  ...workloadNetworkPoliciesChecks,
  ...workloadRuntimeMonitoringChecks,
];
