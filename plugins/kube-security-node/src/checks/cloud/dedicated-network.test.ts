import { dedicatedNetworkCheck } from './dedicated-network';
import {
  bareDescriptor,
  editDescriptor,
  loadDescriptor,
  runOnCloud,
} from './__testUtils__/harness';

describe('cloud-network-isolation/dedicated-network', () => {
  it('flags an EKS cluster in the default VPC', () => {
    const outcome = runOnCloud(
      dedicatedNetworkCheck,
      loadDescriptor('eks-bad'),
    );
    expect(outcome.lines).toEqual([
      'fail Cluster/payments-prod @ account.vpc.isDefault',
    ]);
    expect(outcome.findings[0].message).toBe(
      "The EKS cluster runs in the account's default VPC (vpc-0f1e2d3c4b5a69788), which every resource created without an explicit network lands in; 14 other workloads share it.",
    );
  });

  it('flags an EKS VPC shared with other workloads', () => {
    const shared = editDescriptor('eks-good', d => {
      d.account.vpc.otherWorkloads = 3;
    });
    expect(runOnCloud(dedicatedNetworkCheck, shared).lines).toEqual([
      'fail Cluster/checkout-prod @ account.vpc.otherWorkloads',
    ]);
  });

  it('flags the GKE default network, from `network` or `networkConfig.network`', () => {
    const outcome = runOnCloud(
      dedicatedNetworkCheck,
      loadDescriptor('gke-bad'),
    );
    expect(outcome.lines).toEqual(['fail Cluster/shop-prod @ cluster.network']);
    expect(outcome.findings[0].message).toContain(
      "uses the project's `default` VPC network",
    );
    const onlyNetworkConfig = editDescriptor('gke-bad', d => {
      delete d.cluster.network;
    });
    expect(runOnCloud(dedicatedNetworkCheck, onlyNetworkConfig).lines).toEqual([
      'fail Cluster/shop-prod @ cluster.networkConfig.network',
    ]);
  });

  it('flags an AKS virtual network shared with other workloads', () => {
    expect(
      runOnCloud(dedicatedNetworkCheck, loadDescriptor('aks-bad')).lines,
    ).toEqual(['fail Cluster/orders-aks @ account.vnet.otherWorkloads']);
  });

  it('passes dedicated networks on every provider', () => {
    for (const name of ['eks-good', 'gke-good', 'aks-good'] as const) {
      expect(
        runOnCloud(dedicatedNetworkCheck, loadDescriptor(name)),
      ).toMatchObject({ evidence: true, findings: [] });
    }
  });

  it('counts an AKS-managed virtual network (no subnet of your own) as dedicated', () => {
    const managed = editDescriptor('aks-bad', d => {
      delete d.account.vnet;
      d.cluster.agentPoolProfiles[0].vnetSubnetId = null;
    });
    expect(runOnCloud(dedicatedNetworkCheck, managed)).toMatchObject({
      evidence: true,
      findings: [],
    });
  });

  it('has no evidence when the network facts are missing', () => {
    const byoVnet = editDescriptor('aks-bad', d => {
      delete d.account.vnet;
    });
    expect(runOnCloud(dedicatedNetworkCheck, byoVnet).evidence).toBe(false);
    const noVpc = editDescriptor('eks-bad', d => {
      delete d.account.vpc;
    });
    expect(runOnCloud(dedicatedNetworkCheck, noVpc).evidence).toBe(false);
    for (const provider of ['eks', 'gke', 'aks'] as const) {
      expect(
        runOnCloud(dedicatedNetworkCheck, bareDescriptor(provider)).evidence,
      ).toBe(false);
    }
  });
});
