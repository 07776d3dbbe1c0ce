import {
  bareDescriptor,
  editDescriptor,
  loadDescriptor,
  runCheck,
  runOnCloud,
  snapshotWith,
} from '../cloud/__testUtils__/harness';
import { nodesGood } from './__testUtils__/load';
import { workloadIdentityCheck } from './workload-identity';

describe('cluster-security-features/workload-identity', () => {
  it('fails each provider without workload identity', () => {
    const eks = runOnCloud(workloadIdentityCheck, loadDescriptor('eks-bad'));
    expect(eks.lines).toEqual(['fail Cluster/payments-prod @ addons']);
    expect(eks.findings[0].message).toContain('Neither EKS Pod Identity');
    expect(
      runOnCloud(workloadIdentityCheck, loadDescriptor('gke-bad')).lines,
    ).toEqual(['fail Cluster/shop-prod @ cluster.workloadIdentityConfig']);
    expect(
      runOnCloud(workloadIdentityCheck, loadDescriptor('aks-bad')).lines,
    ).toEqual(['fail Cluster/orders-aks @ cluster.oidcIssuerProfile.enabled']);
  });

  it('names the missing AKS switch when the OIDC issuer is already on', () => {
    const oidcOnly = editDescriptor('aks-bad', d => {
      d.cluster.oidcIssuerProfile.enabled = true;
    });
    expect(runOnCloud(workloadIdentityCheck, oidcOnly).lines).toEqual([
      'fail Cluster/orders-aks @ cluster.securityProfile.workloadIdentity.enabled',
    ]);
  });

  it('passes EKS with IRSA-annotated service accounts even without the Pod Identity add-on', () => {
    const outcome = runCheck(
      workloadIdentityCheck,
      snapshotWith({ cloud: loadDescriptor('eks-bad'), objects: nodesGood() }),
    );
    expect(outcome).toMatchObject({ evidence: true, findings: [] });
  });

  it('passes workload identity on every provider', () => {
    for (const name of ['eks-good', 'gke-good', 'aks-good'] as const) {
      expect(
        runOnCloud(workloadIdentityCheck, loadDescriptor(name)),
      ).toMatchObject({ evidence: true, findings: [] });
    }
    const associationsOnly = editDescriptor('eks-good', d => {
      d.addons = [];
    });
    expect(
      runOnCloud(workloadIdentityCheck, associationsOnly).findings,
    ).toEqual([]);
  });

  it('has no evidence without identity facts', () => {
    for (const provider of ['eks', 'gke', 'aks'] as const) {
      expect(
        runOnCloud(workloadIdentityCheck, bareDescriptor(provider)).evidence,
      ).toBe(false);
    }
  });
});
