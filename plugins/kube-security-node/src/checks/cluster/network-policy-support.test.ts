import {
  bareDescriptor,
  editDescriptor,
  loadDescriptor,
  runCheck,
  runOnCloud,
  snapshotWith,
} from '../cloud/__testUtils__/harness';
import { nodesBad, nodesGood } from './__testUtils__/load';
import { networkPolicySupportCheck } from './network-policy-support';

describe('cluster-security-features/network-policy-support', () => {
  it('fails each provider without policy enforcement', () => {
    expect(
      runOnCloud(networkPolicySupportCheck, loadDescriptor('eks-bad')).lines,
    ).toEqual(['fail Cluster/payments-prod @ addons[0].configurationValues']);
    expect(
      runOnCloud(networkPolicySupportCheck, loadDescriptor('gke-bad')).lines,
    ).toEqual(['fail Cluster/shop-prod @ cluster.networkPolicy']);
    const aks = runOnCloud(
      networkPolicySupportCheck,
      loadDescriptor('aks-bad'),
    );
    expect(aks.lines).toEqual([
      'fail Cluster/orders-aks @ cluster.networkProfile.networkPolicy',
    ]);
    expect(aks.findings[0].message).toContain('networkPolicy is not set');
  });

  it('fails EKS without the vpc-cni add-on at all', () => {
    const noCni = editDescriptor('eks-bad', d => {
      d.addons = d.addons.filter((a: any) => a.addonName !== 'vpc-cni');
    });
    expect(runOnCloud(networkPolicySupportCheck, noCni).lines).toEqual([
      'fail Cluster/payments-prod @ addons',
    ]);
  });

  it('passes provider-native enforcement', () => {
    for (const name of ['eks-good', 'gke-good', 'aks-good'] as const) {
      expect(
        runOnCloud(networkPolicySupportCheck, loadDescriptor(name)),
      ).toMatchObject({ evidence: true, findings: [] });
    }
    const calicoGke = editDescriptor('gke-bad', d => {
      d.cluster.networkPolicy = { enabled: true, provider: 'CALICO' };
    });
    expect(runOnCloud(networkPolicySupportCheck, calicoGke).findings).toEqual(
      [],
    );
    const yamlValues = editDescriptor('eks-bad', d => {
      d.addons[0].configurationValues = 'enableNetworkPolicy: "true"\n';
    });
    expect(runOnCloud(networkPolicySupportCheck, yamlValues).findings).toEqual(
      [],
    );
  });

  it('passes when an enforcing CNI DaemonSet runs, whatever the descriptor says', () => {
    const outcome = runCheck(
      networkPolicySupportCheck,
      snapshotWith({ cloud: loadDescriptor('aks-bad'), objects: nodesGood() }),
    );
    expect(outcome).toMatchObject({ evidence: true, findings: [] });
  });

  it('judges a whole-cluster snapshot without a descriptor from its DaemonSets', () => {
    const outcome = runCheck(
      networkPolicySupportCheck,
      snapshotWith({ objects: nodesBad() }),
    );
    expect(outcome.lines).toEqual(['fail Cluster/test-cluster @ -']);
    const manifestsOnly = runCheck(
      networkPolicySupportCheck,
      snapshotWith({ objects: nodesBad(), scope: 'manifests' }),
    );
    expect(manifestsOnly.evidence).toBe(false);
  });

  it('has no evidence without network facts', () => {
    for (const provider of ['eks', 'gke', 'aks'] as const) {
      expect(
        runOnCloud(networkPolicySupportCheck, bareDescriptor(provider))
          .evidence,
      ).toBe(false);
    }
    expect(runCheck(networkPolicySupportCheck, snapshotWith({})).evidence).toBe(
      false,
    );
  });
});
