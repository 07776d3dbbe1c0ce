import type { Severity } from '@kube-security/plugin-kube-security-common';
import type { Check } from '../../engine/check';
import { asArray, isTrue } from './helpers';
import { BASELINE_CAPABILITIES, RESTRICTED_ADDABLE } from './capabilities';
import {
  ADMISSION_ITEM as ITEM,
  normalizeCapability,
  STANDARD,
} from './podSecurity';

const DEFAULT_SECCOMP =
  'seccomp.security.alpha.kubernetes.io/defaultProfileName';

/** One thing a PodSecurityPolicy lets pods do, with the controls it breaks. */
interface Allowance {
  text: string;
  path: string;
  severity: Severity;
  standards: string[];
}

const RANK: Record<Severity, number> = {
  critical: 4,
  high: 3,
  medium: 2,
  low: 1,
  info: 0,
};

function runsAsRootAllowed(runAsUser: any): boolean {
  const rule = String(runAsUser?.rule ?? 'RunAsAny');
  if (rule === 'MustRunAsNonRoot') return false;
  if (rule === 'MustRunAs') {
    const ranges = asArray(runAsUser?.ranges);
    return ranges.length === 0 || ranges.some(r => Number(r?.min ?? 0) <= 0);
  }
  return true;
}

/** What a PodSecurityPolicy spec admits that the Pod Security Standards refuse. */
export function psPolicyAllowances(spec: any): Allowance[] {
  const out: Allowance[] = [];
  const add = (a: Allowance) => out.push(a);
  if (isTrue(spec.privileged)) {
    add({
      text: 'privileged containers',
      path: 'spec.privileged',
      severity: 'critical',
      standards: [STANDARD.privileged, 'CIS 5.2.2', STANDARD.nsaPrivileged],
    });
  }
  for (const [field, cis] of [
    ['hostPID', 'CIS 5.2.3'],
    ['hostIPC', 'CIS 5.2.4'],
    ['hostNetwork', 'CIS 5.2.5'],
  ]) {
    if (isTrue(spec[field])) {
      add({
        text: `${field}`,
        path: `spec.${field}`,
        severity: 'high',
        standards: [STANDARD.hostNamespaces, cis, STANDARD.nsaHost],
      });
    }
  }
  const escalation = spec.allowPrivilegeEscalation;
  if (escalation !== false && escalation !== 'false') {
    add({
      text: 'privilege escalation',
      path: 'spec.allowPrivilegeEscalation',
      severity: 'medium',
      standards: [STANDARD.privilegeEscalation, 'CIS 5.2.6'],
    });
  }
  if (runsAsRootAllowed(spec.runAsUser)) {
    add({
      text: 'root users',
      path: 'spec.runAsUser.rule',
      severity: 'medium',
      standards: [
        STANDARD.runAsNonRoot,
        STANDARD.runAsNonRootUser,
        'CIS 5.2.7',
        STANDARD.nsaNonRoot,
      ],
    });
  }
  const dropped = asArray(spec.requiredDropCapabilities).map(
    normalizeCapability,
  );
  if (!dropped.includes('ALL')) {
    add({
      text: 'containers that keep the default capabilities',
      path: 'spec.requiredDropCapabilities',
      severity: 'low',
      standards: [
        STANDARD.capabilitiesRestricted,
        ...(dropped.includes('NET_RAW') ? [] : ['CIS 5.2.8']),
        'CIS 5.2.10',
      ],
    });
  }
  const addable = [
    ...asArray(spec.allowedCapabilities),
    ...asArray(spec.defaultAddCapabilities),
  ]
    .map(normalizeCapability)
    .filter(cap => cap !== RESTRICTED_ADDABLE);
  if (addable.length > 0) {
    const beyond = addable.some(
      cap => cap === '*' || !BASELINE_CAPABILITIES.has(cap),
    );
    add({
      text: `added capabilities (${[...new Set(addable)].join(', ')})`,
      path:
        asArray(spec.allowedCapabilities).length > 0
          ? 'spec.allowedCapabilities'
          : 'spec.defaultAddCapabilities',
      severity: beyond ? 'high' : 'low',
      standards: [
        ...(beyond ? [STANDARD.capabilitiesBaseline] : []),
        STANDARD.capabilitiesRestricted,
        ...(addable.some(c => c === '*' || c === 'ALL' || c === 'NET_RAW')
          ? ['CIS 5.2.8']
          : []),
        'CIS 5.2.9',
      ],
    });
  }
  const volumes = asArray(spec.volumes).map(v => String(v));
  if (volumes.includes('*') || volumes.includes('hostPath')) {
    add({
      text: 'hostPath volumes',
      path: 'spec.volumes',
      severity: 'high',
      standards: [
        STANDARD.hostPathVolumes,
        STANDARD.volumeTypes,
        'CIS 5.2.12',
        STANDARD.nsaHost,
      ],
    });
  }
  if (asArray(spec.hostPorts).length > 0) {
    add({
      text: 'host ports',
      path: 'spec.hostPorts',
      severity: 'medium',
      standards: [STANDARD.hostPorts, 'CIS 5.2.13'],
    });
  }
  return out;
}

/**
 * PodSecurityPolicy objects (policy/v1beta1, removed in Kubernetes 1.25 but still found in
 * older repositories and charts) do not admit what the Pod Security Standards refuse. One
 * finding per policy, naming everything it allows; its standards are those of the allowances.
 */
export const podSecurityPolicyCheck: Check = {
  id: `${ITEM}/pod-security-policy`,
  itemId: ITEM,
  severity: 'high',
  // No `reads`: current clusters have no PodSecurityPolicy API, which must not make the
  // verdict incomplete.
  run(ctx) {
    const policies = ctx.index.ofKind('PodSecurityPolicy');
    for (const policy of policies) {
      const spec = (policy as any).spec ?? {};
      const allowances = psPolicyAllowances(spec);
      const annotations = policy.metadata.annotations ?? {};
      const seccomp = String(annotations[DEFAULT_SECCOMP] ?? '').toLowerCase();
      if (
        seccomp !== 'runtime/default' &&
        seccomp !== 'docker/default' &&
        !seccomp.startsWith('localhost/')
      ) {
        allowances.push({
          text: 'pods without a seccomp profile',
          path: `metadata.annotations['${DEFAULT_SECCOMP}']`,
          severity: 'low',
          standards: [STANDARD.seccompRestricted, 'CIS 5.7.2'],
        });
      }
      if (!isTrue(spec.readOnlyRootFilesystem)) {
        allowances.push({
          text: 'writable root filesystems',
          path: 'spec.readOnlyRootFilesystem',
          severity: 'low',
          standards: [STANDARD.nsaImmutable],
        });
      }
      if (allowances.length === 0) continue;
      const worst = allowances.reduce((a, b) =>
        RANK[b.severity] > RANK[a.severity] ? b : a,
      );
      ctx.report({
        severity: worst.severity,
        message: `PodSecurityPolicy '${
          policy.metadata.name
        }' admits ${allowances
          .map(a => a.text)
          .join(
            ', ',
          )}: pods it covers are not held to the Pod Security Standards`,
        resource: { kind: 'PodSecurityPolicy', name: policy.metadata.name },
        evidencePath: worst.path,
        standards: [...new Set(allowances.flatMap(a => a.standards))],
      });
    }
    // On a whole cluster, none means none admits anything (the API is gone since 1.25); in
    // manifests, absence says nothing.
    return policies.length > 0 || ctx.index.snapshot.scope === 'cluster';
  },
};
