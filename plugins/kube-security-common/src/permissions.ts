import { createPermission } from '@backstage/plugin-permission-common';

/** Read findings, plans, scores and scan status. */
export const kubeSecurityFindingsReadPermission = createPermission({
  name: 'kube-security.findings.read',
  attributes: { action: 'read' },
});

/** Start a scan of a cluster on demand. */
export const kubeSecurityScanTriggerPermission = createPermission({
  name: 'kube-security.scan.trigger',
  attributes: { action: 'update' },
});

/** Every permission of the plugin, for registration with the permissions registry. */
export const kubeSecurityPermissions = [
  kubeSecurityFindingsReadPermission,
  kubeSecurityScanTriggerPermission,
];
