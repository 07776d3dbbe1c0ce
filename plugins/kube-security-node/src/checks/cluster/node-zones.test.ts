import {
  bareDescriptor,
  editDescriptor,
  loadDescriptor,
  runCheck,
  runOnCloud,
  snapshotWith,
} from '../cloud/__testUtils__/harness';
import { nodesBad, nodesGood } from './__testUtils__/load';
import { nodeZonesCheck } from './node-zones';

describe('cluster-multi-zone/node-zones', () => {
  it('fails when every Node is in the same zone', () => {
    const outcome = runCheck(
      nodeZonesCheck,
      snapshotWith({ objects: nodesBad() }),
    );
    expect(outcome.lines).toEqual([
      "fail Cluster/test-cluster @ metadata.labels['topology.kubernetes.io/zone']",
    ]);
    expect(outcome.findings[0].message).toBe(
      'Every node of the cluster is in zone eu-west-1a.',
    );
  });

  it('passes Nodes spread over zones (current or beta zone label)', () => {
    expect(
      runCheck(nodeZonesCheck, snapshotWith({ objects: nodesGood() })),
    ).toMatchObject({ evidence: true, findings: [] });
  });

  it('flags EKS node groups with a single subnet, and uses Nodes for the rest', () => {
    expect(runOnCloud(nodeZonesCheck, loadDescriptor('eks-bad')).lines).toEqual(
      ['fail NodeGroup/batch @ nodegroups[1].subnets'],
    );
    const withNodes = runCheck(
      nodeZonesCheck,
      snapshotWith({ cloud: loadDescriptor('eks-bad'), objects: nodesBad() }),
    );
    expect(withNodes.lines).toEqual([
      'fail NodeGroup/batch @ nodegroups[1].subnets',
      "fail Cluster/payments-prod @ metadata.labels['topology.kubernetes.io/zone']",
    ]);
  });

  it('flags single-zone GKE node pools, from their own or the cluster locations', () => {
    expect(runOnCloud(nodeZonesCheck, loadDescriptor('gke-bad')).lines).toEqual(
      [
        'fail NodePool/default-pool @ cluster.nodePools[0].locations',
        'fail NodePool/highmem-pool @ cluster.nodePools[1].locations',
      ],
    );
    const inherited = editDescriptor('gke-bad', d => {
      delete d.cluster.nodePools[0].locations;
      d.cluster.nodePools[1].locations = ['europe-west1-b', 'europe-west1-c'];
    });
    expect(runOnCloud(nodeZonesCheck, inherited).lines).toEqual([
      'fail NodePool/default-pool @ cluster.locations',
    ]);
  });

  it('flags AKS agent pools with fewer than two availability zones', () => {
    const outcome = runOnCloud(nodeZonesCheck, loadDescriptor('aks-bad'));
    expect(outcome.lines).toEqual([
      'fail AgentPool/nodepool1 @ cluster.agentPoolProfiles[0].availabilityZones',
    ]);
    expect(outcome.findings[0].message).toContain('uses no availability zones');
    const pinned = editDescriptor('aks-bad', d => {
      d.cluster.agentPoolProfiles[0].availabilityZones = ['2'];
    });
    expect(runOnCloud(nodeZonesCheck, pinned).findings[0].message).toBe(
      'AKS agent pool "nodepool1" is pinned to availability zone 2 only.',
    );
  });

  it('passes multi-zone pools', () => {
    expect(
      runOnCloud(nodeZonesCheck, loadDescriptor('gke-good')),
    ).toMatchObject({ evidence: true, findings: [] });
    expect(
      runOnCloud(nodeZonesCheck, loadDescriptor('aks-good')),
    ).toMatchObject({ evidence: true, findings: [] });
  });

  it('has no evidence without pool locations or zone-labelled Nodes', () => {
    expect(
      runOnCloud(nodeZonesCheck, loadDescriptor('eks-good')).evidence,
    ).toBe(false);
    for (const provider of ['eks', 'gke', 'aks'] as const) {
      expect(
        runOnCloud(nodeZonesCheck, bareDescriptor(provider)).evidence,
      ).toBe(false);
    }
  });
});
