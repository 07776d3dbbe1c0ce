/** What the admission part of workload-admission-policy asks to be refused. */
export type Concern = 'privileged' | 'hostPath' | 'root';

export const CONCERNS: readonly Concern[] = ['privileged', 'hostPath', 'root'];

export const CONCERN_NAMES: Record<Concern, string> = {
  privileged: 'privileged containers',
  hostPath: 'hostPath volumes',
  root: 'running as root',
};

/** A namespace as admission policies select it. */
export interface NamespaceInfo {
  name: string;
  labels: Record<string, string>;
}

/** One admission rule that refuses (or only audits) some of the concerns. */
export interface Protection {
  /** For messages, e.g. `Kyverno ClusterPolicy 'disallow-privileged'`. */
  source: string;
  concerns: Concern[];
  /** Whether the rule covers pods of this namespace. */
  appliesTo(namespace: NamespaceInfo): boolean;
  /** Whether it refuses requests there (Enforce, deny, Deny) rather than audit or warn. */
  enforced(namespace: NamespaceInfo): boolean;
}

/**
 * The concerns a policy's rule text talks about: the pod fields it inspects, in a
 * pattern, a CEL expression or a JMESPath condition. A rule that reads
 * `securityContext.privileged` is taken to refuse privileged containers, and so on;
 * `allowPrivilegeEscalation` is another field and does not count.
 */
export function concernsInText(text: string): Concern[] {
  const found: Concern[] = [];
  if (/(^|[^A-Za-z])privileged/.test(text)) found.push('privileged');
  if (/hostPath/.test(text)) found.push('hostPath');
  if (/runAsNonRoot|runAsUser/.test(text)) found.push('root');
  return found;
}

/** A glob of policy namespace lists (`team-*`, `*-prod`, `?`), as a test. */
export function globMatches(pattern: string, value: string): boolean {
  if (!/[*?]/.test(pattern)) return pattern === value;
  const source = pattern
    .split('')
    .map(c => {
      if (c === '*') return '.*';
      if (c === '?') return '.';
      return c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${source}$`).test(value);
}

export function matchesAny(patterns: unknown, value: string): boolean {
  return Array.isArray(patterns)
    ? patterns.some(p => typeof p === 'string' && globMatches(p, value))
    : false;
}
