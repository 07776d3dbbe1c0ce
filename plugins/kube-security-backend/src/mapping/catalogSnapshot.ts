import {
  Entity,
  RELATION_OWNED_BY,
  RELATION_PARENT_OF,
  RELATION_CHILD_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { Provider } from '@kube-security/plugin-kube-security-common';
import { PROVIDERS } from '@kube-security/plugin-kube-security-common';
import {
  KUBERNETES_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION,
} from '@backstage/plugin-kubernetes-common';
import type { MappedEntity, TeamNode } from '../domain/catalog';
import { LabelSelector, parseLabelSelector } from './labelSelector';

/** Narrow workloads to a namespace / cluster: the Kubernetes plugin's own annotations. */
export const KUBERNETES_NAMESPACE_ANNOTATION =
  'backstage.io/kubernetes-namespace';
export const KUBERNETES_CLUSTER_ANNOTATION = 'backstage.io/kubernetes-cluster';
/** On a `kubernetes-cluster` Resource: the cluster it stands for. */
export const CLUSTER_NAME_ANNOTATION = 'kube-security.io/cluster';
/** On any entity: the provider whose remediation to show (defaults to the cluster's). */
export const PROVIDER_ANNOTATION = 'kube-security.io/provider';

export type { MappedEntity, TeamNode } from '../domain/catalog';

export interface CatalogSnapshot {
  entities: MappedEntity[];
  teams: Map<string, TeamNode>;
  /** Annotations that could not be used, e.g. an invalid label selector. */
  problems: string[];
}

function relationTargets(entity: Entity, type: string): string[] {
  return (entity.relations ?? [])
    .filter(r => r.type === type)
    .map(r => r.targetRef)
    .sort();
}

function asProvider(value: string | undefined): Provider | undefined {
  return PROVIDERS.find(p => p === value?.toLocaleLowerCase('en-US'));
}

/**
 * Turns catalog entities into what mapping and roll-up need. Pure, for tests.
 * `clusterEntities` (cluster name → entity ref, from configuration) makes a Resource
 * represent a cluster whatever its annotations say.
 */
export function buildCatalogSnapshot(
  entities: Entity[],
  options: { clusterEntities?: ReadonlyMap<string, string> } = {},
): CatalogSnapshot {
  const pinnedTo = new Map(
    [...(options.clusterEntities ?? [])].map(([cluster, ref]) => [
      ref,
      cluster,
    ]),
  );
  const mapped: MappedEntity[] = [];
  const teams = new Map<string, TeamNode>();
  const problems: string[] = [];

  for (const entity of entities) {
    const ref = stringifyEntityRef(entity);
    const kind = entity.kind.toLocaleLowerCase('en-US');
    if (kind === 'group') {
      teams.set(ref, {
        ref,
        name: entity.metadata.name,
        title: entity.metadata.title,
        parentRef: relationTargets(entity, RELATION_CHILD_OF)[0],
        childRefs: relationTargets(entity, RELATION_PARENT_OF),
      });
      continue;
    }
    const annotations = entity.metadata.annotations ?? {};
    const spec = (entity.spec ?? {}) as { type?: string };
    let representsCluster: string | undefined;
    if (kind === 'resource' && pinnedTo.has(ref)) {
      representsCluster = pinnedTo.get(ref);
    } else if (kind === 'resource' && spec.type === 'kubernetes-cluster') {
      representsCluster =
        annotations[CLUSTER_NAME_ANNOTATION] ?? entity.metadata.name;
    }
    let labelSelector: LabelSelector | undefined;
    const selectorText =
      annotations[KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION];
    if (selectorText) {
      try {
        labelSelector = parseLabelSelector(selectorText);
      } catch (e) {
        problems.push(
          `${ref}: annotation ${KUBERNETES_LABEL_SELECTOR_QUERY_ANNOTATION} is ignored: ${
            (e as Error).message
          }`,
        );
      }
    }
    const kubernetesId = annotations[KUBERNETES_ANNOTATION];
    if (!kubernetesId && !labelSelector && !representsCluster) continue;
    mapped.push({
      ref,
      kind,
      title: entity.metadata.title,
      kubernetesId,
      labelSelector,
      namespace: annotations[KUBERNETES_NAMESPACE_ANNOTATION],
      cluster: annotations[KUBERNETES_CLUSTER_ANNOTATION],
      representsCluster,
      provider: asProvider(annotations[PROVIDER_ANNOTATION]),
      ownerRefs: relationTargets(entity, RELATION_OWNED_BY),
    });
  }
  mapped.sort((a, b) => a.ref.localeCompare(b.ref));
  return { entities: mapped, teams, problems };
}
