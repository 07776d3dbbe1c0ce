import type { ClusterStatus } from '@kube-security/plugin-kube-security-common';
import { redactClusterStatus } from './redact';

const status = (error: string, staleReason?: string): ClusterStatus => ({
  name: 'eks-prod-eu',
  source: 'kubernetes',
  stale: true,
  staleReason,
  lastScan: {
    id: 1,
    status: 'failed',
    startedAt: '2026-12-01T00:00:00Z',
    error,
  },
});

describe('redactClusterStatus', () => {
  it('hides server URLs, addresses and role ARNs from readers, keeping the rest', () => {
    const redacted = redactClusterStatus(
      status(
        'Cannot list pods on https://ABC123.gr7.eu-west-1.eks.amazonaws.com:443/api/v1/pods?limit=500: 401 Unauthorized; assumed arn:aws:iam::123456789012:role/kube-security-reader',
        'connect ECONNREFUSED 10.20.30.40:6443 (kube-api.internal:6443) and [fd00::1]:6443',
      ),
    );
    const text = `${redacted.lastScan!.error} ${redacted.staleReason}`;
    expect(text).not.toMatch(
      /amazonaws|123456789012|kube-security-reader|10\.20\.30\.40|kube-api\.internal|fd00/,
    );
    expect(redacted.lastScan!.error).toBe(
      'Cannot list pods on <server>: 401 Unauthorized; assumed <role ARN>',
    );
    expect(redacted.staleReason).toBe(
      'connect ECONNREFUSED <server> (<server>) and <server>',
    );
    expect(redacted.name).toBe('eks-prod-eu');
  });

  it('leaves texts without addresses alone', () => {
    const plain = status(
      'No Kubernetes object could be read',
      'scan timed out after PT15M',
    );
    expect(redactClusterStatus(plain)).toEqual(plain);
  });
});
