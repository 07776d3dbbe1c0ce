import {
  bareDescriptor,
  editDescriptor,
  loadDescriptor,
  runOnCloud,
} from '../cloud/__testUtils__/harness';
import { nodeIdentityCheck } from './node-identity';

describe('cluster-node-least-privilege/node-identity', () => {
  it('fails GKE node pools running as the Compute Engine default service account', () => {
    const outcome = runOnCloud(nodeIdentityCheck, loadDescriptor('gke-bad'));
    expect(outcome.lines).toEqual([
      'fail NodePool/default-pool @ cluster.nodePools[0].config.serviceAccount',
    ]);
    expect(outcome.findings[0].message).toBe(
      'GKE node pool "default-pool" runs as the Compute Engine default service account, which has the project Editor role by default, with the cloud-platform scope that lets it use all of it.',
    );
    const explicitDefault = editDescriptor('gke-good', d => {
      d.cluster.nodePools[0].config.serviceAccount =
        '123456789012-compute@developer.gserviceaccount.com';
      d.cluster.nodePools[0].config.oauthScopes = [
        'https://www.googleapis.com/auth/logging.write',
      ];
    });
    const narrow = runOnCloud(nodeIdentityCheck, explicitDefault);
    expect(narrow.lines).toEqual([
      'fail NodePool/app-pool @ cluster.nodePools[0].config.serviceAccount',
    ]);
    expect(narrow.findings[0].message).not.toContain('cloud-platform');
  });

  it('warns about EKS node roles named as administrative', () => {
    expect(
      runOnCloud(nodeIdentityCheck, loadDescriptor('eks-bad')).lines,
    ).toEqual(['warn NodeGroup/general @ nodegroups[0].nodeRole']);
  });

  it('warns about AKS clusters using a service principal', () => {
    const outcome = runOnCloud(nodeIdentityCheck, loadDescriptor('aks-bad'));
    expect(outcome.lines).toEqual([
      'warn Cluster/orders-aks @ cluster.servicePrincipalProfile.clientId',
    ]);
  });

  it('passes dedicated node identities', () => {
    for (const name of ['eks-good', 'gke-good', 'aks-good'] as const) {
      expect(runOnCloud(nodeIdentityCheck, loadDescriptor(name))).toMatchObject(
        { evidence: true, findings: [] },
      );
    }
  });

  it('has no evidence without node identity facts', () => {
    for (const provider of ['eks', 'gke', 'aks'] as const) {
      expect(
        runOnCloud(nodeIdentityCheck, bareDescriptor(provider)).evidence,
      ).toBe(false);
    }
  });
});
