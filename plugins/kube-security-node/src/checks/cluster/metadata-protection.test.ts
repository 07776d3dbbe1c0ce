import {
  bareDescriptor,
  editDescriptor,
  loadDescriptor,
  runOnCloud,
} from '../cloud/__testUtils__/harness';
import { metadataProtectionCheck } from './metadata-protection';

describe('cluster-node-least-privilege/metadata-protection', () => {
  it('fails EKS launch templates that allow IMDSv1 or a hop limit above 1', () => {
    const outcome = runOnCloud(
      metadataProtectionCheck,
      loadDescriptor('eks-bad'),
    );
    expect(outcome.lines).toEqual([
      'fail LaunchTemplate/payments-prod-general @ launchTemplates[0].metadataOptions.httpTokens',
    ]);
    expect(outcome.findings[0].message).toBe(
      'EKS launch template "payments-prod-general" exposes instance metadata to pods: IMDSv1 is allowed (httpTokens is optional); the hop limit of 2 lets pods reach the service through the node.',
    );
    const hopsOnly = editDescriptor('eks-good', d => {
      d.launchTemplates[0].metadataOptions.httpPutResponseHopLimit = 2;
    });
    expect(runOnCloud(metadataProtectionCheck, hopsOnly).lines).toEqual([
      'fail LaunchTemplate/checkout-prod-general @ launchTemplates[0].metadataOptions.httpPutResponseHopLimit',
    ]);
    const disabled = editDescriptor('eks-bad', d => {
      d.launchTemplates[0].metadataOptions.httpEndpoint = 'disabled';
    });
    expect(runOnCloud(metadataProtectionCheck, disabled).findings).toEqual([]);
  });

  it('fails GKE node pools without the GKE metadata server', () => {
    const outcome = runOnCloud(
      metadataProtectionCheck,
      loadDescriptor('gke-bad'),
    );
    expect(outcome.lines).toEqual([
      'fail NodePool/default-pool @ cluster.nodePools[0].config.workloadMetadataConfig.mode',
      'fail NodePool/highmem-pool @ cluster.nodePools[1].config.workloadMetadataConfig.mode',
    ]);
    expect(outcome.findings[0].message).toContain(
      '(workload metadata mode not set)',
    );
    expect(outcome.findings[1].message).toContain(
      '(workload metadata mode GCE_METADATA)',
    );
  });

  it('passes GKE Autopilot', () => {
    const autopilot = editDescriptor('gke-bad', d => {
      d.cluster.autopilot = { enabled: true };
    });
    expect(runOnCloud(metadataProtectionCheck, autopilot)).toMatchObject({
      evidence: true,
      findings: [],
    });
  });

  it('warns when AKS pods can reach the instance metadata service', () => {
    const outcome = runOnCloud(
      metadataProtectionCheck,
      loadDescriptor('aks-bad'),
    );
    expect(outcome.lines).toEqual([
      'warn Cluster/orders-aks @ cluster.networkProfile.podLinkLocalAccess',
    ]);
    expect(outcome.findings[0].message).toContain(
      'podLinkLocalAccess is not set, so IMDS is reachable',
    );
  });

  it('passes protected metadata on every provider', () => {
    for (const name of ['eks-good', 'gke-good', 'aks-good'] as const) {
      expect(
        runOnCloud(metadataProtectionCheck, loadDescriptor(name)),
      ).toMatchObject({ evidence: true, findings: [] });
    }
  });

  it('has no evidence without node facts', () => {
    for (const provider of ['eks', 'gke', 'aks'] as const) {
      expect(
        runOnCloud(metadataProtectionCheck, bareDescriptor(provider)).evidence,
      ).toBe(false);
    }
  });
});
