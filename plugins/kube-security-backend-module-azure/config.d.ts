export interface Config {
  kubeSecurity?: {
    /**
     * Live AKS posture read through Azure Resource Manager with DefaultAzureCredential
     * (environment, workload identity, managed identity, Azure CLI…). See docs/cloud/azure.md
     * for the least-privilege role the identity needs.
     */
    azure?: {
      subscriptions?: Array<{
        /** The subscription id (a GUID). */
        subscriptionId: string;
        /** Entra ID tenant to request tokens from, when it is not the credential's own. */
        tenantId?: string;
        /**
         * Azure Resource Manager endpoint, for sovereign clouds or private endpoints
         * (https only). Default https://management.azure.com.
         */
        endpoint?: string;
        /** Token scope for that endpoint. Default: the endpoint's origin + `/.default`. */
        audience?: string;
        clusters: Array<{
          /** The cluster's name in Kube Security (the `kube-security.io/cluster` annotation). */
          name: string;
          /** Resource group of the managed cluster. */
          resourceGroup: string;
          /** The managed cluster's name in Azure, when it differs from `name`. */
          aksClusterName?: string;
          /** Time between scans of this cluster (ISO 8601 duration). */
          frequency?: string;
        }>;
      }>;
    };
  };
}
