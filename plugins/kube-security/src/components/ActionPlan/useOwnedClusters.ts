import {
  identityApiRef,
  useApi,
  useApiHolder,
} from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import useAsync from 'react-use/esm/useAsync';
import type { KubeSecurityEntityRef } from '../../api';

/** A cluster Resource the signed-in user's teams own. */
export interface OwnedCluster {
  ref: KubeSecurityEntityRef;
  /** `resource:default/eks-prod-eu`, for permission checks. */
  catalogRef: string;
  title: string;
}

/**
 * The cluster Resources (`spec.type: kubernetes-cluster`) owned by the user or one of
 * their groups: where ticks on the action plan can be recorded as attestations.
 */
export function useOwnedClusters() {
  // An app without the catalog has no cluster Resources: ticks stay in the browser.
  const catalogApi = useApiHolder().get(catalogApiRef);
  const identityApi = useApi(identityApiRef);
  return useAsync(async (): Promise<OwnedCluster[]> => {
    if (!catalogApi) return [];
    const { ownershipEntityRefs } = await identityApi.getBackstageIdentity();
    if (ownershipEntityRefs.length === 0) return [];
    const { items } = await catalogApi.getEntities({
      filter: {
        kind: 'Resource',
        'spec.type': 'kubernetes-cluster',
        'relations.ownedBy': ownershipEntityRefs,
      },
      fields: ['kind', 'metadata.name', 'metadata.namespace', 'metadata.title'],
    });
    return items
      .map(entity => {
        const ref = {
          kind: entity.kind,
          namespace: entity.metadata.namespace ?? 'default',
          name: entity.metadata.name,
        };
        return {
          ref,
          catalogRef: stringifyEntityRef(ref),
          title: entity.metadata.title ?? entity.metadata.name,
        };
      })
      .sort((a, b) => a.title.localeCompare(b.title, 'en-US'));
  }, [catalogApi, identityApi]);
}
