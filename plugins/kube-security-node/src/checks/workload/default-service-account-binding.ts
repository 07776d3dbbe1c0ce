import type { Check } from '../../engine/check';
import type { KubeObject } from '../../snapshot/types';
import { asArray, isSystemNamespace, listNames } from './helpers';
import {
  bindings,
  BUILTIN_ROLES,
  grantRefOf,
  hasRbacEvidence,
  isShippedRole,
  ITEM,
  RBAC_READS,
  roleRefOf,
  subjectNamespace,
} from './rbac';

const EVERY_NAMESPACE = '*';

/** A service account named as a user: `system:serviceaccount:<namespace>:<name>`. */
const ACCOUNT_AS_USER = /^system:serviceaccount:([^:]+):([^:]+)$/;
const NAMESPACE_ACCOUNTS_GROUP = /^system:serviceaccounts:([^:]+)$/;

/**
 * The namespace whose `default` service account a subject reaches, `*` for every namespace,
 * undefined for none: the account itself, the account written as a user name, or one of the
 * groups every service account belongs to (`system:serviceaccounts[:<namespace>]`). A group
 * bound to a platform role (`system:…` and the managed providers' roles, such as the token
 * issuer discovery binding every cluster has) is not counted; view, edit and the like are.
 */
function defaultAccountsReached(
  binding: KubeObject,
  subject: any,
): string | undefined {
  if (typeof subject?.name !== 'string') return undefined;
  if (subject.kind === 'ServiceAccount')
    return subject.name === 'default'
      ? subjectNamespace(binding, subject)
      : undefined;
  if (subject.kind === 'User') {
    const account = ACCOUNT_AS_USER.exec(subject.name);
    return account?.[2] === 'default' ? account[1] : undefined;
  }
  if (subject.kind !== 'Group') return undefined;
  const roleRef = roleRefOf(binding);
  if (
    roleRef &&
    isShippedRole(roleRef.name) &&
    !BUILTIN_ROLES.has(roleRef.name)
  )
    return undefined;
  if (subject.name === 'system:serviceaccounts') return EVERY_NAMESPACE;
  return NAMESPACE_ACCOUNTS_GROUP.exec(subject.name)?.[1];
}

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
        const reached = defaultAccountsReached(binding, subject);
        if (reached === undefined) return;
        if (reached !== EVERY_NAMESPACE && isSystemNamespace(ctx, reached))
          return;
        namespaces.push(reached);
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
        } to the 'default' service account of ${
          namespaces.includes(EVERY_NAMESPACE)
            ? 'every namespace (through the group of all service accounts)'
            : listNames(
                [...new Set(namespaces)].sort().map(n => `namespace '${n}'`),
              )
        }: every pod there that names no service account gets these rights. Bind a dedicated service account instead${labelled}`,
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
