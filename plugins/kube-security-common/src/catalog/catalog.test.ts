import { CATEGORIES, PROVIDERS } from '../types';
import {
  ACTION_ITEMS,
  ACTION_ITEM_IDS,
  baseImpactForOrder,
  CATEGORY_TITLES,
  CHECK_DEFINITIONS,
  getActionItem,
  getCheckDefinition,
  isActionItemId,
  itemsByCategory,
  PROVIDER_TITLES,
} from '.';

// The design's suggested id list, in plan order.
const EXPECTED_IDS = [
  'cloud-network-isolation',
  'cloud-mfa-enforced',
  'cloud-iam-least-privilege',
  'cloud-audit-logging',
  'cluster-private-access',
  'cluster-multi-zone',
  'cluster-audit-logging',
  'cluster-security-features',
  'cluster-node-least-privilege',
  'workload-central-telemetry',
  'workload-namespace-isolation',
  'workload-rbac-least-privilege',
  'workload-admission-policy',
  'workload-network-policies',
  'workload-runtime-monitoring',
  'image-minimal-scanned-base',
  'image-trusted-registries',
  'image-externalized-config',
  'image-pipeline-checks',
];

// The agreed check ids of /work/notes/checks-plan.md, per item.
const EXPECTED_CHECKS: Record<string, string[]> = {
  'cloud-network-isolation': ['dedicated-network'],
  'cloud-mfa-enforced': ['iam-users-mfa'],
  'cloud-iam-least-privilege': ['policies-on-users', 'cluster-admins'],
  'cloud-audit-logging': ['cloud-audit-trail'],
  'cluster-private-access': [
    'public-endpoint',
    'private-endpoint',
    'public-node-ips',
  ],
  'cluster-multi-zone': ['control-plane-zones', 'node-zones'],
  'cluster-audit-logging': ['control-plane-audit-logs'],
  'cluster-security-features': [
    'rbac-enabled',
    'network-policy-support',
    'admission-webhooks',
    'workload-identity',
    'secrets-encryption',
  ],
  'cluster-node-least-privilege': ['metadata-protection', 'node-identity'],
  'workload-central-telemetry': ['log-agent'],
  'workload-namespace-isolation': [
    'default-namespace',
    'system-namespace',
    'exposed-with-datastore',
  ],
  'workload-rbac-least-privilege': [
    'cluster-secrets-read',
    'wildcard-permissions',
    'builtin-admin-binding',
    'rbac-modification',
    'escalate-bind-impersonate',
    'default-service-account-token',
    'cluster-admin-binding',
    'system-masters-group',
    'secrets-read',
    'pod-creation',
    'pod-exec-attach',
    'persistent-volume-creation',
    'node-proxy',
    'csr-approval',
    'service-account-token-creation',
    'default-service-account-binding',
    'service-account-token-mount',
    'service-account-automount',
  ],
  'workload-admission-policy': [
    'privileged-container',
    'run-as-root',
    'non-root-not-required',
    'privilege-escalation',
    'host-path',
    'host-namespaces',
    'dangerous-capabilities',
    'host-process',
    'host-ports',
    'drop-all-capabilities',
    'seccomp-profile',
    'apparmor-unconfined',
    'selinux-options',
    'proc-mount',
    'unsafe-sysctls',
    'host-probes',
    'volume-types',
    'run-as-root-group',
    'read-only-root-filesystem',
    'policy-engine',
    'pod-security-labels',
    'pod-security-policy',
  ],
  'workload-network-policies': [
    'ingress-not-restricted',
    'egress-not-restricted',
    'namespace-without-policy',
  ],
  'workload-runtime-monitoring': ['runtime-agent'],
  'image-minimal-scanned-base': ['full-os-image', 'registry-scanning'],
  'image-trusted-registries': [
    'untrusted-registry',
    'unpinned-digest',
    'mutable-tag',
  ],
  'image-externalized-config': [
    'literal-secret-env',
    'configmap-secret',
    'secret-env-reference',
    'environment-tag',
    'inline-config',
  ],
  'image-pipeline-checks': [],
};

// Default severities agreed in checks-plan.md.
const EXPECTED_SEVERITIES: Record<string, string> = {
  'cloud-network-isolation/dedicated-network': 'medium',
  'cloud-mfa-enforced/iam-users-mfa': 'critical',
  'cloud-iam-least-privilege/policies-on-users': 'medium',
  'cloud-iam-least-privilege/cluster-admins': 'high',
  'cloud-audit-logging/cloud-audit-trail': 'high',
  'cluster-private-access/public-endpoint': 'critical',
  'cluster-private-access/private-endpoint': 'medium',
  'cluster-private-access/public-node-ips': 'high',
  'cluster-multi-zone/control-plane-zones': 'high',
  'cluster-multi-zone/node-zones': 'medium',
  'cluster-audit-logging/control-plane-audit-logs': 'high',
  'cluster-security-features/rbac-enabled': 'critical',
  'cluster-security-features/network-policy-support': 'high',
  'cluster-security-features/admission-webhooks': 'high',
  'cluster-security-features/workload-identity': 'high',
  'cluster-security-features/secrets-encryption': 'medium',
  'cluster-node-least-privilege/metadata-protection': 'high',
  'cluster-node-least-privilege/node-identity': 'high',
  'workload-central-telemetry/log-agent': 'high',
  'workload-namespace-isolation/default-namespace': 'medium',
  'workload-namespace-isolation/system-namespace': 'high',
  'workload-namespace-isolation/exposed-with-datastore': 'high',
  'workload-rbac-least-privilege/cluster-secrets-read': 'critical',
  'workload-rbac-least-privilege/wildcard-permissions': 'high',
  'workload-rbac-least-privilege/builtin-admin-binding': 'high',
  'workload-rbac-least-privilege/rbac-modification': 'high',
  'workload-rbac-least-privilege/escalate-bind-impersonate': 'high',
  'workload-rbac-least-privilege/default-service-account-token': 'medium',
  'workload-rbac-least-privilege/cluster-admin-binding': 'critical',
  'workload-rbac-least-privilege/system-masters-group': 'high',
  'workload-rbac-least-privilege/secrets-read': 'high',
  'workload-rbac-least-privilege/pod-creation': 'medium',
  'workload-rbac-least-privilege/pod-exec-attach': 'medium',
  'workload-rbac-least-privilege/persistent-volume-creation': 'high',
  'workload-rbac-least-privilege/node-proxy': 'high',
  'workload-rbac-least-privilege/csr-approval': 'high',
  'workload-rbac-least-privilege/service-account-token-creation': 'high',
  'workload-rbac-least-privilege/default-service-account-binding': 'medium',
  'workload-rbac-least-privilege/service-account-token-mount': 'medium',
  'workload-rbac-least-privilege/service-account-automount': 'medium',
  'workload-admission-policy/privileged-container': 'critical',
  'workload-admission-policy/run-as-root': 'high',
  'workload-admission-policy/non-root-not-required': 'low',
  'workload-admission-policy/privilege-escalation': 'medium',
  'workload-admission-policy/host-path': 'high',
  'workload-admission-policy/host-namespaces': 'high',
  'workload-admission-policy/dangerous-capabilities': 'high',
  'workload-admission-policy/policy-engine': 'high',
  'workload-admission-policy/pod-security-labels': 'medium',
  'workload-admission-policy/pod-security-policy': 'high',
  'workload-admission-policy/host-process': 'critical',
  'workload-admission-policy/host-ports': 'medium',
  'workload-admission-policy/drop-all-capabilities': 'low',
  'workload-admission-policy/seccomp-profile': 'medium',
  'workload-admission-policy/apparmor-unconfined': 'medium',
  'workload-admission-policy/selinux-options': 'medium',
  'workload-admission-policy/proc-mount': 'medium',
  'workload-admission-policy/unsafe-sysctls': 'medium',
  'workload-admission-policy/host-probes': 'medium',
  'workload-admission-policy/volume-types': 'medium',
  'workload-admission-policy/run-as-root-group': 'medium',
  'workload-admission-policy/read-only-root-filesystem': 'low',
  'workload-network-policies/ingress-not-restricted': 'high',
  'workload-network-policies/egress-not-restricted': 'medium',
  'workload-network-policies/namespace-without-policy': 'medium',
  'workload-runtime-monitoring/runtime-agent': 'high',
  'image-minimal-scanned-base/full-os-image': 'medium',
  'image-minimal-scanned-base/registry-scanning': 'medium',
  'image-trusted-registries/untrusted-registry': 'high',
  'image-trusted-registries/unpinned-digest': 'low',
  'image-trusted-registries/mutable-tag': 'medium',
  'image-externalized-config/literal-secret-env': 'high',
  'image-externalized-config/configmap-secret': 'high',
  'image-externalized-config/secret-env-reference': 'low',
  'image-externalized-config/environment-tag': 'low',
  'image-externalized-config/inline-config': 'low',
};

const OFFICIAL_DOC_HOSTS = [
  'docs.aws.amazon.com',
  'cloud.google.com',
  'learn.microsoft.com',
  'kubernetes.io',
];

function sentenceCount(text: string): number {
  // Sentence ends: a period, question or exclamation mark followed by a space
  // and a capital letter, plus the final one.
  return text.trim().split(/[.!?](?=\s+[A-Z`])/).length;
}

describe('action item catalog', () => {
  it('has the 19 items in the agreed order with unique ids', () => {
    expect(ACTION_ITEMS.map(i => i.id)).toEqual(EXPECTED_IDS);
    expect(ACTION_ITEM_IDS).toEqual(EXPECTED_IDS);
    expect(new Set(ACTION_ITEM_IDS).size).toBe(19);
    expect(ACTION_ITEMS.map(i => i.order)).toEqual(
      Array.from({ length: 19 }, (_, index) => index + 1),
    );
  });

  it('derives base impact from order: 100 minus 4 per position', () => {
    for (const item of ACTION_ITEMS) {
      expect(item.baseImpact).toBe(100 - (item.order - 1) * 4);
    }
    expect(getActionItem('cloud-network-isolation').baseImpact).toBe(100);
    expect(getActionItem('image-pipeline-checks').baseImpact).toBe(28);
    expect(() => baseImpactForOrder(0)).toThrow(/1 to 19/);
    expect(() => baseImpactForOrder(20)).toThrow(/1 to 19/);
    expect(() => baseImpactForOrder(2.5)).toThrow(/1 to 19/);
  });

  it('puts each item in the category its id starts with', () => {
    for (const item of ACTION_ITEMS) {
      expect(item.id.startsWith(`${item.category}-`)).toBe(true);
    }
    expect(
      CATEGORIES.map(c => ACTION_ITEMS.filter(i => i.category === c).length),
    ).toEqual([4, 5, 6, 4]);
  });

  it('lists exactly the agreed checks under each item', () => {
    for (const item of ACTION_ITEMS) {
      expect(item.checks.map(c => c.id)).toEqual(
        EXPECTED_CHECKS[item.id].map(slug => `${item.id}/${slug}`),
      );
    }
    expect(Object.keys(CHECK_DEFINITIONS).sort()).toEqual(
      Object.keys(EXPECTED_SEVERITIES).sort(),
    );
  });

  it('gives every check a title, its agreed severity and an item-prefixed id', () => {
    for (const item of ACTION_ITEMS) {
      for (const def of item.checks) {
        expect(def.id.startsWith(`${item.id}/`)).toBe(true);
        expect(def.title.length).toBeGreaterThan(10);
        expect(def.severity).toBe(EXPECTED_SEVERITIES[def.id]);
        expect(CHECK_DEFINITIONS[def.id]).toEqual({ ...def, itemId: item.id });
      }
    }
  });

  it('declares evidence kinds that cover the evidence of its checks', () => {
    for (const item of ACTION_ITEMS) {
      expect(item.evidence.length).toBeGreaterThan(0);
      expect(new Set(item.evidence).size).toBe(item.evidence.length);
      for (const def of item.checks) {
        for (const kind of [def.evidence, ...(def.additionalEvidence ?? [])]) {
          expect(item.evidence).toContain(kind);
        }
      }
    }
    expect(getActionItem('image-pipeline-checks').evidence).toEqual([
      'attestation',
    ]);
    expect(getActionItem('image-pipeline-checks').checks).toEqual([]);
    expect(getActionItem('cloud-mfa-enforced').evidence).toEqual([
      'cloud',
      'attestation',
    ]);
    // Checks that read both a cloud descriptor and Kubernetes objects say so.
    expect(
      CHECK_DEFINITIONS['cluster-private-access/public-node-ips']
        .additionalEvidence,
    ).toEqual(['kubernetes']);
  });

  it('labels the checks that ask for more than the practice as additions', () => {
    const additions = Object.values(CHECK_DEFINITIONS)
      .filter(def => def.addition)
      .map(def => def.id);
    expect(additions).toEqual(['cluster-security-features/secrets-encryption']);
    for (const id of additions) {
      expect(CHECK_DEFINITIONS[id].addition).toMatch(/^[A-Z].{40,}\.$/);
    }
  });

  it('explains every item in two to four sentences and says what good looks like', () => {
    for (const item of ACTION_ITEMS) {
      expect(item.title.length).toBeGreaterThan(15);
      const sentences = sentenceCount(item.why);
      expect(sentences).toBeGreaterThanOrEqual(2);
      expect(sentences).toBeLessThanOrEqual(4);
      expect(item.whatGoodLooksLike.length).toBeGreaterThan(80);
    }
  });

  describe.each(ACTION_ITEMS.map(item => [item.id, item] as const))(
    'remediation of %s',
    (_id, item) => {
      it.each(PROVIDERS.map(p => [p]))(
        'is actionable on %s and links official docs',
        provider => {
          const remediation = item.remediation[provider];
          expect(remediation.summary.length).toBeGreaterThan(40);
          expect(remediation.steps.length).toBeGreaterThanOrEqual(2);
          expect(remediation.steps.length).toBeLessThanOrEqual(5);
          for (const step of remediation.steps) {
            expect(step.text.length).toBeGreaterThan(10);
          }
          expect(
            remediation.steps.some(
              s => s.command || s.manifest || s.consolePath,
            ),
          ).toBe(true);
          expect(remediation.docs.length).toBeGreaterThanOrEqual(1);
          expect(remediation.docs.length).toBeLessThanOrEqual(3);
          for (const doc of remediation.docs) {
            const url = new URL(doc.url);
            expect(url.protocol).toBe('https:');
            expect(OFFICIAL_DOC_HOSTS).toContain(url.hostname);
            expect(doc.title.length).toBeGreaterThan(3);
          }
        },
      );
    },
  );

  it('writes placeholders in angle brackets and keeps each provider on its own CLI', () => {
    const foreignClis = {
      eks: ['gcloud', 'az'],
      gke: ['aws', 'az'],
      aks: ['aws', 'gcloud'],
    };
    for (const provider of PROVIDERS) {
      const steps = ACTION_ITEMS.flatMap(
        item => item.remediation[provider].steps,
      );
      const texts = steps.flatMap(s => [s.command ?? '', s.manifest ?? '']);
      // No shell-variable placeholders like $CLUSTER_NAME: we use <cluster>.
      expect(texts.filter(t => /\$[A-Z_]{3,}/.test(t))).toEqual([]);
      const clis = new Set(
        steps.flatMap(s =>
          (s.command ?? '').split('\n').map(line => line.split(' ')[0]),
        ),
      );
      expect(foreignClis[provider].filter(cli => clis.has(cli))).toEqual([]);
    }
  });

  it('looks items up by id and rejects unknown ids clearly', () => {
    expect(getActionItem('workload-admission-policy').order).toBe(13);
    expect(() => getActionItem('workload-nope')).toThrow(
      "Unknown Kube Security action item 'workload-nope'",
    );
    expect(isActionItemId('image-trusted-registries')).toBe(true);
    expect(isActionItemId('image-trusted')).toBe(false);
    expect(isActionItemId(42)).toBe(false);
    expect(getCheckDefinition('image-trusted-registries/mutable-tag')).toEqual(
      expect.objectContaining({
        itemId: 'image-trusted-registries',
        severity: 'medium',
      }),
    );
    expect(getCheckDefinition('toString')).toBeUndefined();
  });

  it('groups items by category in plan order and titles categories and providers', () => {
    const grouped = itemsByCategory();
    expect(Object.keys(grouped)).toEqual([...CATEGORIES]);
    expect(grouped.cloud.map(i => i.order)).toEqual([1, 2, 3, 4]);
    expect(grouped.image.map(i => i.id)).toEqual([
      'image-minimal-scanned-base',
      'image-trusted-registries',
      'image-externalized-config',
      'image-pipeline-checks',
    ]);
    const partial = itemsByCategory([
      getActionItem('image-pipeline-checks'),
      getActionItem('cloud-audit-logging'),
    ]);
    expect(partial.cluster).toEqual([]);
    expect(partial.image.map(i => i.id)).toEqual(['image-pipeline-checks']);
    expect(CATEGORY_TITLES).toEqual({
      cloud: 'Cloud security',
      cluster: 'Cluster security',
      workload: 'Workload security',
      image: 'Image security',
    });
    expect(PROVIDER_TITLES).toEqual({
      eks: 'Amazon EKS',
      gke: 'Google GKE',
      aks: 'Azure AKS',
    });
  });
});
