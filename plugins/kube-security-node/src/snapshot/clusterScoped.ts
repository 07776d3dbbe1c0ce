/**
 * Kinds that live outside any namespace. The API server ignores a `metadata.namespace` written
 * on them, so the reader drops it too: a ClusterRole written with `namespace: default` is the
 * same ClusterRole, and a RoleBinding referring to it must find it.
 */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'StorageClass',
  'PriorityClass',
  'RuntimeClass',
  'IngressClass',
  'CSIDriver',
  'CSINode',
  'VolumeAttachment',
  'CertificateSigningRequest',
  'CustomResourceDefinition',
  'APIService',
  'ClusterRole',
  'ClusterRoleBinding',
  'PodSecurityPolicy',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
  'FlowSchema',
  'PriorityLevelConfiguration',
  // Policy engines and network plugins
  'ClusterPolicy', // Kyverno
  'ClusterCleanupPolicy',
  'ConstraintTemplate', // Gatekeeper
  'CiliumClusterwideNetworkPolicy',
  'GlobalNetworkPolicy', // Calico
  'GlobalNetworkSet',
  'AdminNetworkPolicy',
  'BaselineAdminNetworkPolicy',
  'ClusterIssuer', // cert-manager
  'ClusterSecretStore', // external-secrets
]);
