import {
  EksDescriptor,
  evaluate,
  parseCloudDescriptor,
} from '@kube-security/plugin-kube-security-node';
import type { AwsAccountConfig, AwsModuleConfig } from '../config';
import { FakeAwsServer } from '../__testUtils__/FakeAwsServer';
import {
  ACCOUNT,
  REGION,
  ROLE,
  VPC,
  eksCluster,
  exampleState,
} from '../__testUtils__/scenario';
import { AwsEksCollector } from './AwsEksCollector';

let fake: FakeAwsServer;
const collectors: AwsEksCollector[] = [];

beforeEach(async () => {
  fake = await FakeAwsServer.start(exampleState());
});

afterEach(async () => {
  collectors.splice(0).forEach(c => c.close());
  await fake.stop();
});

function account(overrides: Partial<AwsAccountConfig> = {}): AwsAccountConfig {
  return {
    accountId: ACCOUNT,
    region: REGION,
    endpoint: fake.url,
    clusters: [{ name: 'payments', eksClusterName: 'payments-prod' }],
    configKey: 'kubeSecurity.aws.accounts[0]',
    ...overrides,
  };
}

function collector(
  accounts: AwsAccountConfig[] = [account()],
  config: Partial<AwsModuleConfig> = {},
  credentials = fake.credentials,
) {
  const c = new AwsEksCollector({
    config: { accounts, maxAttempts: 4, retryMode: 'standard', ...config },
    credentials,
    accountFactsTtlMs: 0,
  });
  collectors.push(c);
  return c;
}

async function collectEks(c = collector(), name = 'payments') {
  const result = await c.collect(name);
  return {
    eks: result.cloud as EksDescriptor,
    unreadable: result.unreadable ?? [],
    notes: result.notes ?? [],
  };
}

/** Failing and warning findings of the real engine on a descriptor, by check id. */
function findingsOf(eks: EksDescriptor) {
  const { findings } = evaluate({
    cluster: 'payments',
    objects: [],
    cloud: eks,
    scope: 'cluster',
  });
  const byCheck: Record<string, string[]> = {};
  for (const f of findings) {
    if (f.status === 'pass') continue;
    (byCheck[f.checkId] ??= []).push(`${f.status}:${f.resource.name}`);
  }
  return byCheck;
}

describe('AwsEksCollector', () => {
  it('announces its clusters as EKS clusters under their Kube Security names', async () => {
    const c = collector([
      account({
        clusters: [
          {
            name: 'payments',
            eksClusterName: 'payments-prod',
            frequency: 'PT30M',
          },
          { name: 'search', eksClusterName: 'search' },
        ],
      }),
    ]);
    await expect(c.listClusters()).resolves.toEqual([
      { name: 'payments', provider: 'eks', frequency: 'PT30M' },
      { name: 'search', provider: 'eks' },
    ]);
  });

  it('reads the cluster and account facts into the descriptor the checks read', async () => {
    fake.pageSize = 1; // every list needs several pages
    const { eks, unreadable, notes } = await collectEks();

    expect(unreadable).toEqual([]);
    expect(eks.provider).toBe('eks');
    expect(eks.cluster).toMatchObject({
      name: 'payments-prod',
      arn: `arn:aws:eks:${REGION}:${ACCOUNT}:cluster/payments-prod`,
      createdAt: '2023-04-12T09:15:42.118Z',
      resourcesVpcConfig: {
        endpointPublicAccess: true,
        publicAccessCidrs: ['0.0.0.0/0'],
      },
      logging: { clusterLogging: [{ enabled: false }] },
    });
    expect(eks.nodegroups?.map(n => n.nodegroupName)).toEqual([
      'general',
      'secure',
      'batch',
    ]);
    expect(eks.nodegroups?.[2]).toMatchObject({
      remoteAccess: { ec2SshKey: 'ops-keypair' },
    });
    expect(eks.addons?.map(a => [a.addonName, a.configurationValues])).toEqual([
      ['vpc-cni', '{"enableNetworkPolicy":"true"}'],
      ['coredns', undefined],
    ]);
    expect(eks.podIdentityAssociations).toEqual([]);
    // Only the versions the node groups use, with their metadata options.
    expect(eks.launchTemplates).toEqual([
      {
        id: 'lt-0aaa',
        name: 'payments-general',
        version: '3',
        metadataOptions: {
          httpTokens: 'optional',
          httpPutResponseHopLimit: 2,
          httpEndpoint: 'enabled',
        },
      },
      {
        id: 'lt-0bbb',
        name: 'payments-secure',
        version: '1',
        metadataOptions: {
          httpTokens: 'required',
          httpPutResponseHopLimit: 1,
          httpEndpoint: 'enabled',
        },
      },
    ]);
    expect(notes).toContain(
      'EKS node group batch has no launch template of its own; the metadata options of the template EKS manages for it are not read',
    );
    expect(eks.accessEntries).toEqual([
      expect.objectContaining({
        principalArn: `arn:aws:iam::${ACCOUNT}:role/platform-admins`,
        accessPolicies: [
          {
            policyArn:
              'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
            accessScope: { type: 'cluster', namespaces: [] },
          },
        ],
      }),
      expect.objectContaining({
        principalArn: `arn:aws:iam::${ACCOUNT}:user/alice`,
      }),
      expect.objectContaining({
        accessPolicies: [
          expect.objectContaining({
            accessScope: { type: 'namespace', namespaces: ['payments'] },
          }),
        ],
      }),
    ]);

    expect(eks.account?.iamUsers).toEqual([
      {
        userName: 'alice',
        arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
        mfaEnabled: false,
        hasConsolePassword: true,
        attachedPolicies: [],
        inlinePolicies: [],
        groups: ['platform-engineers'],
      },
      {
        userName: 'ci-deployer',
        arn: `arn:aws:iam::${ACCOUNT}:user/ci-deployer`,
        mfaEnabled: false,
        hasConsolePassword: false,
        attachedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'],
        inlinePolicies: ['eks-deploy'],
        groups: [],
      },
      expect.objectContaining({
        userName: 'bob',
        mfaEnabled: true,
        hasConsolePassword: true,
      }),
    ]);
    // The us-west-2 single-region trail does not record this region.
    expect(eks.account?.cloudTrails).toEqual([
      expect.objectContaining({
        name: 'management-events',
        isMultiRegionTrail: false,
        isLogging: true,
        logFileValidationEnabled: true,
      }),
      expect.objectContaining({
        name: 'old-trail',
        homeRegion: 'us-east-1',
        isMultiRegionTrail: true,
        isLogging: false,
      }),
    ]);
    // Two instances that are not this cluster's nodes (running or stopped) share the VPC.
    expect(eks.account?.vpc).toEqual({
      vpcId: VPC,
      isDefault: true,
      otherWorkloads: 2,
    });
    expect(
      eks.account?.ecrRepositories?.map(r => [
        r.repositoryName,
        r.imageScanningConfiguration.scanOnPush,
        r.scanningSource,
      ]),
    ).toEqual([
      ['payments/api', false, 'repository'],
      ['payments/worker', true, 'repository'],
      ['platform/base', true, 'registry'],
    ]);

    // Paging was followed: one request per user and more than one per list.
    expect(fake.calls('iam:ListUsers')).toHaveLength(3);
    expect(fake.calls('eks:ListNodegroups')).toHaveLength(3);
    // Signed with the given credentials, never anything else.
    expect(new Set(fake.requests.map(r => r.accessKeyId))).toEqual(
      new Set([FakeAwsServer.ACCESS_KEY_ID]),
    );
  });

  it('produces a descriptor that the engine judges and that the CLI would accept', async () => {
    const { eks } = await collectEks();
    expect(findingsOf(eks)).toMatchObject({
      'cluster-private-access/public-endpoint': ['fail:payments-prod'],
      'cluster-audit-logging/control-plane-audit-logs': ['fail:payments-prod'],
      'cluster-node-least-privilege/metadata-protection': [
        'fail:payments-general',
      ],
      'cloud-mfa-enforced/iam-users-mfa': ['fail:alice'],
      'cloud-iam-least-privilege/policies-on-users': ['fail:ci-deployer'],
      'cloud-iam-least-privilege/cluster-admins': ['fail:alice'],
      'cloud-audit-logging/cloud-audit-trail': ['fail:111122223333'],
      'cloud-network-isolation/dedicated-network': ['fail:payments-prod'],
      'image-minimal-scanned-base/registry-scanning': ['fail:payments/api'],
      'cluster-private-access/public-node-ips': ['fail:batch'],
    });
    expect(
      findingsOf(eks)['cluster-security-features/network-policy-support'],
    ).toBeUndefined();

    const parsed = parseCloudDescriptor(
      JSON.stringify(eks),
      'cloud.json',
      'eks',
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.descriptor).toEqual(eks);
  });

  it('finds nothing to fix on a well-configured account', async () => {
    const state = exampleState();
    const [payments] = state.clusters;
    payments.cluster = eksCluster('payments-prod', {
      resourcesVpcConfig: {
        ...payments.cluster.resourcesVpcConfig,
        endpointPublicAccess: false,
        endpointPrivateAccess: true,
      },
      logging: {
        clusterLogging: [
          {
            types: [
              'api',
              'audit',
              'authenticator',
              'controllerManager',
              'scheduler',
            ],
            enabled: true,
          },
        ],
      },
    });
    state.launchTemplates![0].metadataOptions = {
      httpTokens: 'required',
      httpPutResponseHopLimit: 1,
    };
    state.iamUsers = state.iamUsers!.filter(u => u.userName === 'bob');
    state.trails![1].isLogging = true;
    state.vpcs = [{ vpcId: VPC, isDefault: false }];
    state.instances = state.instances!.filter(i =>
      i.instanceId.startsWith('i-node'),
    );
    state.ecrRepositories!.forEach(r => {
      r.scanOnPush = true;
    });
    fake.state = state;

    const found = findingsOf((await collectEks()).eks);
    for (const check of [
      'cluster-private-access/public-endpoint',
      'cluster-audit-logging/control-plane-audit-logs',
      'cluster-node-least-privilege/metadata-protection',
      'cloud-mfa-enforced/iam-users-mfa',
      'cloud-iam-least-privilege/policies-on-users',
      'cloud-audit-logging/cloud-audit-trail',
      'cloud-network-isolation/dedicated-network',
      'image-minimal-scanned-base/registry-scanning',
    ]) {
      expect({ check, findings: found[check] }).toEqual({
        check,
        findings: undefined,
      });
    }
  });

  describe('throttling', () => {
    it('retries throttled calls of every protocol with backoff, then succeeds', async () => {
      fake.fail('eks:DescribeCluster', 'throttled', 2);
      fake.fail('iam:ListUsers', 'throttled', 2);
      fake.fail('ec2:DescribeVpcs', 'throttled', 1);
      fake.fail('ecr:DescribeRepositories', 'throttled', 1);
      fake.fail('cloudtrail:DescribeTrails', 'throttled', 1);

      const started = Date.now();
      const { eks, unreadable } = await collectEks();

      expect(unreadable).toEqual([]);
      expect(eks.cluster.name).toBe('payments-prod');
      expect(eks.account?.iamUsers).toHaveLength(3);
      expect(eks.account?.vpc).toMatchObject({ isDefault: true });
      expect(eks.account?.ecrRepositories).toHaveLength(3);
      expect(eks.account?.cloudTrails).toHaveLength(2);
      expect(fake.calls('eks:DescribeCluster')).toHaveLength(3);
      expect(fake.calls('iam:ListUsers')).toHaveLength(3);
      expect(fake.calls('ec2:DescribeVpcs')).toHaveLength(2);
      // Two throttled attempts in a row cost at least some backoff before the third.
      expect(Date.now() - started).toBeGreaterThan(50);
    }, 30_000);

    it('retries throttling in adaptive mode too', async () => {
      fake.fail('eks:DescribeCluster', 'throttled', 2);
      // Adaptive mode also slows the client's later calls down after throttling.
      const { eks } = await collectEks(
        collector([account()], { retryMode: 'adaptive' }),
      );
      expect(eks.cluster.name).toBe('payments-prod');
      expect(fake.calls('eks:DescribeCluster')).toHaveLength(3);
    }, 60_000);

    it('gives up after maxAttempts and records the fact as unreadable, not as a pass', async () => {
      fake.fail('cloudtrail:DescribeTrails', 'throttled');
      const { eks, unreadable } = await collectEks(
        collector([account()], { maxAttempts: 2 }),
      );
      expect(fake.calls('cloudtrail:DescribeTrails')).toHaveLength(2);
      expect(unreadable).toEqual([
        {
          kind: 'aws:cloudtrail:DescribeTrails',
          reason: expect.stringMatching(
            /^ThrottlingException: .*\(after 2 attempts\)$/,
          ),
        },
      ]);
      expect(eks.account?.cloudTrails).toBeUndefined();
      expect(
        findingsOf(eks)['cloud-audit-logging/cloud-audit-trail'],
      ).toBeUndefined();
      expect(eks.account?.iamUsers).toHaveLength(3);
    }, 30_000);
  });

  describe('permission denied', () => {
    it('names the missing IAM action and keeps reading the rest', async () => {
      fake.fail('iam:ListUsers', 'denied');
      fake.fail('eks:DescribeAddon', 'denied');
      fake.fail('ec2:DescribeLaunchTemplateVersions', 'denied');
      fake.fail('ecr:DescribeRepositories', 'denied');
      const { eks, unreadable } = await collectEks();

      expect(unreadable).toEqual(
        expect.arrayContaining([
          {
            kind: 'aws:iam:ListUsers',
            reason:
              'AccessDenied: the AWS credentials in use lack iam:ListUsers',
          },
          {
            kind: 'aws:eks:DescribeAddon',
            reason:
              'AccessDeniedException: the AWS credentials in use lack eks:DescribeAddon',
          },
          {
            kind: 'aws:ec2:DescribeLaunchTemplateVersions',
            reason:
              'UnauthorizedOperation: the AWS credentials in use lack ec2:DescribeLaunchTemplateVersions',
          },
          {
            kind: 'aws:ecr:DescribeRepositories',
            reason:
              'AccessDeniedException: the AWS credentials in use lack ecr:DescribeRepositories',
          },
        ]),
      );
      expect(unreadable).toHaveLength(4);
      // Unknown facts are absent, so their checks have no evidence instead of passing.
      expect(eks.account?.iamUsers).toBeUndefined();
      expect(eks.addons).toBeUndefined();
      expect(eks.launchTemplates).toBeUndefined();
      expect(eks.account?.ecrRepositories).toBeUndefined();
      // Everything else was read.
      expect(eks.nodegroups).toHaveLength(3);
      expect(eks.accessEntries).toHaveLength(3);
      expect(eks.account?.cloudTrails).toHaveLength(2);
      const found = findingsOf(eks);
      expect(found['cloud-mfa-enforced/iam-users-mfa']).toBeUndefined();
      expect(
        found['cluster-security-features/network-policy-support'],
      ).toBeUndefined();
      expect(found['cluster-private-access/public-endpoint']).toEqual([
        'fail:payments-prod',
      ]);
    });

    it('leaves out all IAM users when a per-user fact is denied, and stops asking', async () => {
      fake.fail('iam:ListMFADevices', 'denied');
      const { eks, unreadable } = await collectEks();
      expect(unreadable).toEqual([
        {
          kind: 'aws:iam:ListMFADevices',
          reason:
            'AccessDenied: the AWS credentials in use lack iam:ListMFADevices',
        },
      ]);
      // Alice's missing MFA would otherwise be reported from a guess.
      expect(eks.account?.iamUsers).toBeUndefined();
      expect(fake.calls('iam:ListMFADevices').length).toBeLessThanOrEqual(3);
    });

    it('keeps users without groups when only group membership is denied', async () => {
      fake.fail('iam:ListGroupsForUser', 'denied');
      const { eks, unreadable } = await collectEks();
      expect(unreadable.map(u => u.kind)).toEqual([
        'aws:iam:ListGroupsForUser',
      ]);
      expect(eks.account?.iamUsers?.map(u => [u.userName, u.groups])).toEqual([
        ['alice', undefined],
        ['ci-deployer', undefined],
        ['bob', undefined],
      ]);
    });

    it('does not call a non-default VPC dedicated when its instances cannot be counted', async () => {
      fake.fail('ec2:DescribeInstances', 'denied');
      const defaultVpc = await collectEks();
      expect(defaultVpc.eks.account?.vpc).toEqual({
        vpcId: VPC,
        isDefault: true,
      });

      fake.state.vpcs = [{ vpcId: VPC, isDefault: false }];
      const ownVpc = await collectEks();
      expect(ownVpc.eks.account?.vpc).toBeUndefined();
      expect(ownVpc.unreadable.map(u => u.kind)).toEqual([
        'aws:ec2:DescribeInstances',
      ]);
    });

    it('keeps trails unknown when their status is denied and nothing settles the item', async () => {
      fake.fail('cloudtrail:GetTrailStatus', 'denied');
      const { eks, unreadable } = await collectEks();
      expect(eks.account?.cloudTrails).toBeUndefined();
      expect(unreadable.map(u => u.kind)).toEqual([
        'aws:cloudtrail:GetTrailStatus',
      ]);
    });

    it('uses the repository setting when the registry scanning rules are denied', async () => {
      fake.fail('ecr:GetRegistryScanningConfiguration', 'denied');
      const { eks, unreadable } = await collectEks();
      expect(unreadable.map(u => u.kind)).toEqual([
        'aws:ecr:GetRegistryScanningConfiguration',
      ]);
      expect(
        eks.account?.ecrRepositories?.map(
          r => r.imageScanningConfiguration.scanOnPush,
        ),
      ).toEqual([false, true, false]);
    });

    it('fails the collection naming eks:DescribeCluster when the cluster cannot be described', async () => {
      fake.fail('eks:DescribeCluster', 'denied');
      await expect(collector().collect('payments')).rejects.toThrow(
        `Not allowed to describe EKS cluster payments-prod in ${REGION} (account ${ACCOUNT}): the AWS credentials in use lack eks:DescribeCluster`,
      );
    });
  });

  describe('not found', () => {
    it('fails with an error naming the cluster, region and account', async () => {
      const c = collector([
        account({
          clusters: [{ name: 'ghost', eksClusterName: 'ghost-cluster' }],
        }),
      ]);
      await expect(c.collect('ghost')).rejects.toThrow(
        `EKS cluster ghost-cluster not found in ${REGION} (account ${ACCOUNT})`,
      );
      // Nothing else is read for a cluster that does not exist.
      expect(fake.requests.map(r => r.action)).toEqual(['eks:DescribeCluster']);
    });

    it('rejects a cluster name it was not configured with', async () => {
      await expect(collector().collect('other')).rejects.toThrow(
        'Cluster other is not configured under kubeSecurity.aws.accounts',
      );
    });

    it('skips an add-on deleted between the list and the describe', async () => {
      fake.fail('eks:DescribeAddon', 'notFound', 1);
      const { eks, unreadable } = await collectEks();
      expect(unreadable).toEqual([]);
      expect(eks.addons).toHaveLength(1);
    });
  });

  describe('credentials', () => {
    it('assumes the configured role with its external id and signs every call with it', async () => {
      const c = collector([
        account({ roleArn: ROLE, externalId: 'kube-security-ext-42' }),
      ]);
      const { eks, unreadable } = await collectEks(c);
      expect(unreadable).toEqual([]);
      expect(eks.account?.iamUsers).toHaveLength(3);

      const assume = fake.calls('sts:AssumeRole');
      expect(assume).toHaveLength(1); // shared by the account's clients
      expect(assume[0].params).toMatchObject({
        RoleArn: ROLE,
        ExternalId: 'kube-security-ext-42',
        RoleSessionName: 'kube-security',
      });
      expect(assume[0].accessKeyId).toBe(FakeAwsServer.ACCESS_KEY_ID);
      const others = fake.requests.filter(r => r.action !== 'sts:AssumeRole');
      expect(others.length).toBeGreaterThan(10);
      for (const r of others) {
        expect(r.principal).toBe(
          `arn:aws:sts::${ACCOUNT}:assumed-role/kube-security-read/kube-security`,
        );
        expect(r.sessionToken).toMatch(/^session-/);
      }
    });

    it('names the role in permission messages', async () => {
      fake.fail('iam:ListUsers', 'denied');
      const c = collector([
        account({ roleArn: ROLE, externalId: 'kube-security-ext-42' }),
      ]);
      const { unreadable } = await collectEks(c);
      expect(unreadable).toEqual([
        {
          kind: 'aws:iam:ListUsers',
          reason: `AccessDenied: the role ${ROLE} lacks iam:ListUsers`,
        },
      ]);
    });

    it('fails naming sts:AssumeRole when the role cannot be assumed', async () => {
      const c = collector([account({ roleArn: ROLE, externalId: 'wrong' })]);
      await expect(c.collect('payments')).rejects.toThrow(
        new RegExp(
          `^Could not authenticate to AWS to read EKS cluster payments-prod in ${REGION} \\(account ${ACCOUNT}\\): AssumeRoleFailed: Could not assume role ${ROLE} \\(sts:AssumeRole\\): AccessDenied: .*not authorized to perform: sts:AssumeRole`,
        ),
      );
    });

    it('fails when the credentials are not recognised', async () => {
      const c = collector(
        [account()],
        {},
        { accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'x' },
      );
      await expect(c.collect('payments')).rejects.toThrow(
        /^Could not authenticate to AWS to read EKS cluster payments-prod .*UnrecognizedClientException/,
      );
    });

    it('fails when the cluster belongs to another account than configured', async () => {
      const c = collector([account({ accountId: '999988887777' })]);
      await expect(c.collect('payments')).rejects.toThrow(
        'EKS cluster payments-prod in eu-west-1 belongs to account 111122223333, but kubeSecurity.aws.accounts[0].accountId is 999988887777',
      );
    });
  });

  it('does not ask for access entries of a cluster that only uses the aws-auth ConfigMap', async () => {
    fake.state.clusters[0].cluster.accessConfig = {
      authenticationMode: 'CONFIG_MAP',
    };
    const { eks, unreadable, notes } = await collectEks();
    expect(unreadable).toEqual([]);
    expect(eks.accessEntries).toBeUndefined();
    expect(fake.calls('eks:ListAccessEntries')).toHaveLength(0);
    expect(notes.join('\n')).toMatch(/aws-auth ConfigMap/);
  });

  it('reads account facts once for clusters of one account scanned together', async () => {
    fake.state.clusters.push({ cluster: eksCluster('search') });
    const c = new AwsEksCollector({
      config: {
        accounts: [
          account({
            clusters: [
              { name: 'payments', eksClusterName: 'payments-prod' },
              { name: 'search', eksClusterName: 'search' },
            ],
          }),
        ],
        maxAttempts: 3,
        retryMode: 'standard',
      },
      credentials: fake.credentials,
    });
    collectors.push(c);
    const [a, b] = await Promise.all([
      c.collect('payments'),
      c.collect('search'),
    ]);
    expect(fake.calls('iam:ListUsers')).toHaveLength(1);
    expect((a.cloud as EksDescriptor).account?.iamUsers).toHaveLength(3);
    expect((b.cloud as EksDescriptor).account?.iamUsers).toHaveLength(3);
    expect((b.cloud as EksDescriptor).cluster.name).toBe('search');
  });

  it('stops when the scan is cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      collector().collect('payments', { signal: controller.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(fake.requests).toEqual([]);
  });
});
