import {
  createPermission,
  type Permission,
} from '@backstage/plugin-permission-common';

/**
 * The catalog's resource type (RESOURCE_TYPE_CATALOG_ENTITY of
 * @backstage/plugin-catalog-common/alpha): decisions are permissions on the entity, so a
 * policy can use the catalog's rules, such as isEntityOwner.
 */
export const KUBE_SECURITY_ENTITY_RESOURCE_TYPE = 'catalog-entity';

/**
 * The plugin's own resource type: a finding, seen with its entity's ref and owners, its
 * cluster and its severity. The plugin's conditional rules (isOwner, inCluster,
 * hasSeverity; see findingConditions.ts) apply to it.
 */
export const KUBE_SECURITY_FINDING_RESOURCE_TYPE = 'kube-security-finding';

/**
 * Read findings, plans, scores, decisions, the audit trail and scan status. A resource
 * permission: a policy may answer with conditions of the plugin's rules, and every list
 * the API serves is filtered by them (and by what the catalog lets the caller see).
 */
export const kubeSecurityFindingsReadPermission = createPermission({
  name: 'kube-security.findings.read',
  attributes: { action: 'read' },
  resourceType: KUBE_SECURITY_FINDING_RESOURCE_TYPE,
});

/** Start a scan of a cluster on demand. */
export const kubeSecurityScanTriggerPermission = createPermission({
  name: 'kube-security.scan.trigger',
  attributes: { action: 'update' },
});

/** Accept a risk on an entity's plan; checked against the entity. */
export const kubeSecurityExceptionCreatePermission = createPermission({
  name: 'kube-security.exception.create',
  attributes: { action: 'create' },
  resourceType: KUBE_SECURITY_ENTITY_RESOURCE_TYPE,
});

/** Attest an item of an entity's plan; checked against the entity. */
export const kubeSecurityAttestationCreatePermission = createPermission({
  name: 'kube-security.attestation.create',
  attributes: { action: 'create' },
  resourceType: KUBE_SECURITY_ENTITY_RESOURCE_TYPE,
});

/** Revoke an exception a user made on an entity's plan; checked against the entity. */
export const kubeSecurityExceptionRevokePermission = createPermission({
  name: 'kube-security.exception.revoke',
  attributes: { action: 'delete' },
  resourceType: KUBE_SECURITY_ENTITY_RESOURCE_TYPE,
});

/** Revoke an attestation of an entity's plan; checked against the entity. */
export const kubeSecurityAttestationRevokePermission = createPermission({
  name: 'kube-security.attestation.revoke',
  attributes: { action: 'delete' },
  resourceType: KUBE_SECURITY_ENTITY_RESOURCE_TYPE,
});

/** Every permission of the plugin, for registration with the permissions registry. */
export const kubeSecurityPermissions: Permission[] = [
  kubeSecurityFindingsReadPermission,
  kubeSecurityScanTriggerPermission,
  kubeSecurityExceptionCreatePermission,
  kubeSecurityAttestationCreatePermission,
  kubeSecurityExceptionRevokePermission,
  kubeSecurityAttestationRevokePermission,
];
