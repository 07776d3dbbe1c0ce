import {
  isReadPermission,
  isUpdatePermission,
} from '@backstage/plugin-permission-common';
import {
  kubeSecurityFindingsReadPermission,
  kubeSecurityPermissions,
  kubeSecurityScanTriggerPermission,
} from './permissions';

describe('permissions', () => {
  it('defines a read permission for findings', () => {
    expect(kubeSecurityFindingsReadPermission).toEqual({
      type: 'basic',
      name: 'kube-security.findings.read',
      attributes: { action: 'read' },
    });
  });

  it('defines an update permission for triggering scans', () => {
    expect(kubeSecurityScanTriggerPermission).toEqual({
      type: 'basic',
      name: 'kube-security.scan.trigger',
      attributes: { action: 'update' },
    });
  });

  it('lists every permission once', () => {
    expect(kubeSecurityPermissions.map(p => p.name)).toEqual([
      'kube-security.findings.read',
      'kube-security.scan.trigger',
    ]);
    expect(isReadPermission(kubeSecurityFindingsReadPermission)).toBe(true);
    expect(isUpdatePermission(kubeSecurityScanTriggerPermission)).toBe(true);
    expect(isReadPermission(kubeSecurityScanTriggerPermission)).toBe(false);
  });
});
