import type { Check } from '../../engine/check';
import type { KubeObject } from '../../snapshot/types';
import {
  asArray,
  hasWorkloadEvidence,
  listNames,
  pushTo,
  teamWorkloads,
  WORKLOAD_READS,
  workloadResource,
} from './helpers';
import {
  bindings,
  hasRbacEvidence,
  ITEM,
  primaryGrant,
  RBAC_READS,
  roleRefOf,
} from './rbac';

const ADMIN_ROLES = ['cluster-admin', 'admin', 'edit'];

/**
 * Workloads whose service account holds the built-in cluster-admin (CIS 5.1.1), admin or
 * edit role, directly or through a `system:serviceaccounts` group.
 */
export const builtinAdminBindingCheck: Check = {
  id: `${ITEM}/builtin-admin-binding`,
  itemId: ITEM,
  severity: 'high',
  reads: [...RBAC_READS, ...WORKLOAD_READS],
  run(ctx) {
    type Hit = { binding: KubeObject; role: string; clusterWide: boolean };
    const bySa = new Map<string, Hit[]>();
    const byNamespaceGroup = new Map<string, Hit[]>();
    const everySa: Hit[] = [];
    for (const binding of bindings(ctx)) {
      const roleRef = roleRefOf(binding);
      if (
        roleRef?.kind !== 'ClusterRole' ||
        !ADMIN_ROLES.includes(roleRef.name)
      )
        continue;
      const hit: Hit = {
        binding,
        role: roleRef.name,
        clusterWide: binding.kind === 'ClusterRoleBinding',
      };
      for (const subject of asArray(binding.subjects)) {
        if (
          subject?.kind === 'ServiceAccount' &&
          typeof subject.name === 'string'
        ) {
          const namespace =
            subject.namespace ?? binding.metadata.namespace ?? 'default';
          const key = `${namespace}/${subject.name}`;
          pushTo(bySa, key, hit);
        } else if (
          subject?.kind === 'Group' &&
          subject.name === 'system:serviceaccounts'
        ) {
          everySa.push(hit);
        } else if (
          subject?.kind === 'Group' &&
          typeof subject.name === 'string' &&
          subject.name.startsWith('system:serviceaccounts:')
        ) {
          const namespace = subject.name.slice(
            'system:serviceaccounts:'.length,
          );
          pushTo(byNamespaceGroup, namespace, hit);
        }
      }
    }
    const items = teamWorkloads(ctx);
    for (let k = 0; k < items.length; k++) {
      const workload = items[k];
      const sa = workload.serviceAccountName;
      const direct = bySa.get(`${workload.namespace}/${sa}`);
      const group = byNamespaceGroup.get(workload.namespace);
      // Most workloads' accounts hold none of these roles: nothing more is made for them.
      if (!direct && !group && everySa.length === 0) continue;
      const hits = [...(direct ?? []), ...(group ?? []), ...everySa].filter(
        // A RoleBinding only grants inside its own namespace.
        hit =>
          hit.clusterWide ||
          hit.binding.metadata.namespace === workload.namespace,
      );
      if (hits.length === 0) continue;
      const roles = [...new Set(hits.map(h => h.role))].sort(
        (a, b) => ADMIN_ROLES.indexOf(a) - ADMIN_ROLES.indexOf(b),
      );
      const clusterAdmin = hits.some(
        h => h.role === 'cluster-admin' && h.clusterWide,
      );
      const anyClusterWide = hits.some(h => h.clusterWide);
      // The binding that decides the severity is the one to fix first.
      const grant = primaryGrant(
        hits
          .filter(
            h => !clusterAdmin || (h.role === 'cluster-admin' && h.clusterWide),
          )
          .map(h => h.binding),
      );
      const via = [
        ...new Set(
          hits.map(h => `${h.binding.kind} '${h.binding.metadata.name}'`),
        ),
      ].sort();
      const impact = clusterAdmin
        ? 'whoever takes over the pod controls the whole cluster'
        : `whoever takes over the pod can change workloads and read Secrets ${
            anyClusterWide
              ? 'in every namespace'
              : `in namespace '${workload.namespace}'`
          }`;
      ctx.report({
        severity: clusterAdmin ? 'critical' : 'high',
        message: `Runs as service account '${sa}', which ${listNames(via)} ${
          via.length > 1 ? 'bind' : 'binds'
        } to the built-in ${listNames(
          roles.map(r => `'${r}'`),
        )} role: ${impact}. Give it a Role with only what it needs`,
        resource: workloadResource(workload),
        evidencePath: `${workload.podSpecPath}.serviceAccountName`,
        standards: roles.includes('cluster-admin')
          ? ['CIS 5.1.1', 'NSA/CISA: RBAC']
          : ['NSA/CISA: RBAC'],
        ...(grant ? { grant } : {}),
      });
    }
    return hasWorkloadEvidence(ctx) && hasRbacEvidence(ctx);
  },
};
