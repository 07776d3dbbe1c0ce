import {
  isReadPermission,
  isUpdatePermission,
} from '@backstage/plugin-permission-common';
import {
  kubeSecurityAttestationCreatePermission,
  kubeSecurityAttestationRevokePermission,
  kubeSecurityExceptionCreatePermission,
  kubeSecurityExceptionRevokePermission,
  kubeSecurityFindingsReadPermission,
  kubeSecurityPermissions,
  kubeSecurityScanTriggerPermission,
} from './permissions';

describe('permissions', () => {
  it('defines reading findings as a read permission on the plugin resource type', () => {
    expect(kubeSecurityFindingsReadPermission).toEqual({
      type: 'resource',
      name: 'kube-security.findings.read',
      attributes: { action: 'read' },
      resourceType: 'kube-security-finding',
    });
  });

  it('defines an update permission for triggering scans', () => {
    expect(kubeSecurityScanTriggerPermission).toEqual({
      type: 'basic',
      name: 'kube-security.scan.trigger',
      attributes: { action: 'update' },
    });
  });

  it('defines decisions as create permissions on catalog entities', () => {
    expect(kubeSecurityExceptionCreatePermission).toEqual({
      type: 'resource',
      name: 'kube-security.exception.create',
      attributes: { action: 'create' },
      resourceType: 'catalog-entity',
    });
    expect(kubeSecurityAttestationCreatePermission).toEqual({
      type: 'resource',
      name: 'kube-security.attestation.create',
      attributes: { action: 'create' },
      resourceType: 'catalog-entity',
    });
  });

  it('defines revoking as its own delete permissions on catalog entities', () => {
    expect(kubeSecurityExceptionRevokePermission).toEqual({
      type: 'resource',
      name: 'kube-security.exception.revoke',
      attributes: { action: 'delete' },
      resourceType: 'catalog-entity',
    });
    expect(kubeSecurityAttestationRevokePermission).toEqual({
      type: 'resource',
      name: 'kube-security.attestation.revoke',
      attributes: { action: 'delete' },
      resourceType: 'catalog-entity',
    });
  });

  it('lists every permission once', () => {
    expect(kubeSecurityPermissions.map(p => p.name)).toEqual([
      'kube-security.findings.read',
      'kube-security.scan.trigger',
      'kube-security.exception.create',
      'kube-security.attestation.create',
      'kube-security.exception.revoke',
      'kube-security.attestation.revoke',
    ]);
    expect(isReadPermission(kubeSecurityFindingsReadPermission)).toBe(true);
    expect(isUpdatePermission(kubeSecurityScanTriggerPermission)).toBe(true);
    expect(isReadPermission(kubeSecurityScanTriggerPermission)).toBe(false);
  });
});
