import type { Check } from '../../engine/check';
import { appArmorCheck } from './apparmor-unconfined';
import { dangerousCapabilitiesCheck } from './dangerous-capabilities';
import { dropAllCapabilitiesCheck } from './drop-all-capabilities';
import { hostNamespacesCheck } from './host-namespaces';
import { hostPathCheck } from './host-path';
import { hostPortsCheck } from './host-ports';
import { hostProcessCheck } from './host-process';
import { podSecurityLabelsCheck } from './pod-security-labels';
import { podSecurityPolicyCheck } from './pod-security-policy';
import { policyEngineCheck } from './policy-engine';
import { privilegeEscalationCheck } from './privilege-escalation';
import { privilegedContainerCheck } from './privileged-container';
import { procMountCheck } from './proc-mount';
import { readOnlyRootFilesystemCheck } from './read-only-root-filesystem';
import { nonRootNotRequiredCheck, runAsRootCheck } from './run-as-root';
import { runAsRootGroupCheck } from './run-as-root-group';
import { seccompProfileCheck } from './seccomp-profile';
import { seLinuxOptionsCheck } from './selinux-options';
import { unsafeSysctlsCheck } from './unsafe-sysctls';
import { hostProbesCheck } from './host-probes';
import { volumeTypesCheck } from './volume-types';
import { defaultNamespaceCheck } from './default-namespace';
import { egressNotRestrictedCheck } from './egress-not-restricted';
import { exposedWithDatastoreCheck } from './exposed-with-datastore';
import { ingressNotRestrictedCheck } from './ingress-not-restricted';
import { logAgentCheck } from './log-agent';
import { namespaceWithoutPolicyCheck } from './namespace-without-policy';
import { runtimeAgentCheck } from './runtime-agent';
import { systemNamespaceCheck } from './system-namespace';
import { clusterSecretsReadCheck } from './cluster-secrets-read';
import { wildcardPermissionsCheck } from './wildcard-permissions';
import { builtinAdminBindingCheck } from './builtin-admin-binding';
import { rbacModificationCheck } from './rbac-modification';
import { escalateBindImpersonateCheck } from './escalate-bind-impersonate';
import { defaultServiceAccountTokenCheck } from './default-service-account-token';
import { clusterAdminBindingCheck } from './cluster-admin-binding';
import { systemMastersGroupCheck } from './system-masters-group';
import { secretsReadCheck } from './secrets-read';
import { podCreationCheck } from './pod-creation';
import { podExecAttachCheck } from './pod-exec-attach';
import { persistentVolumeCreationCheck } from './persistent-volume-creation';
import { nodeProxyCheck } from './node-proxy';
import { csrApprovalCheck } from './csr-approval';
import { serviceAccountTokenCreationCheck } from './service-account-token-creation';
import { defaultServiceAccountBindingCheck } from './default-service-account-binding';
import { serviceAccountTokenMountCheck } from './service-account-token-mount';
import { serviceAccountAutomountCheck } from './service-account-automount';

/** Every workload-* check, in plan order of their items. */
export const workloadChecks: Check[] = [
  logAgentCheck,
  defaultNamespaceCheck,
  systemNamespaceCheck,
  exposedWithDatastoreCheck,
  // workload-rbac-least-privilege
  clusterSecretsReadCheck,
  wildcardPermissionsCheck,
  builtinAdminBindingCheck,
  rbacModificationCheck,
  escalateBindImpersonateCheck,
  defaultServiceAccountTokenCheck,
  clusterAdminBindingCheck,
  systemMastersGroupCheck,
  secretsReadCheck,
  podCreationCheck,
  podExecAttachCheck,
  persistentVolumeCreationCheck,
  nodeProxyCheck,
  csrApprovalCheck,
  serviceAccountTokenCreationCheck,
  defaultServiceAccountBindingCheck,
  serviceAccountTokenMountCheck,
  serviceAccountAutomountCheck,
  // workload-admission-policy
  privilegedContainerCheck,
  runAsRootCheck,
  nonRootNotRequiredCheck,
  privilegeEscalationCheck,
  hostPathCheck,
  hostNamespacesCheck,
  dangerousCapabilitiesCheck,
  hostProcessCheck,
  hostPortsCheck,
  dropAllCapabilitiesCheck,
  seccompProfileCheck,
  appArmorCheck,
  seLinuxOptionsCheck,
  procMountCheck,
  unsafeSysctlsCheck,
  hostProbesCheck,
  volumeTypesCheck,
  runAsRootGroupCheck,
  readOnlyRootFilesystemCheck,
  policyEngineCheck,
  podSecurityLabelsCheck,
  podSecurityPolicyCheck,
  ingressNotRestrictedCheck,
  egressNotRestrictedCheck,
  namespaceWithoutPolicyCheck,
  runtimeAgentCheck,
];
