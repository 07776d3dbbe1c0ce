import { CHECK_DEFINITIONS } from '@kube-security/plugin-kube-security-common';
import { ENGINE_ITEM_IDS } from '../engine/items';
import { ALL_CHECKS, workloadChecks } from '.';

/** The workload check ids agreed in the checks plan. */
const PLANNED_WORKLOAD_CHECKS = [
  'workload-admission-policy/privileged-container',
  'workload-admission-policy/run-as-root',
  'workload-admission-policy/non-root-not-required',
  'workload-admission-policy/privilege-escalation',
  'workload-admission-policy/host-path',
  'workload-admission-policy/host-namespaces',
  'workload-admission-policy/dangerous-capabilities',
  'workload-admission-policy/policy-engine',
  'workload-admission-policy/pod-security-labels',
  'workload-admission-policy/pod-security-policy',
  'workload-admission-policy/host-process',
  'workload-admission-policy/host-ports',
  'workload-admission-policy/drop-all-capabilities',
  'workload-admission-policy/seccomp-profile',
  'workload-admission-policy/apparmor-unconfined',
  'workload-admission-policy/selinux-options',
  'workload-admission-policy/proc-mount',
  'workload-admission-policy/unsafe-sysctls',
  'workload-admission-policy/host-probes',
  'workload-admission-policy/volume-types',
  'workload-admission-policy/run-as-root-group',
  'workload-admission-policy/read-only-root-filesystem',
  'workload-network-policies/ingress-not-restricted',
  'workload-network-policies/egress-not-restricted',
  'workload-network-policies/namespace-without-policy',
  'workload-rbac-least-privilege/cluster-secrets-read',
  'workload-rbac-least-privilege/wildcard-permissions',
  'workload-rbac-least-privilege/builtin-admin-binding',
  'workload-rbac-least-privilege/rbac-modification',
  'workload-rbac-least-privilege/escalate-bind-impersonate',
  'workload-rbac-least-privilege/default-service-account-token',
  'workload-rbac-least-privilege/cluster-admin-binding',
  'workload-rbac-least-privilege/system-masters-group',
  'workload-rbac-least-privilege/secrets-read',
  'workload-rbac-least-privilege/pod-creation',
  'workload-rbac-least-privilege/pod-exec-attach',
  'workload-rbac-least-privilege/persistent-volume-creation',
  'workload-rbac-least-privilege/node-proxy',
  'workload-rbac-least-privilege/csr-approval',
  'workload-rbac-least-privilege/service-account-token-creation',
  'workload-rbac-least-privilege/default-service-account-binding',
  'workload-rbac-least-privilege/service-account-token-mount',
  'workload-rbac-least-privilege/service-account-automount',
  'workload-namespace-isolation/default-namespace',
  'workload-namespace-isolation/system-namespace',
  'workload-namespace-isolation/exposed-with-datastore',
  'workload-central-telemetry/log-agent',
  'workload-runtime-monitoring/runtime-agent',
];

describe('ALL_CHECKS', () => {
  it('has unique ids of the form <item id>/<slug>', () => {
    const ids = ALL_CHECKS.map(c => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    const items = new Set<string>(ENGINE_ITEM_IDS);
    for (const check of ALL_CHECKS) {
      expect(items.has(check.itemId)).toBe(true);
      expect(check.id).toMatch(
        new RegExp(`^${check.itemId}/[a-z0-9]+(-[a-z0-9]+)*$`),
      );
    }
  });

  it('contains every workload check, exactly those of the plan', () => {
    expect(workloadChecks.map(c => c.id).sort()).toEqual(
      [...PLANNED_WORKLOAD_CHECKS].sort(),
    );
    for (const check of workloadChecks) {
      expect(ALL_CHECKS).toContain(check);
      expect(check.severity).toBe(CHECK_DEFINITIONS[check.id].severity);
    }
  });

  it('implements exactly the checks the catalog lists, under the same items', () => {
    expect(ALL_CHECKS.map(c => c.id).sort()).toEqual(
      Object.keys(CHECK_DEFINITIONS).sort(),
    );
    for (const check of ALL_CHECKS) {
      expect(CHECK_DEFINITIONS[check.id].itemId).toBe(check.itemId);
    }
  });
});
