import { PROVIDER_TITLES } from './catalog';
import {
  placeholderValues,
  PlaceholderValues,
  ResourcePlaceholder,
} from './placeholders';
import { isActionableFinding } from './scoring';
import { PROVIDERS } from './types';
import type { ActionItemId, Finding, Provider, ResourceRef } from './types';

/**
 * Placeholders that some items' fixes use for something the fix creates, not for where
 * the finding is: moving workloads out of `default` names the team's new namespace.
 */
const CHOSEN_BY_THE_FIX: Partial<
  Record<ActionItemId, readonly ResourcePlaceholder[]>
> = {
  'workload-namespace-isolation': ['namespace'],
};

/**
 * Where an item's fix applies on one provider: the clusters of that provider where the
 * item has findings (or, when it has none, every cluster of the entity on it) and the
 * values its steps' placeholders take there.
 *
 * @public
 */
export interface FixTarget {
  provider: Provider;
  /** Cluster names, in the order the item's findings name them. */
  clusters: string[];
  values: PlaceholderValues;
}

/** @public */
export interface FixTargetCluster {
  name: string;
  provider?: Provider;
}

function targetsOf(
  resources: readonly ResourceRef[],
  providerOf: ReadonlyMap<string, Provider>,
  omit: readonly ResourcePlaceholder[],
): FixTarget[] {
  const byProvider = new Map<
    Provider,
    { clusters: string[]; resources: ResourceRef[] }
  >();
  for (const resource of resources) {
    const provider = resource.cluster
      ? providerOf.get(resource.cluster)
      : undefined;
    if (!provider) continue;
    const group = byProvider.get(provider) ?? { clusters: [], resources: [] };
    if (!group.clusters.includes(resource.cluster!)) {
      group.clusters.push(resource.cluster!);
    }
    group.resources.push(resource);
    byProvider.set(provider, group);
  }
  return [...byProvider.entries()].map(([provider, group]) => ({
    provider,
    clusters: group.clusters,
    values: placeholderValues(group.resources, { omit }),
  }));
}

/**
 * The providers an item's fix is for, one target per provider: those of the clusters
 * where the item's findings that still count are (failing, not accepted), else those of
 * any of its findings, else (no finding at all) every provider the entity's clusters run
 * on. Findings on a cluster whose provider is not known are left out; with no provider
 * known at all the answer is empty (show every provider's steps, unfilled).
 *
 * @public
 */
export function fixTargets(
  itemId: ActionItemId,
  findings: readonly Finding[],
  clusters: readonly FixTargetCluster[],
): FixTarget[] {
  const omit = CHOSEN_BY_THE_FIX[itemId] ?? [];
  const providerOf = new Map<string, Provider>();
  for (const cluster of clusters) {
    if (cluster.provider) providerOf.set(cluster.name, cluster.provider);
  }
  const counting = targetsOf(
    findings.filter(isActionableFinding).map(f => f.resource),
    providerOf,
    omit,
  );
  if (counting.length > 0) return counting;
  const any = targetsOf(
    findings.filter(f => f.status !== 'pass').map(f => f.resource),
    providerOf,
    omit,
  );
  if (any.length > 0 || findings.some(f => f.status !== 'pass')) return any;
  return targetsOf(
    clusters.map(cluster => ({
      kind: 'Cluster',
      name: cluster.name,
      cluster: cluster.name,
    })),
    providerOf,
    omit,
  );
}

/**
 * `Amazon EKS — eks-prod-eu` (several clusters joined by commas): the label of a
 * provider's steps that says which clusters they are for.
 *
 * @public
 */
export function fixTargetLabel(target: FixTarget): string {
  return `${PROVIDER_TITLES[target.provider]} \u2014 ${target.clusters.join(
    ', ',
  )}`;
}

/** Providers in their usual order that no target covers. */
export function providersBesides(targets: readonly FixTarget[]): Provider[] {
  return PROVIDERS.filter(p => !targets.some(t => t.provider === p));
}
