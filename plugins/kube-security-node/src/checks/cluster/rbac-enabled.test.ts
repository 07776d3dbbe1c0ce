import {
  bareDescriptor,
  editDescriptor,
  loadDescriptor,
  runOnCloud,
} from '../cloud/__testUtils__/harness';
import { rbacEnabledCheck } from './rbac-enabled';

describe('cluster-security-features/rbac-enabled', () => {
  it('fails GKE with legacy ABAC', () => {
    const outcome = runOnCloud(rbacEnabledCheck, loadDescriptor('gke-bad'));
    expect(outcome.lines).toEqual([
      'fail Cluster/shop-prod @ cluster.legacyAbac.enabled',
    ]);
    expect(outcome.findings[0].message).toContain('Legacy ABAC is enabled');
  });

  it('fails AKS without RBAC, in az or ARM casing', () => {
    expect(
      runOnCloud(rbacEnabledCheck, loadDescriptor('aks-bad')).lines,
    ).toEqual(['fail Cluster/orders-aks @ cluster.enableRbac']);
    const armCasing = editDescriptor('aks-bad', d => {
      delete d.cluster.enableRbac;
      d.cluster.enableRBAC = false;
    });
    expect(runOnCloud(rbacEnabledCheck, armCasing).lines).toEqual([
      'fail Cluster/orders-aks @ cluster.enableRBAC',
    ]);
  });

  it('passes EKS (always RBAC), GKE without ABAC and AKS with RBAC', () => {
    expect(
      runOnCloud(rbacEnabledCheck, loadDescriptor('eks-bad')),
    ).toMatchObject({ evidence: true, findings: [] });
    for (const name of ['eks-good', 'gke-good', 'aks-good'] as const) {
      expect(runOnCloud(rbacEnabledCheck, loadDescriptor(name))).toMatchObject({
        evidence: true,
        findings: [],
      });
    }
  });

  it('has no evidence without the setting', () => {
    for (const provider of ['eks', 'gke', 'aks'] as const) {
      expect(
        runOnCloud(rbacEnabledCheck, bareDescriptor(provider)).evidence,
      ).toBe(false);
    }
  });
});
