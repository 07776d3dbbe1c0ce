import { isObject, list } from './descriptor';

/** A role binding of a Google Cloud IAM policy, flattened to one member. */
export interface GcpMemberGrant {
  member: string;
  role: string;
  /** Evidence path of the member in the descriptor. */
  path: string;
}

export function gcpGrants(iamPolicy: unknown): GcpMemberGrant[] {
  if (!isObject(iamPolicy)) return [];
  const grants: GcpMemberGrant[] = [];
  list(iamPolicy.bindings).forEach((binding, b) => {
    if (!isObject(binding) || typeof binding.role !== 'string') return;
    list(binding.members).forEach((member, m) => {
      if (typeof member !== 'string') return;
      grants.push({
        member,
        role: binding.role,
        path: `account.iamPolicy.bindings[${b}].members[${m}]`,
      });
    });
  });
  return grants;
}

/** `user:alice@example.com` -> `alice@example.com`, for human Google accounts only. */
export function gcpUser(member: string): string | undefined {
  return member.startsWith('user:') ? member.slice('user:'.length) : undefined;
}

/** Name of an Azure role assignment's principal as `az role assignment list` prints it. */
export function azurePrincipal(assignment: Record<string, any>): string {
  return String(
    assignment.principalName ??
      assignment.principalId ??
      assignment.name ??
      'unknown',
  );
}

export function isAzureUser(
  assignment: unknown,
): assignment is Record<string, any> {
  return isObject(assignment) && assignment.principalType === 'User';
}

/**
 * Groups items by a key, keeping the first evidence path and every distinct label,
 * so a principal with several grants yields one finding.
 */
export function groupGrants<T>(
  items: T[],
  key: (item: T) => string | undefined,
  label: (item: T) => string,
  path: (item: T) => string,
): Map<string, { labels: string[]; path: string }> {
  const groups = new Map<string, { labels: string[]; path: string }>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    const group = groups.get(k) ?? { labels: [], path: path(item) };
    const l = label(item);
    if (!group.labels.includes(l)) group.labels.push(l);
    groups.set(k, group);
  }
  return groups;
}
