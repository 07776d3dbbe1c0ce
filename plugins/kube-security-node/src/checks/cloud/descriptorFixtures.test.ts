import { clusterChecks } from '../cluster';
import { imageChecks } from '../image';
import { cloudChecks } from '.';
import {
  bareDescriptor,
  findingLine,
  FixtureName,
  loadDescriptor,
  runCheck,
  snapshotWith,
} from './__testUtils__/harness';

const ALL = [...cloudChecks, ...clusterChecks, ...imageChecks];

/** Every finding of every cloud/cluster/image check on a descriptor-only snapshot. */
function evaluateFixture(name: FixtureName) {
  const snapshot = snapshotWith({ cloud: loadDescriptor(name) });
  const lines: string[] = [];
  const withEvidence: string[] = [];
  for (const check of ALL) {
    const outcome = runCheck(check, snapshot);
    outcome.findings.forEach(f => lines.push(`${check.id} ${findingLine(f)}`));
    if (outcome.evidence) withEvidence.push(check.id);
  }
  return { lines: lines.sort(), withEvidence };
}

describe('provider descriptor fixtures', () => {
  it('eks-bad flags exactly the expected resources and evidence paths', () => {
    expect(evaluateFixture('eks-bad').lines).toEqual(
      [
        'cloud-audit-logging/cloud-audit-trail fail AWSAccount/111122223333 @ account.cloudTrails[0].isMultiRegionTrail',
        'cloud-iam-least-privilege/cluster-admins fail Cluster/payments-prod @ accessEntries',
        'cloud-iam-least-privilege/cluster-admins fail IAMUser/alice @ accessEntries[1].principalArn',
        'cloud-iam-least-privilege/policies-on-users fail IAMUser/ci-deployer @ account.iamUsers[1].attachedPolicies',
        'cloud-mfa-enforced/iam-users-mfa fail IAMUser/alice @ account.iamUsers[0].mfaEnabled',
        'cloud-network-isolation/dedicated-network fail Cluster/payments-prod @ account.vpc.isDefault',
        'cluster-audit-logging/control-plane-audit-logs fail Cluster/payments-prod @ cluster.logging.clusterLogging',
        'cluster-multi-zone/node-zones fail NodeGroup/batch @ nodegroups[1].subnets',
        'cluster-node-least-privilege/metadata-protection fail LaunchTemplate/payments-prod-general @ launchTemplates[0].metadataOptions.httpTokens',
        'cluster-node-least-privilege/node-identity warn NodeGroup/general @ nodegroups[0].nodeRole',
        'cluster-private-access/private-endpoint fail Cluster/payments-prod @ cluster.resourcesVpcConfig.endpointPrivateAccess',
        'cluster-private-access/public-endpoint fail Cluster/payments-prod @ cluster.resourcesVpcConfig.publicAccessCidrs',
        'cluster-private-access/public-node-ips fail NodeGroup/batch @ nodegroups[1].remoteAccess.sourceSecurityGroups',
        'cluster-security-features/network-policy-support fail Cluster/payments-prod @ addons[0].configurationValues',
        'cluster-security-features/secrets-encryption fail Cluster/payments-prod @ cluster.encryptionConfig',
        'cluster-security-features/workload-identity fail Cluster/payments-prod @ addons',
        'image-minimal-scanned-base/registry-scanning fail ECRRepository/payments/api @ account.ecrRepositories[0].imageScanningConfiguration.scanOnPush',
      ].sort(),
    );
  });

  it('gke-bad flags exactly the expected resources and evidence paths', () => {
    expect(evaluateFixture('gke-bad').lines).toEqual(
      [
        'cloud-audit-logging/cloud-audit-trail warn GCPProject/acme-shop-prod @ account.iamPolicy.auditConfigs',
        'cloud-iam-least-privilege/cluster-admins fail Cluster/shop-prod @ account.iamPolicy.bindings',
        'cloud-iam-least-privilege/cluster-admins fail IAMUser/dana@acme.example @ account.iamPolicy.bindings[0].members[0]',
        'cloud-iam-least-privilege/cluster-admins fail IAMUser/lee@acme.example @ account.iamPolicy.bindings[0].members[1]',
        'cloud-iam-least-privilege/cluster-admins fail IAMUser/sam@acme.example @ account.iamPolicy.bindings[1].members[0]',
        'cloud-iam-least-privilege/policies-on-users fail IAMUser/dana@acme.example @ account.iamPolicy.bindings[0].members[0]',
        'cloud-iam-least-privilege/policies-on-users fail IAMUser/lee@acme.example @ account.iamPolicy.bindings[0].members[1]',
        'cloud-iam-least-privilege/policies-on-users fail IAMUser/sam@acme.example @ account.iamPolicy.bindings[1].members[0]',
        'cloud-network-isolation/dedicated-network fail Cluster/shop-prod @ cluster.network',
        'cluster-audit-logging/control-plane-audit-logs warn Cluster/shop-prod @ account.iamPolicy.auditConfigs',
        'cluster-multi-zone/control-plane-zones fail Cluster/shop-prod @ cluster.location',
        'cluster-multi-zone/node-zones fail NodePool/default-pool @ cluster.nodePools[0].locations',
        'cluster-multi-zone/node-zones fail NodePool/highmem-pool @ cluster.nodePools[1].locations',
        'cluster-node-least-privilege/metadata-protection fail NodePool/default-pool @ cluster.nodePools[0].config.workloadMetadataConfig.mode',
        'cluster-node-least-privilege/metadata-protection fail NodePool/highmem-pool @ cluster.nodePools[1].config.workloadMetadataConfig.mode',
        'cluster-node-least-privilege/node-identity fail NodePool/default-pool @ cluster.nodePools[0].config.serviceAccount',
        'cluster-private-access/public-endpoint fail Cluster/shop-prod @ cluster.masterAuthorizedNetworksConfig.enabled',
        'cluster-private-access/public-node-ips fail NodePool/default-pool @ cluster.privateClusterConfig.enablePrivateNodes',
        'cluster-private-access/public-node-ips fail NodePool/highmem-pool @ cluster.privateClusterConfig.enablePrivateNodes',
        'cluster-security-features/network-policy-support fail Cluster/shop-prod @ cluster.networkPolicy',
        'cluster-security-features/rbac-enabled fail Cluster/shop-prod @ cluster.legacyAbac.enabled',
        'cluster-security-features/secrets-encryption fail Cluster/shop-prod @ cluster.databaseEncryption.state',
        'cluster-security-features/workload-identity fail Cluster/shop-prod @ cluster.workloadIdentityConfig',
        'image-minimal-scanned-base/registry-scanning fail Cluster/shop-prod @ cluster.securityPostureConfig.vulnerabilityMode',
      ].sort(),
    );
  });

  it('aks-bad flags exactly the expected resources and evidence paths', () => {
    expect(evaluateFixture('aks-bad').lines).toEqual(
      [
        'cloud-audit-logging/cloud-audit-trail fail AzureSubscription/8c1e5f3a-2b4d-4e6f-9a0b-1c2d3e4f5a6b @ account.activityLogSettings',
        'cloud-iam-least-privilege/cluster-admins fail IAMUser/maria@contoso.example @ account.roleAssignments[0].principalType',
        'cloud-iam-least-privilege/cluster-admins fail IAMUser/tom@contoso.example @ account.roleAssignments[1].principalType',
        'cloud-iam-least-privilege/cluster-admins warn Cluster/orders-aks @ cluster.disableLocalAccounts',
        'cloud-iam-least-privilege/policies-on-users fail IAMUser/maria@contoso.example @ account.roleAssignments[0].principalType',
        'cloud-iam-least-privilege/policies-on-users fail IAMUser/tom@contoso.example @ account.roleAssignments[1].principalType',
        'cloud-network-isolation/dedicated-network fail Cluster/orders-aks @ account.vnet.otherWorkloads',
        'cluster-audit-logging/control-plane-audit-logs fail Cluster/orders-aks @ account.diagnosticSettings',
        'cluster-multi-zone/control-plane-zones warn Cluster/orders-aks @ cluster.agentPoolProfiles',
        'cluster-multi-zone/node-zones fail AgentPool/nodepool1 @ cluster.agentPoolProfiles[0].availabilityZones',
        'cluster-node-least-privilege/metadata-protection warn Cluster/orders-aks @ cluster.networkProfile.podLinkLocalAccess',
        'cluster-node-least-privilege/node-identity warn Cluster/orders-aks @ cluster.servicePrincipalProfile.clientId',
        'cluster-private-access/public-endpoint fail Cluster/orders-aks @ cluster.apiServerAccessProfile',
        'cluster-private-access/public-node-ips fail AgentPool/nodepool1 @ cluster.agentPoolProfiles[0].enableNodePublicIp',
        'cluster-security-features/network-policy-support fail Cluster/orders-aks @ cluster.networkProfile.networkPolicy',
        'cluster-security-features/rbac-enabled fail Cluster/orders-aks @ cluster.enableRbac',
        'cluster-security-features/secrets-encryption fail Cluster/orders-aks @ cluster.securityProfile.azureKeyVaultKms',
        'cluster-security-features/workload-identity fail Cluster/orders-aks @ cluster.oidcIssuerProfile.enabled',
        'image-minimal-scanned-base/registry-scanning fail Cluster/orders-aks @ cluster.securityProfile.defender',
      ].sort(),
    );
  });

  it.each(['eks-good', 'gke-good', 'aks-good'] as const)(
    '%s yields no fail or warn',
    name => {
      expect(evaluateFixture(name).lines).toEqual([]);
    },
  );

  // Good fixtures must pass on evidence, not on silence.
  it.each([
    [
      'eks-good',
      [
        'cluster-private-access/public-node-ips',
        'cluster-multi-zone/node-zones',
      ],
    ],
    ['gke-good', ['cloud-mfa-enforced/iam-users-mfa']],
    ['aks-good', ['cloud-mfa-enforced/iam-users-mfa']],
  ] as const)(
    '%s has evidence for every descriptor-based check but %j',
    (name, without) => {
      const cloudBased = [...cloudChecks, ...clusterChecks]
        .map(c => c.id)
        .concat('image-minimal-scanned-base/registry-scanning');
      const expected = cloudBased.filter(
        id => !(without as readonly string[]).includes(id),
      );
      expect(evaluateFixture(name).withEvidence.sort()).toEqual(
        expected.sort(),
      );
    },
  );

  it.each(['eks', 'gke', 'aks'] as const)(
    'a %s descriptor without fields gives no check any evidence',
    provider => {
      const snapshot = snapshotWith({
        cloud: bareDescriptor(provider),
        scope: 'manifests',
      });
      for (const check of ALL) {
        const outcome = runCheck(check, snapshot);
        expect({ id: check.id, ...outcome }).toEqual({
          id: check.id,
          evidence: false,
          findings: [],
          lines: [],
        });
      }
    },
  );
});
