import type { ClusterStatus } from '@kube-security/plugin-kube-security-common';

/** What an error text may say about where a cluster lives, and what replaces it. */
const HIDDEN: Array<[RegExp, string]> = [
  // Role and other resource ARNs (AWS and its partitions).
  [/\barn:aws[a-z-]*:[^\s'"),;]*[^\s'"),;:.]/gi, '<role ARN>'],
  // URLs of any scheme.
  [/\b[a-z][a-z0-9+.-]*:\/\/[^\s'"),;]*[^\s'"),;:.]/gi, '<server>'],
  // Bracketed IPv6 addresses with an optional port.
  [/\[[0-9a-f:.]+\](:\d+)?/gi, '<server>'],
  // IPv4 addresses with an optional port.
  [/\b\d{1,3}(\.\d{1,3}){3}(:\d+)?\b/g, '<server>'],
  // host:port (a dotted name with a port, as in "connect ECONNREFUSED host:6443").
  [/\b[a-z0-9-]+(\.[a-z0-9-]+)+:\d+\b/gi, '<server>'],
];

/** The text with server addresses and ARNs replaced by placeholders. */
export function redactText(text: string): string {
  return HIDDEN.reduce((t, [pattern, by]) => t.replace(pattern, by), text);
}

/**
 * A cluster's status as readers see it: its error texts say what went wrong, not where
 * the API server is or which role was assumed (the logs keep the full text).
 */
export function redactClusterStatus(status: ClusterStatus): ClusterStatus {
  return {
    ...status,
    ...(status.staleReason !== undefined
      ? { staleReason: redactText(status.staleReason) }
      : {}),
    ...(status.lastScan
      ? {
          lastScan: {
            ...status.lastScan,
            ...(status.lastScan.error !== undefined
              ? { error: redactText(status.lastScan.error) }
              : {}),
          },
        }
      : {}),
  };
}
