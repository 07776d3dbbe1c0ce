import type { FakeAwsState } from './FakeAwsServer';

export const ACCOUNT = '111122223333';
export const REGION = 'eu-west-1';
export const VPC = 'vpc-0f1e2d3c4b5a69788';
export const ROLE = `arn:aws:iam::${ACCOUNT}:role/kube-security-read`;

const CREATED = new Date('2023-04-12T09:15:42.118Z');

/** A DescribeCluster `cluster` as EKS returns it. */
export function eksCluster(
  name: string,
  overrides: Record<string, any> = {},
): Record<string, any> {
  return {
    name,
    arn: `arn:aws:eks:${REGION}:${ACCOUNT}:cluster/${name}`,
    createdAt: CREATED,
    version: '1.30',
    endpoint: `https://${name.toUpperCase()}.gr7.${REGION}.eks.amazonaws.com`,
    roleArn: `arn:aws:iam::${ACCOUNT}:role/${name}-cluster-role`,
    resourcesVpcConfig: {
      subnetIds: ['subnet-0001', 'subnet-0002'],
      securityGroupIds: [],
      clusterSecurityGroupId: 'sg-0123456789abcdef0',
      vpcId: VPC,
      endpointPublicAccess: true,
      endpointPrivateAccess: false,
      publicAccessCidrs: ['0.0.0.0/0'],
    },
    kubernetesNetworkConfig: {
      serviceIpv4Cidr: '172.20.0.0/16',
      ipFamily: 'ipv4',
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
          enabled: false,
        },
      ],
    },
    identity: {
      oidc: { issuer: `https://oidc.eks.${REGION}.amazonaws.com/id/ABC` },
    },
    status: 'ACTIVE',
    certificateAuthority: { data: 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==' },
    platformVersion: 'eks.8',
    tags: { team: 'payments' },
    accessConfig: {
      bootstrapClusterCreatorAdminPermissions: true,
      authenticationMode: 'API_AND_CONFIG_MAP',
    },
    ...overrides,
  };
}

const ADMIN_POLICY =
  'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy';

function nodegroup(name: string, extra: Record<string, any>) {
  return {
    nodegroupName: name,
    nodegroupArn: `arn:aws:eks:${REGION}:${ACCOUNT}:nodegroup/payments-prod/${name}/0001`,
    clusterName: 'payments-prod',
    version: '1.30',
    status: 'ACTIVE',
    capacityType: 'ON_DEMAND',
    scalingConfig: { minSize: 1, maxSize: 3, desiredSize: 2 },
    instanceTypes: ['m6i.large'],
    subnets: ['subnet-0001', 'subnet-0002'],
    amiType: 'AL2023_x86_64_STANDARD',
    nodeRole: `arn:aws:iam::${ACCOUNT}:role/payments-prod-node-role`,
    createdAt: CREATED,
    modifiedAt: CREATED,
    ...extra,
  };
}

/**
 * One account with a cluster that has a public endpoint open to the internet and its
 * audit logs off, plus account facts with something to find in each cloud item.
 */
export function exampleState(): FakeAwsState {
  return {
    accountId: ACCOUNT,
    region: REGION,
    clusters: [
      {
        cluster: eksCluster('payments-prod'),
        nodegroups: [
          nodegroup('general', {
            launchTemplate: {
              id: 'lt-0aaa',
              name: 'payments-general',
              version: '3',
            },
          }),
          nodegroup('secure', {
            launchTemplate: {
              id: 'lt-0bbb',
              name: 'payments-secure',
              version: '1',
            },
          }),
          nodegroup('batch', {
            subnets: ['subnet-0001'],
            remoteAccess: { ec2SshKey: 'ops-keypair' },
            nodeRole: `arn:aws:iam::${ACCOUNT}:role/payments-prod-node-admin`,
          }),
        ],
        addons: [
          {
            addonName: 'vpc-cni',
            clusterName: 'payments-prod',
            status: 'ACTIVE',
            addonVersion: 'v1.18.1-eksbuild.3',
            configurationValues: '{"enableNetworkPolicy":"true"}',
            createdAt: CREATED,
            modifiedAt: CREATED,
          },
          {
            addonName: 'coredns',
            clusterName: 'payments-prod',
            status: 'ACTIVE',
            addonVersion: 'v1.11.1-eksbuild.9',
            createdAt: CREATED,
            modifiedAt: CREATED,
          },
        ],
        podIdentityAssociations: [],
        accessEntries: [
          {
            principalArn: `arn:aws:iam::${ACCOUNT}:role/platform-admins`,
            accessPolicies: [
              {
                policyArn: ADMIN_POLICY,
                accessScope: { type: 'cluster', namespaces: [] },
              },
            ],
          },
          {
            principalArn: `arn:aws:iam::${ACCOUNT}:user/alice`,
            accessPolicies: [
              {
                policyArn: ADMIN_POLICY,
                accessScope: { type: 'cluster', namespaces: [] },
              },
            ],
          },
          {
            principalArn: `arn:aws:iam::${ACCOUNT}:role/payments-dev`,
            accessPolicies: [
              {
                policyArn:
                  'arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy',
                accessScope: { type: 'namespace', namespaces: ['payments'] },
              },
            ],
          },
        ],
      },
    ],
    launchTemplates: [
      {
        id: 'lt-0aaa',
        name: 'payments-general',
        version: 3,
        metadataOptions: {
          httpTokens: 'optional',
          httpPutResponseHopLimit: 2,
          httpEndpoint: 'enabled',
        },
      },
      {
        id: 'lt-0aaa',
        name: 'payments-general',
        version: 2,
        metadataOptions: {
          httpTokens: 'required',
          httpPutResponseHopLimit: 1,
          httpEndpoint: 'enabled',
        },
      },
      {
        id: 'lt-0bbb',
        name: 'payments-secure',
        version: 1,
        isDefault: true,
        metadataOptions: {
          httpTokens: 'required',
          httpPutResponseHopLimit: 1,
          httpEndpoint: 'enabled',
        },
      },
    ],
    vpcs: [{ vpcId: VPC, isDefault: true }],
    instances: [
      {
        instanceId: 'i-node1',
        vpcId: VPC,
        tags: { 'eks:cluster-name': 'payments-prod' },
      },
      {
        instanceId: 'i-node2',
        vpcId: VPC,
        tags: { 'kubernetes.io/cluster/payments-prod': 'owned' },
      },
      { instanceId: 'i-legacy-db', vpcId: VPC, tags: { Name: 'legacy-db' } },
      { instanceId: 'i-bastion', vpcId: VPC, state: 'stopped' },
      { instanceId: 'i-gone', vpcId: VPC, state: 'terminated' },
      { instanceId: 'i-elsewhere', vpcId: 'vpc-other' },
    ],
    iamUsers: [
      {
        userName: 'alice',
        consolePassword: true,
        mfaDevices: [],
        groups: ['platform-engineers'],
      },
      {
        userName: 'ci-deployer',
        consolePassword: false,
        attachedPolicies: ['arn:aws:iam::aws:policy/AdministratorAccess'],
        inlinePolicies: ['eks-deploy'],
      },
      {
        userName: 'bob',
        consolePassword: true,
        mfaDevices: ['bob-phone'],
        groups: ['developers'],
      },
    ],
    trails: [
      {
        name: 'management-events',
        isMultiRegionTrail: false,
        isLogging: true,
        logFileValidationEnabled: true,
      },
      {
        name: 'old-trail',
        isMultiRegionTrail: true,
        isLogging: false,
        homeRegion: 'us-east-1',
      },
      {
        name: 'other-region-only',
        isMultiRegionTrail: false,
        isLogging: true,
        homeRegion: 'us-west-2',
      },
    ],
    ecrRepositories: [
      { repositoryName: 'payments/api', scanOnPush: false },
      {
        repositoryName: 'payments/worker',
        scanOnPush: true,
        imageTagMutability: 'IMMUTABLE',
      },
      { repositoryName: 'platform/base', scanOnPush: false },
    ],
    registryScanning: {
      scanType: 'BASIC',
      rules: [
        {
          scanFrequency: 'SCAN_ON_PUSH',
          repositoryFilters: [{ filter: 'platform/*', filterType: 'WILDCARD' }],
        },
      ],
    },
    roles: [{ roleArn: ROLE, externalId: 'kube-security-ext-42' }],
  };
}
