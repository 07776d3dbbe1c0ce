import type { Check } from '../../engine/check';
import { asArray, listNames } from './helpers';
import {
  bindings,
  describeSubject,
  hasRbacEvidence,
  isClusterAdminEquivalent,
  ITEM,
  judgedSubjects,
  RBAC_READS,
  roleRefOf,
} from './rbac';

/**
 * Bindings of cluster-admin, or of a role as strong (`*` verbs on `*` resources in `*` API
 * groups), to users, groups or service accounts (CIS 5.1.1). The bindings Kubernetes and
 * the provider ship name only platform users and groups and are not judged.
 */
export const clusterAdminBindingCheck: Check = {
  id: `${ITEM}/cluster-admin-binding`,
  itemId: ITEM,
  severity: 'critical',
  reads: RBAC_READS,
  run(ctx) {
    for (const binding of bindings(ctx)) {
      const roleRef = roleRefOf(binding);
      if (!roleRef) continue;
      const builtin =
        roleRef.kind === 'ClusterRole' && roleRef.name === 'cluster-admin';
      if (!builtin) {
        const role = ctx.index.find(
          roleRef.kind,
          roleRef.kind === 'Role'
            ? binding.metadata.namespace ?? 'default'
            : undefined,
          roleRef.name,
        );
        if (!role || !isClusterAdminEquivalent(asArray(role.rules))) continue;
      }
      // No component Kubernetes ships holds cluster-admin through a service account, so
      // those of kube-system are judged too (the classic Tiller or dashboard binding).
      const subjects = judgedSubjects(ctx, binding, true);
      if (subjects.length === 0) continue;
      const clusterWide = binding.kind === 'ClusterRoleBinding';
      const what = builtin
        ? 'cluster-admin'
        : `${roleRef.kind} '${roleRef.name}' (every action on every resource, as cluster-admin)`;
      const reach = clusterWide
        ? 'full control of every resource in every namespace'
        : `full control of every resource in namespace '${binding.metadata.namespace}'`;
      const labels = binding.metadata.labels;
      ctx.report({
        ...(clusterWide ? {} : { severity: 'high' as const }),
        message: `${binding.kind} '${
          binding.metadata.name
        }' grants ${what} to ${listNames(
          subjects.map(describeSubject).sort(),
        )}: ${reach}. Bind a role with only the rights needed, and keep cluster-admin to a few break-glass administrators`,
        resource: {
          kind: binding.kind,
          ...(binding.metadata.namespace
            ? { namespace: binding.metadata.namespace }
            : {}),
          name: binding.metadata.name,
        },
        evidencePath: 'roleRef.name',
        ...(labels && Object.keys(labels).length > 0 ? { labels } : {}),
      });
    }
    return hasRbacEvidence(ctx);
  },
};
