import type { Check } from '../../engine/check';
import { aksOf, eksOf, gkeOf, isObject, list } from './descriptor';
import {
  azurePrincipal,
  gcpGrants,
  gcpUser,
  groupGrants,
  isAzureUser,
} from './principals';

/** Google roles that control the cluster or the project's resources. */
function isPowerfulGcpRole(role: string): boolean {
  return (
    role === 'roles/owner' ||
    role === 'roles/editor' ||
    role.startsWith('roles/container.')
  );
}

/**
 * Permissions should reach people through groups, not one user at a time: direct grants
 * are hard to review and outlive job changes.
 */
export const policiesOnUsersCheck: Check = {
  id: 'cloud-iam-least-privilege/policies-on-users',
  itemId: 'cloud-iam-least-privilege',
  run({ index, report }) {
    const eks = eksOf(index);
    if (eks) {
      const users = eks.account?.iamUsers;
      if (!Array.isArray(users)) return false;
      users.forEach((user, i) => {
        if (!isObject(user)) return;
        const attached = list(user.attachedPolicies).map(String);
        const inline = list(user.inlinePolicies).map(String);
        if (!attached.length && !inline.length) return;
        const names = [
          ...attached.map(p => p.slice(p.lastIndexOf('/') + 1)),
          ...inline.map(p => `${p} (inline)`),
        ];
        report({
          message:
            `IAM user "${user.userName}" has policies attached directly ` +
            `(${names.join(
              ', ',
            )}); grant them through an IAM group or a role instead.`,
          resource: { kind: 'IAMUser', name: String(user.userName) },
          evidencePath: `account.iamUsers[${i}].${
            attached.length ? 'attachedPolicies' : 'inlinePolicies'
          }`,
        });
      });
      return true;
    }

    const gke = gkeOf(index);
    if (gke) {
      const policy = gke.account?.iamPolicy;
      if (!isObject(policy) || !Array.isArray(policy.bindings)) return false;
      const grants = gcpGrants(policy).filter(
        g => gcpUser(g.member) && isPowerfulGcpRole(g.role),
      );
      const byUser = groupGrants(
        grants,
        g => gcpUser(g.member),
        g => g.role,
        g => g.path,
      );
      for (const [user, { labels, path }] of byUser) {
        report({
          message:
            `Google account ${user} holds ${labels.join(
              ', ',
            )} directly on the project; ` +
            'grant these roles to a Google group instead.',
          resource: { kind: 'IAMUser', name: user },
          evidencePath: path,
        });
      }
      return true;
    }

    const aks = aksOf(index);
    if (aks) {
      const assignments = aks.account?.roleAssignments;
      if (!Array.isArray(assignments)) return false;
      const indexed = assignments
        .map((a, i) => ({ a, i }))
        .filter(({ a }) => isAzureUser(a));
      const byUser = groupGrants(
        indexed,
        ({ a }) => azurePrincipal(a),
        ({ a }) => `"${a.roleDefinitionName ?? a.roleDefinitionId}"`,
        ({ i }) => `account.roleAssignments[${i}].principalType`,
      );
      for (const [user, { labels, path }] of byUser) {
        report({
          message:
            `Microsoft Entra user ${user} is assigned ${labels.join(
              ', ',
            )} directly on ` +
            'the cluster or its scope; assign roles to an Entra group instead.',
          resource: { kind: 'IAMUser', name: user },
          evidencePath: path,
        });
      }
      return true;
    }
    return false;
  },
};
