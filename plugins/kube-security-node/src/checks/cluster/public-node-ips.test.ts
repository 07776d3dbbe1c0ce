import {
  bareDescriptor,
  editDescriptor,
  loadDescriptor,
  manifests,
  runCheck,
  runOnCloud,
  snapshotWith,
} from '../cloud/__testUtils__/harness';
import { nodesBad, nodesGood } from './__testUtils__/load';
import { publicNodeIpsCheck } from './public-node-ips';

describe('cluster-private-access/public-node-ips', () => {
  it('flags Node objects with an external IP', () => {
    const outcome = runCheck(
      publicNodeIpsCheck,
      snapshotWith({ objects: nodesBad() }),
    );
    expect(outcome.lines).toEqual([
      'fail Node/ip-10-0-1-23.eu-west-1.compute.internal @ status.addresses[1]',
      'fail Node/ip-10-0-1-87.eu-west-1.compute.internal @ status.addresses[1]',
    ]);
    expect(outcome.findings[0].message).toBe(
      'Node ip-10-0-1-23.eu-west-1.compute.internal has the public IP address 54.171.20.11.',
    );
  });

  it('flags EKS node groups with SSH open to the world, besides their public nodes', () => {
    const outcome = runCheck(
      publicNodeIpsCheck,
      snapshotWith({ cloud: loadDescriptor('eks-bad'), objects: nodesBad() }),
    );
    expect(outcome.lines).toEqual([
      'fail NodeGroup/batch @ nodegroups[1].remoteAccess.sourceSecurityGroups',
      'fail Node/ip-10-0-1-23.eu-west-1.compute.internal @ status.addresses[1]',
      'fail Node/ip-10-0-1-87.eu-west-1.compute.internal @ status.addresses[1]',
    ]);
    expect(outcome.findings[0].message).toContain(
      'opens port 22 on its nodes to 0.0.0.0/0',
    );
    const restricted = editDescriptor('eks-bad', d => {
      d.nodegroups[1].remoteAccess.sourceSecurityGroups = ['sg-0bastion'];
    });
    expect(runOnCloud(publicNodeIpsCheck, restricted)).toMatchObject({
      evidence: false,
      findings: [],
    });
  });

  it('flags GKE node pools without private nodes, reading the most specific setting', () => {
    expect(
      runOnCloud(publicNodeIpsCheck, loadDescriptor('gke-bad')).lines,
    ).toEqual([
      'fail NodePool/default-pool @ cluster.privateClusterConfig.enablePrivateNodes',
      'fail NodePool/highmem-pool @ cluster.privateClusterConfig.enablePrivateNodes',
    ]);
    const mixed = editDescriptor('gke-bad', d => {
      d.cluster.networkConfig.defaultEnablePrivateNodes = true;
      d.cluster.nodePools[1].networkConfig.enablePrivateNodes = false;
    });
    expect(runOnCloud(publicNodeIpsCheck, mixed).lines).toEqual([
      'fail NodePool/highmem-pool @ cluster.nodePools[1].networkConfig.enablePrivateNodes',
    ]);
  });

  it('flags AKS agent pools with node public IPs, not again their nodes', () => {
    const outcome = runOnCloud(publicNodeIpsCheck, loadDescriptor('aks-bad'));
    expect(outcome.lines).toEqual([
      'fail AgentPool/nodepool1 @ cluster.agentPoolProfiles[0].enableNodePublicIp',
    ]);
    const node = {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: 'aks-nodepool1-0',
        labels: { 'kubernetes.azure.com/agentpool': 'nodepool1' },
      },
      status: { addresses: [{ type: 'ExternalIP', address: '20.1.2.3' }] },
    };
    const other = {
      ...node,
      metadata: { name: 'aks-user-0', labels: { agentpool: 'user' } },
    };
    const withNodes = runCheck(
      publicNodeIpsCheck,
      snapshotWith({
        cloud: loadDescriptor('aks-bad'),
        objects: manifests(
          JSON.stringify({
            kind: 'List',
            apiVersion: 'v1',
            items: [node, other],
          }),
        ),
      }),
    );
    expect(withNodes.lines).toEqual([
      'fail AgentPool/nodepool1 @ cluster.agentPoolProfiles[0].enableNodePublicIp',
      'fail Node/aks-user-0 @ status.addresses[0]',
    ]);
  });

  it('passes private nodes', () => {
    expect(
      runOnCloud(publicNodeIpsCheck, loadDescriptor('gke-good')),
    ).toMatchObject({ evidence: true, findings: [] });
    expect(
      runOnCloud(publicNodeIpsCheck, loadDescriptor('aks-good')),
    ).toMatchObject({ evidence: true, findings: [] });
    const eks = runCheck(
      publicNodeIpsCheck,
      snapshotWith({ cloud: loadDescriptor('eks-good'), objects: nodesGood() }),
    );
    expect(eks).toMatchObject({ evidence: true, findings: [] });
  });

  it('has no evidence without pool facts or Node objects', () => {
    expect(
      runOnCloud(publicNodeIpsCheck, loadDescriptor('eks-good')).evidence,
    ).toBe(false);
    expect(runCheck(publicNodeIpsCheck, snapshotWith({})).evidence).toBe(false);
    for (const provider of ['eks', 'gke', 'aks'] as const) {
      expect(
        runOnCloud(publicNodeIpsCheck, bareDescriptor(provider)).evidence,
      ).toBe(false);
    }
  });
});
