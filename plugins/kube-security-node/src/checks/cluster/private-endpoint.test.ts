import {
  bareDescriptor,
  editDescriptor,
  loadDescriptor,
  runOnCloud,
} from '../cloud/__testUtils__/harness';
import { privateEndpointCheck } from './private-endpoint';

describe('cluster-private-access/private-endpoint', () => {
  it('fails an EKS cluster whose private endpoint access is disabled', () => {
    const outcome = runOnCloud(privateEndpointCheck, loadDescriptor('eks-bad'));
    expect(outcome.evidence).toBe(true);
    expect(outcome.lines).toEqual([
      'fail Cluster/payments-prod @ cluster.resourcesVpcConfig.endpointPrivateAccess',
    ]);
    expect(outcome.findings[0].message).toBe(
      'Private endpoint access is disabled on the EKS cluster: nodes and everything else reach the API server through its public endpoint.',
    );
  });

  it('fails it also when the public endpoint is limited to known ranges', () => {
    const restricted = editDescriptor('eks-bad', d => {
      d.cluster.resourcesVpcConfig.publicAccessCidrs = ['203.0.113.0/24'];
    });
    expect(runOnCloud(privateEndpointCheck, restricted).lines).toEqual([
      'fail Cluster/payments-prod @ cluster.resourcesVpcConfig.endpointPrivateAccess',
    ]);
  });

  it('passes private access, with or without a public endpoint', () => {
    expect(
      runOnCloud(privateEndpointCheck, loadDescriptor('eks-good')),
    ).toMatchObject({ evidence: true, findings: [] });
    const both = editDescriptor('eks-good', d => {
      d.cluster.resourcesVpcConfig.endpointPublicAccess = true;
    });
    expect(runOnCloud(privateEndpointCheck, both)).toMatchObject({
      evidence: true,
      findings: [],
    });
  });

  it('has no evidence when the EKS descriptor does not say', () => {
    const silent = editDescriptor('eks-bad', d => {
      delete d.cluster.resourcesVpcConfig.endpointPrivateAccess;
    });
    expect(runOnCloud(privateEndpointCheck, silent)).toEqual({
      evidence: false,
      findings: [],
      lines: [],
    });
  });

  it('judges nothing on GKE and AKS, whose endpoints the public-endpoint check covers', () => {
    for (const name of [
      'gke-bad',
      'aks-bad',
      'gke-good',
      'aks-good',
    ] as const) {
      expect(runOnCloud(privateEndpointCheck, loadDescriptor(name))).toEqual({
        evidence: true,
        findings: [],
        lines: [],
      });
    }
    for (const provider of ['gke', 'aks'] as const) {
      expect(
        runOnCloud(privateEndpointCheck, bareDescriptor(provider)).evidence,
      ).toBe(false);
    }
  });
});
