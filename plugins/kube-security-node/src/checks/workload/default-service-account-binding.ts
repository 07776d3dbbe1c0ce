import type { Check } from '../../engine/check';
import { asArray, isSystemNamespace, listNames } from './helpers';
import {
  bindings,
  grantRefOf,
  hasRbacEvidence,
  ITEM,
  RBAC_READS,
  roleRefOf,
  subjectNamespace,
} from './rbac';

/**
 * Bindings that grant rights to a namespace's `default` service account (CIS 5.1.5): every
 * pod of the namespace that names no account runs with them.
 */
export const defaultServiceAccountBindingCheck: Check = {
  id: `${ITEM}/default-service-account-binding`,
  itemId: ITEM,
  severity: 'medium',
  reads: RBAC_READS,
  run(ctx) {
    for (const binding of bindings(ctx)) {
      const namespaces: string[] = [];
      let first = -1;
      asArray(binding.subjects).forEach((subject, i) => {
        if (subject?.kind !== 'ServiceAccount' || subject.name !== 'default')
          return;
        const namespace = subjectNamespace(binding, subject);
        if (isSystemNamespace(ctx, namespace)) return;
        namespaces.push(namespace);
        if (first < 0) first = i;
      });
      if (first < 0) continue;
      const roleRef = roleRefOf(binding);
      const role = roleRef ? `${roleRef.kind} '${roleRef.name}'` : 'its role';
      const clusterWide = binding.kind === 'ClusterRoleBinding';
      // The label is free text: Kubernetes ships no binding to a default service account
      // outside its system namespaces, so it is reported all the same, with a note.
      const labelled =
        binding.metadata.labels?.['kubernetes.io/bootstrapping'] ===
        'rbac-defaults'
          ? ". Note: its label 'kubernetes.io/bootstrapping: rbac-defaults' does not make it one of the bindings Kubernetes ships (none grants rights to a default service account outside the system namespaces)"
          : '';
      ctx.report({
        ...(clusterWide ? { severity: 'high' as const } : {}),
        message: `${binding.kind} '${binding.metadata.name}' grants ${role}${
          clusterWide ? ' in every namespace' : ''
        } to the 'default' service account of ${listNames(
          [...new Set(namespaces)].sort().map(n => `namespace '${n}'`),
        )}: every pod there that names no service account gets these rights. Bind a dedicated service account instead${labelled}`,
        resource: {
          kind: binding.kind,
          ...(binding.metadata.namespace
            ? { namespace: binding.metadata.namespace }
            : {}),
          name: binding.metadata.name,
        },
        evidencePath: `subjects[${first}]`,
        grant: grantRefOf(binding),
      });
    }
    return hasRbacEvidence(ctx);
  },
};
