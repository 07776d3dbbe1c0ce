import type { Check } from '../../engine/check';
import { asArray } from './helpers';
import {
  bindings,
  grantRefOf,
  hasRbacEvidence,
  ITEM,
  RBAC_READS,
  roleRefOf,
} from './rbac';

/** The binding every cluster ships: cluster-admin for system:masters. */
function isShippedMastersBinding(binding: any): boolean {
  const roleRef = roleRefOf(binding);
  return (
    binding.kind === 'ClusterRoleBinding' &&
    binding.metadata.name === 'cluster-admin' &&
    roleRef?.kind === 'ClusterRole' &&
    roleRef.name === 'cluster-admin'
  );
}

/**
 * Bindings that name the `system:masters` group (CIS 5.1.7) beyond the one Kubernetes
 * ships: its members pass every authorization check, and their certificates cannot be
 * revoked.
 */
export const systemMastersGroupCheck: Check = {
  id: `${ITEM}/system-masters-group`,
  itemId: ITEM,
  severity: 'high',
  reads: RBAC_READS,
  run(ctx) {
    for (const binding of bindings(ctx)) {
      if (isShippedMastersBinding(binding)) continue;
      const index = asArray(binding.subjects).findIndex(
        s => s?.kind === 'Group' && s.name === 'system:masters',
      );
      if (index < 0) continue;
      ctx.report({
        message: `${binding.kind} '${binding.metadata.name}' names the group 'system:masters', whose members bypass RBAC altogether and whose certificates cannot be revoked. Grant administrators a role through their own group instead`,
        resource: {
          kind: binding.kind,
          ...(binding.metadata.namespace
            ? { namespace: binding.metadata.namespace }
            : {}),
          name: binding.metadata.name,
        },
        evidencePath: `subjects[${index}].name`,
        grant: grantRefOf(binding),
      });
    }
    return hasRbacEvidence(ctx);
  },
};
