/**
 * ARM REST bodies (what `az rest` or the raw API return, `properties` nested and ARM's own
 * casing) for the fake server: one AKS cluster left at risky defaults and one hardened.
 */

export const SUBSCRIPTION = '8c1e5f3a-2b4d-4e6f-9a0b-1c2d3e4f5a6b';
export const TENANT = '72f988bf-0000-4000-8000-2d7cd011db47';
export const RESOURCE_GROUP = 'rg-orders';

export const SUBSCRIPTION_SCOPE = `/subscriptions/${SUBSCRIPTION}`;
const RG_SCOPE = `${SUBSCRIPTION_SCOPE}/resourceGroups/${RESOURCE_GROUP}`;

/** The id as ARM returns it (note the lower-case `resourcegroups` ARM often uses). */
export function clusterId(name: string): string {
  return `${SUBSCRIPTION_SCOPE}/resourcegroups/${RESOURCE_GROUP}/providers/Microsoft.ContainerService/managedClusters/${name}`;
}

/** Built-in role definition ids are the same in every tenant. */
export const ROLES = {
  owner: {
    guid: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
    roleName: 'Owner',
  },
  aksRbacClusterAdmin: {
    guid: 'b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b',
    roleName: 'Azure Kubernetes Service RBAC Cluster Admin',
  },
  aksClusterUser: {
    guid: '4abbcc35-e782-43d8-92c5-2d3f1bd2253f',
    roleName: 'Azure Kubernetes Service Cluster User Role',
  },
  aksRbacWriter: {
    guid: 'a7ffa36f-339b-4b5c-8bdf-e2c188b2c0eb',
    roleName: 'Azure Kubernetes Service RBAC Writer',
  },
} as const;

export function roleDefinitionId(guid: string): string {
  return `${SUBSCRIPTION_SCOPE}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
}

export function roleDefinition(role: { guid: string; roleName: string }) {
  return {
    id: roleDefinitionId(role.guid),
    name: role.guid,
    type: 'Microsoft.Authorization/roleDefinitions',
    properties: {
      roleName: role.roleName,
      type: 'BuiltInRole',
      description: `${role.roleName} (test copy)`,
      assignableScopes: ['/'],
      permissions: [{ actions: ['*'], notActions: [] }],
      createdOn: '2019-02-01T00:00:00.0000000Z',
    },
  };
}

let assignmentSeq = 0;

export function roleAssignment(options: {
  scope: string;
  principalId: string;
  principalType: 'User' | 'Group' | 'ServicePrincipal';
  role: { guid: string };
}) {
  assignmentSeq += 1;
  const name = `0d3b5c7e-0000-4000-8000-${String(assignmentSeq).padStart(
    12,
    '0',
  )}`;
  return {
    id: `${options.scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
    name,
    type: 'Microsoft.Authorization/roleAssignments',
    properties: {
      roleDefinitionId: roleDefinitionId(options.role.guid),
      principalId: options.principalId,
      principalType: options.principalType,
      scope: options.scope,
      condition: null,
      conditionVersion: null,
      createdOn: '2024-05-02T09:12:44.1234567Z',
      updatedOn: '2024-05-02T09:12:44.1234567Z',
      createdBy: null,
      updatedBy: '5f1d0c2b-0000-4000-8000-000000000001',
      delegatedManagedIdentityResourceId: null,
      description: null,
    },
  };
}

/** A public API server, audit logs off, RBAC off, node public IPs, service principal. */
export function publicClusterBody(name = 'orders-aks') {
  return {
    id: clusterId(name),
    location: 'westeurope',
    name,
    type: 'Microsoft.ContainerService/ManagedClusters',
    sku: { name: 'Base', tier: 'Free' },
    systemData: {
      createdBy: 'maria@contoso.example',
      createdByType: 'User',
      createdAt: '2024-03-11T08:15:02.5512345Z',
    },
    properties: {
      provisioningState: 'Succeeded',
      powerState: { code: 'Running' },
      kubernetesVersion: '1.29.7',
      currentKubernetesVersion: '1.29.7',
      dnsPrefix: 'orders-aks-dns',
      fqdn: 'orders-aks-dns-5d1e2f3a.hcp.westeurope.azmk8s.io',
      azurePortalFQDN:
        'orders-aks-dns-5d1e2f3a.portal.hcp.westeurope.azmk8s.io',
      agentPoolProfiles: [
        {
          name: 'nodepool1',
          count: 3,
          vmSize: 'Standard_D4s_v5',
          osDiskSizeGB: 128,
          osDiskType: 'Managed',
          kubeletDiskType: 'OS',
          vnetSubnetID: `${SUBSCRIPTION_SCOPE}/resourceGroups/rg-network-shared/providers/Microsoft.Network/virtualNetworks/vnet-shared-weu/subnets/snet-aks-orders`,
          maxPods: 30,
          type: 'VirtualMachineScaleSets',
          enableAutoScaling: false,
          provisioningState: 'Succeeded',
          powerState: { code: 'Running' },
          orchestratorVersion: '1.29.7',
          currentOrchestratorVersion: '1.29.7',
          enableNodePublicIP: true,
          mode: 'System',
          enableEncryptionAtHost: false,
          enableUltraSSD: false,
          osType: 'Linux',
          osSKU: 'Ubuntu',
          nodeImageVersion: 'AKSUbuntu-2204gen2containerd-202409.04.0',
          enableFIPS: false,
        },
      ],
      servicePrincipalProfile: {
        clientId: '5b7a3c1e-9d2f-4e8a-b6c0-3f1e2d4c5b6a',
      },
      addonProfiles: {
        azurepolicy: { enabled: false, config: null },
        omsagent: { enabled: false, config: null },
      },
      nodeResourceGroup: `MC_${RESOURCE_GROUP}_${name}_westeurope`,
      enableRBAC: false,
      supportPlan: 'KubernetesOfficial',
      networkProfile: {
        networkPlugin: 'azure',
        loadBalancerSku: 'standard',
        serviceCidr: '10.0.0.0/16',
        dnsServiceIP: '10.0.0.10',
        outboundType: 'loadBalancer',
        serviceCidrs: ['10.0.0.0/16'],
        ipFamilies: ['IPv4'],
      },
      disableLocalAccounts: false,
      securityProfile: {},
      oidcIssuerProfile: { enabled: false },
      maxAgentPools: 100,
      autoUpgradeProfile: { nodeOSUpgradeChannel: 'NodeImage' },
      resourceUID: '65f0a1b2c3d4e5f6a7b8c9d0',
    },
  };
}

/** A private, zone-redundant cluster with Entra ID RBAC, KMS, Defender and workload ID. */
export function privateClusterBody(name = 'billing-aks') {
  return {
    id: clusterId(name),
    location: 'westeurope',
    name,
    type: 'Microsoft.ContainerService/ManagedClusters',
    sku: { name: 'Base', tier: 'Standard' },
    identity: {
      type: 'SystemAssigned',
      principalId: '0c9b8a7f-6e5d-4c3b-2a19-08f7e6d5c4b3',
      tenantId: TENANT,
    },
    properties: {
      provisioningState: 'Succeeded',
      powerState: { code: 'Running' },
      kubernetesVersion: '1.30.4',
      currentKubernetesVersion: '1.30.4',
      dnsPrefix: 'billing-aks',
      privateFQDN:
        'billing-aks-4c3b2a19.a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d.privatelink.westeurope.azmk8s.io',
      agentPoolProfiles: [
        {
          name: 'system',
          count: 3,
          vmSize: 'Standard_D4ds_v5',
          osDiskSizeGB: 128,
          osDiskType: 'Ephemeral',
          maxPods: 110,
          type: 'VirtualMachineScaleSets',
          availabilityZones: ['1', '2', '3'],
          enableAutoScaling: true,
          minCount: 3,
          maxCount: 9,
          provisioningState: 'Succeeded',
          powerState: { code: 'Running' },
          orchestratorVersion: '1.30.4',
          enableNodePublicIP: false,
          mode: 'System',
          enableEncryptionAtHost: true,
          osType: 'Linux',
          osSKU: 'AzureLinux',
        },
      ],
      servicePrincipalProfile: { clientId: 'msi' },
      addonProfiles: {
        azurepolicy: { enabled: true, config: null },
        omsagent: {
          enabled: true,
          config: {
            logAnalyticsWorkspaceResourceID: `${SUBSCRIPTION_SCOPE}/resourceGroups/rg-monitoring/providers/Microsoft.OperationalInsights/workspaces/law-platform`,
          },
        },
      },
      nodeResourceGroup: `MC_${RESOURCE_GROUP}_${name}_westeurope`,
      enableRBAC: true,
      networkProfile: {
        networkPlugin: 'azure',
        networkPluginMode: 'overlay',
        networkPolicy: 'cilium',
        networkDataplane: 'cilium',
        podCidr: '192.168.0.0/16',
        serviceCidr: '10.0.0.0/16',
        dnsServiceIP: '10.0.0.10',
        outboundType: 'userDefinedRouting',
        loadBalancerSku: 'standard',
        // Newer than the SDK's model: it must survive collection all the same.
        podLinkLocalAccess: 'None',
      },
      aadProfile: {
        managed: true,
        enableAzureRBAC: true,
        adminGroupObjectIDs: ['3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c'],
        tenantID: TENANT,
      },
      apiServerAccessProfile: {
        enablePrivateCluster: true,
        privateDNSZone: 'system',
        enablePrivateClusterPublicFQDN: false,
        disableRunCommand: true,
      },
      identityProfile: {
        kubeletidentity: {
          resourceId: `${SUBSCRIPTION_SCOPE}/resourcegroups/MC_${RESOURCE_GROUP}_${name}_westeurope/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}-agentpool`,
          clientId: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d',
          objectId: '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e',
        },
      },
      disableLocalAccounts: true,
      securityProfile: {
        defender: {
          logAnalyticsWorkspaceResourceId: `${SUBSCRIPTION_SCOPE}/resourceGroups/rg-monitoring/providers/Microsoft.OperationalInsights/workspaces/law-platform`,
          securityMonitoring: { enabled: true },
        },
        azureKeyVaultKms: {
          enabled: true,
          keyId:
            'https://kv-billing-aks.vault.azure.net/keys/etcd-kms/0a1b2c3d4e5f60718293a4b5c6d7e8f9',
          keyVaultNetworkAccess: 'Private',
          keyVaultResourceId: `${RG_SCOPE}/providers/Microsoft.KeyVault/vaults/kv-billing-aks`,
        },
        workloadIdentity: { enabled: true },
        imageCleaner: { enabled: true, intervalHours: 168 },
      },
      oidcIssuerProfile: {
        enabled: true,
        issuerURL: `https://westeurope.oic.prod-aks.azure.com/${TENANT}/5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9/`,
      },
    },
  };
}

const WORKSPACE = `${SUBSCRIPTION_SCOPE}/resourceGroups/rg-monitoring/providers/Microsoft.OperationalInsights/workspaces/law-security`;

/** A cluster diagnostic setting sending the given log categories to Log Analytics. */
export function clusterDiagnosticSetting(
  resourceId: string,
  categories: string[],
) {
  return {
    id: `${resourceId}/providers/microsoft.insights/diagnosticSettings/aks-to-law`,
    name: 'aks-to-law',
    type: 'Microsoft.Insights/diagnosticSettings',
    properties: {
      workspaceId: WORKSPACE,
      logAnalyticsDestinationType: null,
      metrics: [
        {
          category: 'AllMetrics',
          enabled: false,
          retentionPolicy: { enabled: false, days: 0 },
        },
      ],
      logs: categories.map(category => ({
        category,
        categoryGroup: null,
        enabled: true,
        retentionPolicy: { enabled: false, days: 0 },
      })),
    },
  };
}

/** The subscription's Activity Log export. */
export function activityLogSetting() {
  return {
    id: `${SUBSCRIPTION_SCOPE}/providers/microsoft.insights/diagnosticSettings/activity-to-law`,
    name: 'activity-to-law',
    properties: {
      workspaceId: WORKSPACE,
      logs: ['Administrative', 'Security', 'Policy', 'Alert'].map(category => ({
        category,
        enabled: true,
      })),
    },
  };
}
