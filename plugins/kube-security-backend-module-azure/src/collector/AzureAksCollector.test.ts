import {
  ALL_CHECKS,
  buildIndex,
  resolveEngineOptions,
  runChecks,
  type AksDescriptor,
  type CloudDescriptor,
} from '@kube-security/plugin-kube-security-node';
import {
  activityLogSetting,
  clusterDiagnosticSetting,
  clusterId,
  privateClusterBody,
  publicClusterBody,
  RESOURCE_GROUP,
  roleAssignment,
  roleDefinition,
  ROLES,
  SUBSCRIPTION,
  SUBSCRIPTION_SCOPE,
} from '../__testUtils__/armFixtures';
import {
  authorizationFailed,
  fakeCredential,
  FakeArmServer,
  FAKE_TOKEN,
  throttled,
} from '../__testUtils__/FakeArmServer';
import type { AzureSubscriptionConfig } from '../config';
import { AzureAksCollector } from './AzureAksCollector';
import { AzureCollectError } from './errors';

/** What each check concluded from a descriptor alone (no Kubernetes objects). */
function verdicts(cloud: CloudDescriptor | undefined): Record<string, string> {
  const index = buildIndex({
    cluster: 'c',
    provider: 'aks',
    objects: [],
    cloud,
    scope: 'manifests',
  });
  const runs = runChecks(ALL_CHECKS, index, resolveEngineOptions({}));
  return Object.fromEntries(
    runs.map(run => {
      let verdict = 'pass';
      if (!run.hadEvidence) verdict = 'unknown';
      else if (run.findings.some(f => (f.status ?? 'fail') === 'fail')) {
        verdict = 'fail';
      } else if (run.findings.length) verdict = 'warn';
      return [run.check.id, verdict];
    }),
  );
}

const CLUSTER_PATH = /managedClusters\/[^/]+$/i;
const CLUSTER_DIAGNOSTICS =
  /managedClusters\/[^/]+\/providers\/Microsoft\.Insights\/diagnosticSettings$/i;
const SUBSCRIPTION_DIAGNOSTICS = new RegExp(
  `^/subscriptions/${SUBSCRIPTION}/providers/Microsoft\\.Insights/diagnosticSettings$`,
  'i',
);
const ROLE_ASSIGNMENTS = /roleAssignments$/i;
const ROLE_DEFINITIONS = /roleDefinitions\/[^/]+$/i;

describe('AzureAksCollector against a local ARM', () => {
  let arm: FakeArmServer;

  function subscription(
    clusters: AzureSubscriptionConfig['clusters'],
  ): AzureSubscriptionConfig {
    return { subscriptionId: SUBSCRIPTION, endpoint: arm.url, clusters };
  }

  function collector(
    clusters: AzureSubscriptionConfig['clusters'] = [
      {
        name: 'orders',
        resourceGroup: RESOURCE_GROUP,
        aksClusterName: 'orders-aks',
      },
      {
        name: 'billing-aks',
        resourceGroup: RESOURCE_GROUP,
        aksClusterName: 'billing-aks',
      },
    ],
  ) {
    return new AzureAksCollector([subscription(clusters)], {
      credential: fakeCredential,
      clientOptions: { tlsOptions: { ca: arm.ca } },
    });
  }

  beforeEach(async () => {
    arm = await FakeArmServer.start();
    arm.addCluster(publicClusterBody('orders-aks'));
    arm.addCluster(privateClusterBody('billing-aks'));
    arm.setDiagnosticSettings(clusterId('billing-aks'), [
      clusterDiagnosticSetting(clusterId('billing-aks'), [
        'kube-audit',
        'kube-apiserver',
        'guard',
      ]),
    ]);
    arm.setDiagnosticSettings(SUBSCRIPTION_SCOPE, [activityLogSetting()]);
    arm.addRoleDefinitions(
      roleDefinition(ROLES.owner),
      roleDefinition(ROLES.aksRbacClusterAdmin),
      roleDefinition(ROLES.aksClusterUser),
      roleDefinition(ROLES.aksRbacWriter),
    );
    arm.addRoleAssignments(
      // Inherited from the resource group: applies to both clusters.
      roleAssignment({
        scope: `${SUBSCRIPTION_SCOPE}/resourceGroups/${RESOURCE_GROUP}`,
        principalId: '11111111-0000-4000-8000-000000000001',
        principalType: 'Group',
        role: ROLES.aksRbacWriter,
      }),
      roleAssignment({
        scope: clusterId('orders-aks'),
        principalId: '22222222-0000-4000-8000-000000000002',
        principalType: 'User',
        role: ROLES.aksRbacClusterAdmin,
      }),
      roleAssignment({
        scope: clusterId('orders-aks'),
        principalId: '33333333-0000-4000-8000-000000000003',
        principalType: 'ServicePrincipal',
        role: ROLES.aksClusterUser,
      }),
      roleAssignment({
        scope: clusterId('billing-aks'),
        principalId: '44444444-0000-4000-8000-000000000004',
        principalType: 'Group',
        role: ROLES.aksRbacClusterAdmin,
      }),
    );
  });

  afterEach(async () => {
    await arm.stop();
  });

  it('lists the configured clusters under their Kube Security names', async () => {
    await expect(collector().listClusters()).resolves.toEqual([
      { name: 'orders', provider: 'aks' },
      { name: 'billing-aks', provider: 'aks' },
    ]);
  });

  it('reads a public cluster into the AKS descriptor the checks judge', async () => {
    const result = await collector().collect('orders');
    const cloud = result.cloud as AksDescriptor;

    expect(result.unreadable).toEqual([]);
    expect(cloud.provider).toBe('aks');
    // ARM `properties` lifted to the top level, as `az aks show` prints them.
    expect(cloud.cluster).toMatchObject({
      id: clusterId('orders-aks'),
      name: 'orders-aks',
      resourceGroup: RESOURCE_GROUP,
      provisioningState: 'Succeeded',
      enableRBAC: false,
      sku: { tier: 'Free' },
      agentPoolProfiles: [{ name: 'nodepool1', enableNodePublicIP: true }],
    });
    expect(cloud.cluster.properties).toBeUndefined();
    expect(cloud.account?.diagnosticSettings).toEqual([]);
    expect(cloud.account?.activityLogSettings).toEqual([
      expect.objectContaining({
        name: 'activity-to-law',
        logs: expect.arrayContaining([
          { category: 'Administrative', enabled: true },
        ]),
      }),
    ]);
    // Inherited and direct assignments, with role names resolved.
    expect(cloud.account?.roleAssignments).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          principalId: '11111111-0000-4000-8000-000000000001',
          principalType: 'Group',
          roleDefinitionName: 'Azure Kubernetes Service RBAC Writer',
          scope: `${SUBSCRIPTION_SCOPE}/resourceGroups/${RESOURCE_GROUP}`,
        }),
        expect.objectContaining({
          principalId: '22222222-0000-4000-8000-000000000002',
          principalType: 'User',
          roleDefinitionName: 'Azure Kubernetes Service RBAC Cluster Admin',
        }),
      ]),
    );
    expect(cloud.account?.roleAssignments).toHaveLength(3);

    expect(verdicts(cloud)).toMatchObject({
      'cluster-private-access/public-endpoint': 'fail',
      'cluster-private-access/public-node-ips': 'fail',
      'cluster-audit-logging/control-plane-audit-logs': 'fail',
      'cluster-security-features/rbac-enabled': 'fail',
      'cluster-security-features/secrets-encryption': 'fail',
      'cluster-security-features/workload-identity': 'fail',
      'cluster-security-features/network-policy-support': 'fail',
      'cloud-iam-least-privilege/cluster-admins': 'fail',
      'cloud-iam-least-privilege/policies-on-users': 'fail',
      'cluster-multi-zone/control-plane-zones': 'warn',
      'cluster-node-least-privilege/node-identity': 'warn',
      'cluster-node-least-privilege/metadata-protection': 'warn',
      'image-minimal-scanned-base/registry-scanning': 'fail',
      // The activity log is exported even though the cluster's own logs are not.
      'cloud-audit-logging/cloud-audit-trail': 'pass',
    });
  });

  it('reads a hardened cluster so that its checks pass, keeping fields the SDK model drops', async () => {
    const result = await collector().collect('billing-aks');
    const cloud = result.cloud as AksDescriptor;

    expect(result.unreadable).toEqual([]);
    expect(cloud.cluster.networkProfile.podLinkLocalAccess).toBe('None');
    expect(cloud.cluster.apiServerAccessProfile).toMatchObject({
      enablePrivateCluster: true,
    });
    expect(cloud.account?.diagnosticSettings).toEqual([
      expect.objectContaining({
        workspaceId: expect.stringContaining('law-security'),
        logs: expect.arrayContaining([
          expect.objectContaining({ category: 'kube-audit', enabled: true }),
        ]),
      }),
    ]);
    expect(verdicts(cloud)).toMatchObject({
      'cluster-private-access/public-endpoint': 'pass',
      'cluster-private-access/public-node-ips': 'pass',
      'cluster-audit-logging/control-plane-audit-logs': 'pass',
      'cloud-audit-logging/cloud-audit-trail': 'pass',
      'cluster-security-features/rbac-enabled': 'pass',
      'cluster-security-features/secrets-encryption': 'pass',
      'cluster-security-features/network-policy-support': 'pass',
      'cluster-multi-zone/node-zones': 'pass',
      'cluster-multi-zone/control-plane-zones': 'pass',
      'cluster-node-least-privilege/node-identity': 'pass',
      'cluster-node-least-privilege/metadata-protection': 'pass',
      'cloud-iam-least-privilege/cluster-admins': 'pass',
      'cloud-iam-least-privilege/policies-on-users': 'pass',
      'cloud-network-isolation/dedicated-network': 'pass',
      'image-minimal-scanned-base/registry-scanning': 'pass',
    });
  });

  it('judges zone spread from the availability zones of the agent pools, not from the pricing tier', async () => {
    const body = publicClusterBody('zoned-aks');
    body.properties.agentPoolProfiles[0] = {
      ...body.properties.agentPoolProfiles[0],
      availabilityZones: ['1', '2', '3'],
    } as any;
    arm.addCluster(body);
    const result = await collector([
      {
        name: 'zoned',
        resourceGroup: RESOURCE_GROUP,
        aksClusterName: 'zoned-aks',
      },
    ]).collect('zoned');
    const cloud = result.cloud as AksDescriptor;
    expect(cloud.cluster.sku).toMatchObject({ tier: 'Free' });
    expect(cloud.cluster.agentPoolProfiles[0].availabilityZones).toEqual([
      '1',
      '2',
      '3',
    ]);
    expect(verdicts(cloud)).toMatchObject({
      'cluster-multi-zone/control-plane-zones': 'pass',
      'cluster-multi-zone/node-zones': 'pass',
    });
  });

  it('sends what ARM expects: bearer token, api-version, relative resource paths', async () => {
    await collector().collect('orders');
    expect(arm.requests.length).toBeGreaterThanOrEqual(5);
    for (const request of arm.requests) {
      expect(request.method).toBe('GET');
      expect(request.authorization).toBe(`Bearer ${FAKE_TOKEN}`);
      expect(request.apiVersion).toMatch(/^\d{4}-\d{2}-\d{2}(-preview)?$/);
      expect(request.path).not.toMatch(/^\/\//);
    }
    expect(arm.requestsMatching(CLUSTER_PATH).map(r => r.path)).toEqual([
      `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.ContainerService/managedClusters/orders-aks`,
    ]);
    expect(arm.requestsMatching(CLUSTER_DIAGNOSTICS)).toHaveLength(1);
    expect(arm.requestsMatching(SUBSCRIPTION_DIAGNOSTICS)).toHaveLength(1);
    expect(arm.requestsMatching(ROLE_ASSIGNMENTS)[0].filter).toBe('atScope()');
    // One lookup per distinct role definition.
    expect(arm.requestsMatching(ROLE_DEFINITIONS)).toHaveLength(3);
    // The module only reads.
    expect(arm.requests.every(r => r.method === 'GET')).toBe(true);
  });

  it('follows nextLink pages of role assignments', async () => {
    arm.pageSize = 1;
    const result = await collector().collect('orders');
    expect(
      (result.cloud as AksDescriptor).account?.roleAssignments,
    ).toHaveLength(3);
    expect(arm.requestsMatching(ROLE_ASSIGNMENTS)).toHaveLength(3);
  });

  it('retries throttled requests after Retry-After and then succeeds', async () => {
    arm.addFault(CLUSTER_PATH, throttled(1, 1));
    arm.addFault(ROLE_ASSIGNMENTS, throttled(1, 1));
    const started = Date.now();
    const result = await collector().collect('orders');

    expect(result.unreadable).toEqual([]);
    expect((result.cloud as AksDescriptor).cluster.name).toBe('orders-aks');
    expect(
      (result.cloud as AksDescriptor).account?.roleAssignments,
    ).toHaveLength(3);
    expect(arm.requestsMatching(CLUSTER_PATH)).toHaveLength(2);
    expect(arm.requestsMatching(ROLE_ASSIGNMENTS)).toHaveLength(2);
    // The cluster read waited for Retry-After before the others started.
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  }, 20_000);

  it('records denied diagnostic settings as unreadable, naming the action, and never as a pass', async () => {
    arm.addFault(
      CLUSTER_DIAGNOSTICS,
      authorizationFailed(
        'Microsoft.Insights/diagnosticSettings/read',
        clusterId('billing-aks'),
      ),
    );
    const result = await collector().collect('billing-aks');
    const cloud = result.cloud as AksDescriptor;

    expect(result.unreadable).toEqual([
      {
        kind: 'azure:monitor:diagnosticSettings',
        reason: expect.stringContaining(
          'lacks Microsoft.Insights/diagnosticSettings/read',
        ),
      },
    ]);
    expect(result.unreadable?.[0].reason).toContain(
      'AuthorizationFailed (403)',
    );
    expect(cloud.account?.diagnosticSettings).toBeUndefined();
    // What could be read is still there.
    expect(cloud.account?.activityLogSettings).toHaveLength(1);
    expect(cloud.account?.roleAssignments).toHaveLength(2);
    const v = verdicts(cloud);
    expect(v['cluster-audit-logging/control-plane-audit-logs']).toBe('unknown');
    expect(v['cluster-private-access/public-endpoint']).toBe('pass');
  });

  it('names the missing action when the subscription activity-log settings are denied', async () => {
    arm.addFault(
      SUBSCRIPTION_DIAGNOSTICS,
      authorizationFailed(
        'Microsoft.Insights/diagnosticSettings/read',
        SUBSCRIPTION_SCOPE,
      ),
    );
    const result = await collector().collect('orders');
    expect(result.unreadable).toEqual([
      {
        kind: 'azure:monitor:subscriptionDiagnosticSettings',
        reason: expect.stringMatching(
          new RegExp(
            `lacks Microsoft\\.Insights/diagnosticSettings/read on /subscriptions/${SUBSCRIPTION}\\b`,
          ),
        ),
      },
    ]);
    const cloud = result.cloud as AksDescriptor;
    expect(cloud.account?.activityLogSettings).toBeUndefined();
    expect(verdicts(cloud)['cloud-audit-logging/cloud-audit-trail']).toBe(
      'unknown',
    );
  });

  it('leaves role assignments out when role names cannot be read, so admins are not undercounted', async () => {
    arm.addFault(
      ROLE_DEFINITIONS,
      authorizationFailed(
        'Microsoft.Authorization/roleDefinitions/read',
        SUBSCRIPTION_SCOPE,
      ),
    );
    const result = await collector().collect('orders');
    expect(result.unreadable).toEqual([
      {
        kind: 'azure:authorization:roleDefinitions',
        reason: expect.stringContaining(
          'lacks Microsoft.Authorization/roleDefinitions/read',
        ),
      },
    ]);
    const cloud = result.cloud as AksDescriptor;
    expect(cloud.account?.roleAssignments).toBeUndefined();
    const v = verdicts(cloud);
    expect(v['cloud-iam-least-privilege/cluster-admins']).toBe('unknown');
    expect(v['cloud-iam-least-privilege/policies-on-users']).toBe('unknown');
  });

  it('names roleAssignments/read when the assignments are denied', async () => {
    arm.addFault(
      ROLE_ASSIGNMENTS,
      authorizationFailed(
        'Microsoft.Authorization/roleAssignments/read',
        clusterId('orders-aks'),
      ),
    );
    const result = await collector().collect('orders');
    expect(result.unreadable).toEqual([
      {
        kind: 'azure:authorization:roleAssignments',
        reason: expect.stringContaining(
          'lacks Microsoft.Authorization/roleAssignments/read',
        ),
      },
    ]);
    expect(arm.requestsMatching(ROLE_DEFINITIONS)).toHaveLength(0);
  });

  it('keeps an assignment whose role definition was deleted, unnamed', async () => {
    arm.addRoleAssignments(
      roleAssignment({
        scope: clusterId('orders-aks'),
        principalId: '55555555-0000-4000-8000-000000000005',
        principalType: 'User',
        role: { guid: '9f9f9f9f-0000-4000-8000-00000000dead' },
      }),
    );
    const result = await collector().collect('orders');
    expect(result.unreadable).toEqual([]);
    const orphan = (
      result.cloud as AksDescriptor
    ).account?.roleAssignments?.find(
      a => a.principalId === '55555555-0000-4000-8000-000000000005',
    );
    expect(orphan).toBeDefined();
    expect(orphan.roleDefinitionName).toBeUndefined();
    expect(orphan.roleDefinitionId).toMatch(
      /9f9f9f9f-0000-4000-8000-00000000dead$/,
    );
  });

  it('throws naming managedClusters/read when the cluster itself is denied', async () => {
    arm.addFault(
      CLUSTER_PATH,
      authorizationFailed(
        'Microsoft.ContainerService/managedClusters/read',
        clusterId('orders-aks'),
      ),
    );
    const error = await collector()
      .collect('orders')
      .catch(e => e);
    expect(error).toBeInstanceOf(AzureCollectError);
    expect(error).toMatchObject({
      code: 'permission',
      status: 403,
      action: 'Microsoft.ContainerService/managedClusters/read',
      cluster: 'orders',
    });
    expect(error.message).toContain(
      'lacks Microsoft.ContainerService/managedClusters/read',
    );
    expect(error.message).toContain('"orders-aks"');
    expect(error.message).toContain(RESOURCE_GROUP);
    expect(error.message).toContain(SUBSCRIPTION);
    // Nothing else is read once the cluster is out of reach.
    expect(arm.requests).toHaveLength(1);
  });

  it('throws a clear error naming cluster, resource group and subscription when the cluster does not exist', async () => {
    const error = await collector([
      {
        name: 'ghost',
        resourceGroup: RESOURCE_GROUP,
        aksClusterName: 'ghost-aks',
      },
    ])
      .collect('ghost')
      .catch(e => e);
    expect(error).toBeInstanceOf(AzureCollectError);
    expect(error).toMatchObject({ code: 'not-found', status: 404 });
    expect(error.message).toBe(
      `AKS cluster "ghost-aks" (Kube Security cluster "ghost") in resource group "${RESOURCE_GROUP}" ` +
        `of subscription ${SUBSCRIPTION} was not found (ResourceNotFound (404))`,
    );
  });

  it('says when it is the resource group that does not exist', async () => {
    const error = await collector([
      {
        name: 'orders',
        resourceGroup: 'rg-typo',
        aksClusterName: 'orders-aks',
      },
    ])
      .collect('orders')
      .catch(e => e);
    expect(error).toMatchObject({ code: 'not-found' });
    expect(error.message).toContain(
      `Resource group "rg-typo" was not found in subscription ${SUBSCRIPTION}`,
    );
  });

  it('reports a credential that cannot get a token as an authentication failure', async () => {
    const failing = new AzureAksCollector(
      [
        {
          ...subscription([
            {
              name: 'orders',
              resourceGroup: RESOURCE_GROUP,
              aksClusterName: 'orders-aks',
            },
          ]),
          tenantId: '72f988bf-0000-4000-8000-2d7cd011db47',
        },
      ],
      {
        credential: {
          getToken: async () => {
            const e = new Error(
              'DefaultAzureCredential failed to retrieve a token from the included credentials.\nManagedIdentityCredential: unavailable',
            );
            e.name = 'AggregateAuthenticationError';
            throw e;
          },
        },
        clientOptions: { tlsOptions: { ca: arm.ca } },
      },
    );
    const error = await failing.collect('orders').catch(e => e);
    expect(error).toMatchObject({ code: 'authentication' });
    expect(error.message).toBe(
      'Could not get an Azure token in tenant 72f988bf-0000-4000-8000-2d7cd011db47 to read ' +
        `AKS cluster "orders-aks" (Kube Security cluster "orders") in resource group "${RESOURCE_GROUP}" ` +
        `of subscription ${SUBSCRIPTION}: DefaultAzureCredential failed to retrieve a token from the included credentials.`,
    );
    expect(arm.requests).toHaveLength(0);
  });

  it('removes credential fields should the API ever return them', async () => {
    const body = publicClusterBody('orders-aks') as any;
    body.properties.windowsProfile = {
      adminUsername: 'azureuser',
      adminPassword: 'not-a-real-password',
    };
    body.properties.servicePrincipalProfile.secret = 'not-a-real-secret';
    arm.addCluster(body);
    const result = await collector().collect('orders');
    const text = JSON.stringify(result);
    expect(text).not.toContain('not-a-real-password');
    expect(text).not.toContain('not-a-real-secret');
    expect((result.cloud as AksDescriptor).cluster.windowsProfile).toEqual({
      adminUsername: 'azureuser',
    });
  });

  it('stops when the scan is cancelled', async () => {
    arm.addFault(CLUSTER_PATH, throttled(5, 1));
    const controller = new AbortController();
    const pending = collector()
      .collect('orders', { signal: controller.signal })
      .catch(e => e);
    setTimeout(() => controller.abort(), 200);
    const error = await pending;
    expect(error).toMatchObject({ code: 'cancelled' });
    expect(arm.requestsMatching(CLUSTER_PATH)).toHaveLength(1);
  }, 10_000);

  it('refuses a cluster it was not configured for', async () => {
    await expect(collector().collect('elsewhere')).rejects.toMatchObject({
      code: 'config',
      message: expect.stringContaining('"elsewhere"'),
    });
  });
});
