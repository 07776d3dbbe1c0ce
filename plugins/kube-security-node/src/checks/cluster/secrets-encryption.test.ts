import {
  bareDescriptor,
  editDescriptor,
  loadDescriptor,
  runOnCloud,
} from '../cloud/__testUtils__/harness';
import { secretsEncryptionCheck } from './secrets-encryption';

describe('cluster-security-features/secrets-encryption', () => {
  it('fails each provider without customer-managed envelope encryption', () => {
    const eks = runOnCloud(secretsEncryptionCheck, loadDescriptor('eks-bad'));
    expect(eks.lines).toEqual([
      'fail Cluster/payments-prod @ cluster.encryptionConfig',
    ]);
    expect(eks.findings[0].message).toContain('customer-managed KMS key');
    const gke = runOnCloud(secretsEncryptionCheck, loadDescriptor('gke-bad'));
    expect(gke.lines).toEqual([
      'fail Cluster/shop-prod @ cluster.databaseEncryption.state',
    ]);
    expect(gke.findings[0].message).toContain(
      'databaseEncryption state DECRYPTED',
    );
    expect(
      runOnCloud(secretsEncryptionCheck, loadDescriptor('aks-bad')).lines,
    ).toEqual([
      'fail Cluster/orders-aks @ cluster.securityProfile.azureKeyVaultKms',
    ]);
  });

  it('fails an EKS encryption config that does not cover secrets', () => {
    const other = editDescriptor('eks-good', d => {
      d.cluster.encryptionConfig[0].resources = ['configmaps'];
    });
    expect(runOnCloud(secretsEncryptionCheck, other).findings).toHaveLength(1);
  });

  it('passes envelope encryption on every provider', () => {
    for (const name of ['eks-good', 'gke-good', 'aks-good'] as const) {
      expect(
        runOnCloud(secretsEncryptionCheck, loadDescriptor(name)),
      ).toMatchObject({ evidence: true, findings: [] });
    }
  });

  it('has no evidence without encryption facts', () => {
    for (const provider of ['eks', 'gke', 'aks'] as const) {
      expect(
        runOnCloud(secretsEncryptionCheck, bareDescriptor(provider)).evidence,
      ).toBe(false);
    }
  });
});
