import { createApiRef } from '@backstage/core-plugin-api';
import type {
  ClustersResponse,
  ItemsResponse,
} from '@kube-security/plugin-kube-security-common';

/** Client of the Kube Security backend (/api/kube-security). */
export interface KubeSecurityApi {
  getItems(): Promise<ItemsResponse>;
  getClusters(): Promise<ClustersResponse>;
}

export const kubeSecurityApiRef = createApiRef<KubeSecurityApi>({
  id: 'plugin.kube-security.service',
});
