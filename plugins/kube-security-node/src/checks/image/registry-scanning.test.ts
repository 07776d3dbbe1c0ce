import {
  bareDescriptor,
  editDescriptor,
  loadDescriptor,
  runOnCloud,
} from '../cloud/__testUtils__/harness';
import { registryScanningCheck } from './registry-scanning';

describe('image-minimal-scanned-base/registry-scanning', () => {
  it('fails ECR repositories without scan on push', () => {
    const outcome = runOnCloud(
      registryScanningCheck,
      loadDescriptor('eks-bad'),
    );
    expect(outcome.lines).toEqual([
      'fail ECRRepository/payments/api @ account.ecrRepositories[0].imageScanningConfiguration.scanOnPush',
    ]);
    expect(outcome.findings[0].message).toBe(
      'ECR repository payments/api does not scan images on push.',
    );
  });

  it('fails GKE without workload vulnerability scanning, passes basic or enterprise', () => {
    expect(
      runOnCloud(registryScanningCheck, loadDescriptor('gke-bad')).lines,
    ).toEqual([
      'fail Cluster/shop-prod @ cluster.securityPostureConfig.vulnerabilityMode',
    ]);
    const basic = editDescriptor('gke-bad', d => {
      d.cluster.securityPostureConfig.vulnerabilityMode = 'VULNERABILITY_BASIC';
    });
    expect(runOnCloud(registryScanningCheck, basic).findings).toEqual([]);
  });

  it('fails AKS without Defender for Containers', () => {
    expect(
      runOnCloud(registryScanningCheck, loadDescriptor('aks-bad')).lines,
    ).toEqual(['fail Cluster/orders-aks @ cluster.securityProfile.defender']);
  });

  it('passes scanning on every provider', () => {
    for (const name of ['eks-good', 'gke-good', 'aks-good'] as const) {
      expect(
        runOnCloud(registryScanningCheck, loadDescriptor(name)),
      ).toMatchObject({ evidence: true, findings: [] });
    }
  });

  it('has no evidence without scanning facts', () => {
    for (const provider of ['eks', 'gke', 'aks'] as const) {
      expect(
        runOnCloud(registryScanningCheck, bareDescriptor(provider)).evidence,
      ).toBe(false);
    }
  });
});
