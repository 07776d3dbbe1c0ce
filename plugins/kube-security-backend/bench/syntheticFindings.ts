import {
  ACTION_ITEMS,
  CHECK_DEFINITIONS,
  CatalogCheckDefinition,
  Finding,
  FindingStatus,
  ItemEvaluation,
  ResourceRef,
  Severity,
} from '@kube-security/plugin-kube-security-common';
import { findingId } from '@kube-security/plugin-kube-security-node';
import type { ScanResult, WorkloadRecord } from '../src/database/ScanStore';
import { createRandom, Random } from './measure';

/**
 * Findings of one large cluster, shaped like the engine's output without running it:
 * ids from the engine's findingId, checks and items from the catalog, workloads of several
 * kinds spread over a few hundred namespaces, one to three containers each, and the
 * cluster-, node-, namespace- and RBAC-level findings a real scan also reports. The rates
 * below give about six findings per workload, as the engine does on the example clusters.
 */

const KIND_WEIGHTS: Array<[string, number]> = [
  ['Deployment', 0.7],
  ['StatefulSet', 0.1],
  ['CronJob', 0.1],
  ['Job', 0.04],
  ['DaemonSet', 0.03],
  ['Pod', 0.03],
];

/** Workload-level checks and how often a workload fails them. */
const WORKLOAD_CHECKS: Array<[string, number]> = [
  ['workload-rbac-least-privilege/default-service-account-token', 0.3],
  ['workload-network-policies/ingress-not-restricted', 0.6],
  ['workload-network-policies/egress-not-restricted', 0.7],
  ['workload-admission-policy/host-path', 0.05],
  ['workload-admission-policy/host-namespaces', 0.03],
  ['workload-namespace-isolation/exposed-with-datastore', 0.04],
];

/** Container-level checks and how often a container fails them. */
const CONTAINER_CHECKS: Array<[string, number, string]> = [
  [
    'workload-admission-policy/run-as-root',
    0.5,
    'securityContext.runAsNonRoot',
  ],
  [
    'workload-admission-policy/privilege-escalation',
    0.6,
    'securityContext.allowPrivilegeEscalation',
  ],
  [
    'workload-admission-policy/privileged-container',
    0.03,
    'securityContext.privileged',
  ],
  [
    'workload-admission-policy/dangerous-capabilities',
    0.05,
    'securityContext.capabilities.add',
  ],
  ['image-trusted-registries/untrusted-registry', 0.3, 'image'],
  ['image-trusted-registries/unpinned-digest', 0.8, 'image'],
  ['image-trusted-registries/mutable-tag', 0.2, 'image'],
  ['image-externalized-config/literal-secret-env', 0.05, 'env'],
  ['image-externalized-config/environment-tag', 0.1, 'image'],
  ['image-externalized-config/inline-config', 0.1, 'env'],
  ['image-minimal-scanned-base/full-os-image', 0.15, 'image'],
];

/** Checks that only warn. */
const WARN_ONLY = new Set([
  'image-externalized-config/inline-config',
  'image-minimal-scanned-base/full-os-image',
]);

const CONTAINER_NAMES = ['app', 'sidecar', 'proxy', 'init-db', 'metrics'];
const TEAM_WORDS = [
  'payments',
  'checkout',
  'search',
  'catalog',
  'ledger',
  'identity',
  'billing',
  'orders',
  'shipping',
  'pricing',
  'reviews',
  'media',
  'profile',
  'notify',
  'fraud',
  'reports',
];

function definition(checkId: string): CatalogCheckDefinition {
  const def = CHECK_DEFINITIONS[checkId];
  if (!def) throw new Error(`The catalog has no check ${checkId}`);
  return def;
}

function category(itemId: string) {
  return ACTION_ITEMS.find(i => i.id === itemId)!.category;
}

const SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

function makeFinding(
  checkId: string,
  resource: ResourceRef,
  rand: Random,
  extra: Partial<Finding> & { status?: FindingStatus } = {},
): Finding {
  const def = definition(checkId);
  // Most findings keep the check's severity; some are raised or lowered, as checks do.
  let severity = def.severity;
  if (rand.chance(0.1)) {
    const i = SEVERITIES.indexOf(severity);
    severity =
      SEVERITIES[Math.max(0, Math.min(3, i + (rand.chance(0.5) ? -1 : 1)))];
  }
  const where = resource.container
    ? `container '${resource.container}' of ${resource.kind} ${resource.namespace}/${resource.name}`
    : `${resource.kind} ${resource.namespace ? `${resource.namespace}/` : ''}${
        resource.name
      }`;
  return {
    id: findingId(checkId, resource),
    checkId,
    itemId: def.itemId,
    category: category(def.itemId),
    status:
      extra.status ??
      (WARN_ONLY.has(checkId) || rand.chance(0.03) ? 'warn' : 'fail'),
    severity,
    message: `${def.title} is not met by ${where}; see the remediation for this item.`,
    resource,
    ...extra,
  };
}

function podSpecPath(kind: string): string {
  if (kind === 'CronJob') return 'spec.jobTemplate.spec.template.spec';
  if (kind === 'Pod') return 'spec';
  return 'spec.template.spec';
}

export interface SyntheticScan {
  cluster: string;
  findings: Finding[];
  workloads: WorkloadRecord[];
  coverage: ItemEvaluation[];
  /** The owner of each finding, as the service's mapping would decide it. */
  owners: Map<string, string | undefined>;
}

/** A deterministic scan of one cluster with exactly `count` findings. */
export function generateClusterScan(options: {
  cluster: string;
  findings: number;
  seed?: number;
}): SyntheticScan {
  const { cluster } = options;
  const rand = createRandom(options.seed ?? 42);
  const findings: Finding[] = [];
  const workloads: WorkloadRecord[] = [];
  const owners = new Map<string, string | undefined>();
  const clusterRef = `resource:default/${cluster}`;
  const add = (f: Finding, owner: string | undefined) => {
    findings.push(f);
    owners.set(f.id, owner);
  };

  // Cluster, node and cloud findings: every cloud-evidenced check once, public IPs per node.
  for (const def of Object.values(CHECK_DEFINITIONS)) {
    if (def.evidence !== 'cloud') continue;
    const status = rand.pick<FindingStatus>(['fail', 'fail', 'warn', 'pass']);
    add(
      makeFinding(def.id, { cluster, kind: 'Cluster', name: cluster }, rand, {
        status,
      }),
      clusterRef,
    );
  }
  for (let n = 0; n < 60; n++) {
    const node = `ip-10-0-${Math.floor(n / 250)}-${
      n % 250
    }.eu-west-1.compute.internal`;
    add(
      makeFinding(
        'cluster-private-access/public-node-ips',
        { cluster, kind: 'Node', name: node },
        rand,
        {
          evidencePath: 'status.addresses',
        },
      ),
      clusterRef,
    );
  }

  const namespaces = Math.max(4, Math.round(options.findings / 400));
  let w = 0;
  while (findings.length < options.findings) {
    const nsIndex = w % namespaces;
    const namespace =
      nsIndex === 0
        ? 'default'
        : `${TEAM_WORDS[nsIndex % TEAM_WORDS.length]}-${nsIndex}`;
    // A namespace's first workload brings its namespace- and RBAC-level findings.
    if (w < namespaces) {
      add(
        makeFinding(
          'workload-admission-policy/pod-security-labels',
          { cluster, kind: 'Namespace', name: namespace },
          rand,
          {
            evidencePath: 'metadata.labels',
          },
        ),
        clusterRef,
      );
      if (rand.chance(0.3)) {
        add(
          makeFinding(
            rand.pick([
              'workload-rbac-least-privilege/wildcard-permissions',
              'workload-rbac-least-privilege/rbac-modification',
              'workload-rbac-least-privilege/builtin-admin-binding',
            ]),
            {
              cluster,
              kind: 'RoleBinding',
              namespace,
              name: `${namespace}-deployer`,
            },
            rand,
            { evidencePath: 'roleRef' },
          ),
          clusterRef,
        );
      }
    }

    let pickKind = rand.next();
    let kind = 'Deployment';
    for (const [k, weight] of KIND_WEIGHTS) {
      if (pickKind < weight) {
        kind = k;
        break;
      }
      pickKind -= weight;
    }
    const name = `${namespace.split('-')[0]}-svc-${w}`;
    const kubernetesId = rand.chance(0.85) ? `svc-${w % 20000}` : undefined;
    const labels: Record<string, string> = {
      'app.kubernetes.io/name': name,
      'app.kubernetes.io/part-of': namespace,
      ...(kubernetesId ? { 'backstage.io/kubernetes-id': kubernetesId } : {}),
    };
    const owner = kubernetesId
      ? `component:default/${kubernetesId}`
      : undefined;
    workloads.push({ kind, namespace, name, labels, entityRef: owner });
    const exposure = {
      internet: kind !== 'StatefulSet' && rand.chance(0.12),
      dataStore: kind === 'StatefulSet' && rand.chance(0.6),
    };
    const base = podSpecPath(kind);
    const workloadRef: ResourceRef = { cluster, kind, namespace, name };

    if (namespace === 'default') {
      add(
        makeFinding(
          'workload-namespace-isolation/default-namespace',
          workloadRef,
          rand,
          {
            labels,
            exposure,
            evidencePath: 'metadata.namespace',
          },
        ),
        owner,
      );
    }
    for (const [checkId, rate] of WORKLOAD_CHECKS) {
      if (!rand.chance(rate)) continue;
      add(
        makeFinding(checkId, workloadRef, rand, {
          labels,
          exposure,
          evidencePath: base,
        }),
        owner,
      );
    }
    let containers = 3;
    if (rand.chance(0.55)) containers = 1;
    else if (rand.chance(0.7)) containers = 2;
    for (let c = 0; c < containers; c++) {
      const container = CONTAINER_NAMES[c];
      for (const [checkId, rate, field] of CONTAINER_CHECKS) {
        if (!rand.chance(rate)) continue;
        add(
          makeFinding(checkId, { ...workloadRef, container }, rand, {
            labels,
            exposure,
            evidencePath: `${base}.containers[${c}].${field}`,
          }),
          owner,
        );
      }
    }
    w++;
  }
  // Trim to the exact size asked for (the last workload may overshoot).
  for (const f of findings.splice(options.findings)) owners.delete(f.id);

  const coverage: ItemEvaluation[] = ACTION_ITEMS.map(item => ({
    itemId: item.id,
    coverage: item.checks.length ? 'full' : 'none',
    checksRun: item.checks.map(c => c.id),
  }));
  return { cluster, findings, workloads, coverage, owners };
}

export function toScanResult(scan: SyntheticScan): ScanResult {
  return {
    cluster: scan.cluster,
    status: 'ok',
    findings: scan.findings,
    coverage: scan.coverage,
    workloads: scan.workloads,
    ownerOf: f => scan.owners.get(f.id),
    unreadable: [],
    notes: [],
    objectCount: scan.workloads.length * 4,
  };
}

/**
 * The same cluster a little later: `fraction` of the findings fixed, as many again with a
 * changed message (the engine rewords when the evidence changes), and as many new ones.
 */
export function churn(
  scan: SyntheticScan,
  fraction: number,
  seed = 7,
): {
  scan: SyntheticScan;
  expected: { inserted: number; updated: number; resolved: number };
} {
  const rand = createRandom(seed);
  const n = Math.round(scan.findings.length * fraction);
  const findings = scan.findings.slice();
  const owners = new Map(scan.owners);
  // Resolve the last n workload findings, change n from the middle, add n new ones.
  const gone = findings.splice(findings.length - n, n);
  for (const f of gone) owners.delete(f.id);
  const start = Math.floor(findings.length / 2);
  for (let i = start; i < start + n; i++) {
    findings[i] = {
      ...findings[i],
      message: `${findings[i].message} (evidence changed)`,
    };
  }
  for (let i = 0; i < n; i++) {
    const resource: ResourceRef = {
      cluster: scan.cluster,
      kind: 'Deployment',
      namespace: 'payments-1',
      name: `payments-new-${i}`,
      container: 'app',
    };
    const f = makeFinding(
      'workload-admission-policy/run-as-root',
      resource,
      rand,
      {
        evidencePath:
          'spec.template.spec.containers[0].securityContext.runAsNonRoot',
      },
    );
    findings.push(f);
    owners.set(f.id, undefined);
  }
  return {
    scan: { ...scan, findings, owners },
    expected: { inserted: n, updated: n, resolved: n },
  };
}
