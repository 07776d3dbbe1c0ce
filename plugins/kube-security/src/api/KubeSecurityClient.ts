import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  ClustersResponse,
  ItemsResponse,
} from '@kube-security/plugin-kube-security-common';
import { KubeSecurityApi } from './KubeSecurityApi';

/** Talks to the backend through the discovery and fetch APIs (the latter adds the user's token). */
export class KubeSecurityClient implements KubeSecurityApi {
  constructor(
    private readonly options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  ) {}

  getItems(): Promise<ItemsResponse> {
    return this.get('/items');
  }

  getClusters(): Promise<ClustersResponse> {
    return this.get('/clusters');
  }

  private async get<T>(path: string): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('kube-security');
    const response = await this.options.fetchApi.fetch(`${baseUrl}${path}`);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
