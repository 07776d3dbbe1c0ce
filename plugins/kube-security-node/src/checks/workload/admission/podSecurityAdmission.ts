import type { Concern, NamespaceInfo } from './types';

export const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';

/**
 * What the built-in Pod Security admission refuses in a namespace from its `enforce` label:
 * baseline refuses privileged containers and hostPath volumes, restricted also running as
 * root (runAsNonRoot must be true).
 */
export function podSecurityConcerns(namespace: NamespaceInfo): Concern[] {
  switch (namespace.labels[ENFORCE_LABEL]) {
    case 'baseline':
      return ['privileged', 'hostPath'];
    case 'restricted':
      return ['privileged', 'hostPath', 'root'];
    default:
      return [];
  }
}
