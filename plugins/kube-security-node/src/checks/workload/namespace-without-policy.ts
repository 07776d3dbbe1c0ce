import type { Check } from '../../engine/check';
import { isSystemNamespace, listNames, teamWorkloads } from './helpers';
import {
  ciliumPoliciesByNamespace,
  clusterWidePolicies,
  clusterwideCiliumCoversAll,
  ITEM,
  namespaceHasPolicy,
} from './networkPolicyCheck';

/**
 * Every application namespace has at least one NetworkPolicy (a default deny, usually).
 * On a cluster: the namespaces where teams run workloads. On manifests: the Namespace
 * objects the files define, judged with the policies in the same files (a namespace's
 * manifest without any policy for it is what a pull request should catch).
 */
export const namespaceWithoutPolicyCheck: Check = {
  id: `${ITEM}/namespace-without-policy`,
  itemId: ITEM,
  severity: 'medium',
  reads: ['Namespace', 'NetworkPolicy'],
  run(ctx) {
    const { index } = ctx;
    const wholeCluster = index.snapshot.scope === 'cluster';
    const names = wholeCluster
      ? [...new Set(teamWorkloads(ctx).map(w => w.namespace))]
      : index.ofKind('Namespace').map(ns => ns.metadata.name);
    const cilium = ciliumPoliciesByNamespace(ctx);
    const clusterWide = clusterWidePolicies(ctx);
    const coveredEverywhere = clusterwideCiliumCoversAll(ctx);
    let judged = 0;
    for (const name of [...new Set(names)].sort()) {
      if (isSystemNamespace(ctx, name)) continue;
      judged++;
      if (coveredEverywhere || namespaceHasPolicy(ctx, cilium, name)) continue;
      const resource = { kind: 'Namespace', namespace: name, name };
      if (clusterWide.length > 0) {
        ctx.report({
          status: 'warn',
          message: `Namespace '${name}' has no NetworkPolicy of its own; cluster-wide ${listNames(
            clusterWide,
          )} may cover it, check that they do`,
          resource,
        });
        continue;
      }
      ctx.report({
        message: `Namespace '${name}' has no NetworkPolicy: every pod in it accepts connections from anywhere in the cluster and may connect anywhere. Start with a default-deny policy`,
        resource,
      });
    }
    return judged > 0 || wholeCluster;
  },
};
