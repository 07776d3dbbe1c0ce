import { ConfigReader } from '@backstage/config';
import { readAzureConfig } from './config';

const SUB = '8c1e5f3a-2b4d-4e6f-9a0b-1c2d3e4f5a6b';

function read(azure: unknown) {
  return readAzureConfig(
    new ConfigReader({ kubeSecurity: { azure } } as any, 'app-config.yaml'),
  );
}

function withCluster(cluster: Record<string, unknown>, extra = {}) {
  return {
    subscriptions: [{ subscriptionId: SUB, ...extra, clusters: [cluster] }],
  };
}

describe('readAzureConfig', () => {
  it('returns nothing when the section is absent', () => {
    expect(readAzureConfig(new ConfigReader({}))).toEqual([]);
    expect(read({})).toEqual([]);
  });

  it('reads subscriptions and clusters, defaulting the AKS name to the cluster name', () => {
    expect(
      read({
        subscriptions: [
          {
            subscriptionId: SUB,
            tenantId: '72f988bf-0000-4000-8000-2d7cd011db47',
            endpoint: 'https://management.chinacloudapi.cn/',
            clusters: [
              { name: 'orders-aks', resourceGroup: 'rg-orders' },
              {
                name: 'billing',
                resourceGroup: 'rg-billing(prod)',
                aksClusterName: 'billing-aks',
                frequency: 'PT6H',
              },
            ],
          },
        ],
      }),
    ).toEqual([
      {
        subscriptionId: SUB,
        tenantId: '72f988bf-0000-4000-8000-2d7cd011db47',
        endpoint: 'https://management.chinacloudapi.cn',
        clusters: [
          {
            name: 'orders-aks',
            resourceGroup: 'rg-orders',
            aksClusterName: 'orders-aks',
          },
          {
            name: 'billing',
            resourceGroup: 'rg-billing(prod)',
            aksClusterName: 'billing-aks',
            frequency: 'PT6H',
          },
        ],
      },
    ]);
  });

  it.each([
    [
      'a missing resource group',
      withCluster({ name: 'a' }),
      /kubeSecurity\.azure\.subscriptions\[0\]\.clusters\[0\]\.resourceGroup/,
    ],
    [
      'a subscription id that is not a GUID',
      {
        subscriptions: [
          {
            subscriptionId: 'prod',
            clusters: [{ name: 'a', resourceGroup: 'rg' }],
          },
        ],
      },
      /kubeSecurity\.azure\.subscriptions\[0\]\.subscriptionId: "prod" is not a subscription id/,
    ],
    [
      'a tenant id that is not a GUID',
      withCluster(
        { name: 'a', resourceGroup: 'rg' },
        { tenantId: 'contoso.onmicrosoft.com' },
      ),
      /subscriptions\[0\]\.tenantId: "contoso\.onmicrosoft\.com" is not a tenant id/,
    ],
    [
      'a plain-HTTP endpoint',
      withCluster(
        { name: 'a', resourceGroup: 'rg' },
        { endpoint: 'http://127.0.0.1:8080' },
      ),
      /subscriptions\[0\]\.endpoint: must be an https:\/\/ URL/,
    ],
    [
      'an endpoint that is not a URL',
      withCluster(
        { name: 'a', resourceGroup: 'rg' },
        { endpoint: 'management.azure.com' },
      ),
      /subscriptions\[0\]\.endpoint: "management\.azure\.com" is not a URL/,
    ],
    [
      'a cluster name Azure would not accept, without aksClusterName',
      withCluster({ name: 'orders prod', resourceGroup: 'rg' }),
      /clusters\[0\]\.name: "orders prod" is not an AKS cluster name; set aksClusterName/,
    ],
    [
      'a bad frequency',
      withCluster({ name: 'a', resourceGroup: 'rg', frequency: '1h' }),
      /clusters\[0\]\.frequency: "1h" is not an ISO 8601 duration/,
    ],
    [
      'a resource group ending in a period',
      withCluster({ name: 'a', resourceGroup: 'rg.' }),
      /clusters\[0\]\.resourceGroup: "rg\." is not a resource group name/,
    ],
    [
      'no clusters',
      { subscriptions: [{ subscriptionId: SUB, clusters: [] }] },
      /subscriptions\[0\]\.clusters: list at least one cluster/,
    ],
  ])('rejects %s, naming the key', (_what, azure, message) => {
    expect(() => read(azure)).toThrow(message);
  });

  it('rejects a cluster name used twice, even across subscriptions', () => {
    expect(() =>
      read({
        subscriptions: [
          {
            subscriptionId: SUB,
            clusters: [{ name: 'shared', resourceGroup: 'rg1' }],
          },
          {
            subscriptionId: '2d4e6f80-1a3c-4e5a-9c7e-0b2d4f6a8c0e',
            clusters: [{ name: 'shared', resourceGroup: 'rg2' }],
          },
        ],
      }),
    ).toThrow(
      'Invalid config at kubeSecurity.azure.subscriptions[1].clusters[0].name: cluster "shared" is already configured at kubeSecurity.azure.subscriptions[0].clusters[0]',
    );
  });

  it('rejects the same subscription listed twice', () => {
    expect(() =>
      read({
        subscriptions: [
          {
            subscriptionId: SUB,
            clusters: [{ name: 'a', resourceGroup: 'rg' }],
          },
          {
            subscriptionId: SUB.toUpperCase(),
            clusters: [{ name: 'b', resourceGroup: 'rg' }],
          },
        ],
      }),
    ).toThrow(
      /subscriptions\[1\]\.subscriptionId: subscription .* is already configured at kubeSecurity\.azure\.subscriptions\[0\]/,
    );
  });
});
