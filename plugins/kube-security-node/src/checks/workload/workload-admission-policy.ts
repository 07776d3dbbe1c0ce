import type { Severity } from '@kube-security/plugin-kube-security-common';
import type { Check, CheckContext } from '../../engine/check';
import type { KubeObject } from '../../snapshot/types';
import {
  asArray,
  clusterResource,
  containerResource,
  describeContainer,
  hasWorkloadEvidence,
  isSystemNamespace,
  isWindowsPod,
  listNames,
  teamContainers,
  teamWorkloads,
  WORKLOAD_READS,
  workloadResource,
} from './helpers';

const ITEM = 'workload-admission-policy' as const;

const privilegedContainer: Check = {
  id: `${ITEM}/privileged-container`,
  itemId: ITEM,
  severity: 'critical',
  reads: WORKLOAD_READS,
  run(ctx) {
    for (const ref of teamContainers(ctx)) {
      if (ref.container.securityContext?.privileged === true) {
        ctx.report({
          message: `${describeContainer(
            ref,
          )} runs privileged: it has every capability of the host and can reach all of its devices, so escaping to the node is trivial`,
          resource: containerResource(ref),
          evidencePath: `${ref.path}.securityContext.privileged`,
        });
      }
    }
    return hasWorkloadEvidence(ctx);
  },
};

/**
 * runAsUser / runAsNonRoot may be set on the pod and overridden per container; the
 * container's own value wins.
 */
const runAsRoot: Check = {
  id: `${ITEM}/run-as-root`,
  itemId: ITEM,
  severity: 'high',
  reads: WORKLOAD_READS,
  run(ctx) {
    for (const ref of teamContainers(ctx)) {
      const workload = ref.workload;
      if (isWindowsPod(workload)) continue;
      const own = ref.container.securityContext ?? {};
      const pod = workload.podSpec.securityContext ?? {};
      const podPath = `${workload.podSpecPath}.securityContext`;
      const ownPath = `${ref.path}.securityContext`;

      const runAsUser = own.runAsUser ?? pod.runAsUser;
      const userPath =
        own.runAsUser !== undefined
          ? `${ownPath}.runAsUser`
          : `${podPath}.runAsUser`;
      const nonRoot = own.runAsNonRoot ?? pod.runAsNonRoot;
      const nonRootPath =
        own.runAsNonRoot !== undefined || pod.runAsNonRoot === undefined
          ? `${ownPath}.runAsNonRoot`
          : `${podPath}.runAsNonRoot`;
      const who = describeContainer(ref);

      if (runAsUser === 0 || runAsUser === '0') {
        ctx.report({
          severity: 'high',
          message: `${who} runs as root (runAsUser: 0${
            own.runAsUser === undefined ? ', set on the pod' : ''
          }): a breakout from it starts with root rights`,
          resource: containerResource(ref),
          evidencePath: userPath,
        });
      } else if (nonRoot !== true) {
        if (runAsUser !== undefined) {
          ctx.report({
            status: 'warn',
            severity: 'medium',
            message: `${who} runs as user ${runAsUser} but does not set runAsNonRoot: true, so nothing refuses a later change that makes it run as root`,
            resource: containerResource(ref),
            evidencePath: nonRootPath,
          });
        } else {
          ctx.report({
            severity: 'medium',
            message:
              nonRoot === false
                ? `${who} has runAsNonRoot: false${
                    own.runAsNonRoot === undefined ? ' (from its pod)' : ''
                  } and no runAsUser, so it runs as its image's user, often root`
                : `${who} may run as root: neither it nor its pod sets runAsNonRoot: true, so the image's user (often root) is used`,
            resource: containerResource(ref),
            evidencePath: nonRootPath,
          });
        }
      }
    }
    return hasWorkloadEvidence(ctx);
  },
};

const privilegeEscalation: Check = {
  id: `${ITEM}/privilege-escalation`,
  itemId: ITEM,
  severity: 'medium',
  reads: WORKLOAD_READS,
  run(ctx) {
    for (const ref of teamContainers(ctx)) {
      if (isWindowsPod(ref.workload)) continue;
      const value = ref.container.securityContext?.allowPrivilegeEscalation;
      if (value === false) continue;
      ctx.report({
        message:
          value === true
            ? `${describeContainer(
                ref,
              )} sets allowPrivilegeEscalation: true: a setuid binary in it can gain more rights than the process started with`
            : `${describeContainer(
                ref,
              )} does not set allowPrivilegeEscalation: false, so a setuid binary in it can gain more rights than the process started with`,
        resource: containerResource(ref),
        evidencePath: `${ref.path}.securityContext.allowPrivilegeEscalation`,
      });
    }
    return hasWorkloadEvidence(ctx);
  },
};

/** Host paths that hand over the node: its runtime socket, kubelet credentials, its root. */
const CRITICAL_HOST_PATHS = [
  '/var/run/docker.sock',
  '/run/docker.sock',
  '/run/containerd',
  '/var/run/containerd',
  '/var/run/crio',
  '/run/crio',
  '/etc',
  '/proc',
  '/var/lib/kubelet',
  '/root',
  '/var/run',
  '/run',
];

function normalizeHostPath(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed.replace(/\/{2,}/g, '/');
}

export function isCriticalHostPath(path: string): boolean {
  const normalized = normalizeHostPath(path);
  if (normalized === '/') return true;
  return CRITICAL_HOST_PATHS.some(
    p => normalized === p || normalized.startsWith(`${p}/`),
  );
}

const hostPath: Check = {
  id: `${ITEM}/host-path`,
  itemId: ITEM,
  severity: 'high',
  reads: WORKLOAD_READS,
  run(ctx) {
    for (const workload of teamWorkloads(ctx)) {
      const mounts: Array<{
        path: string;
        evidence: string;
        critical: boolean;
      }> = [];
      asArray(workload.podSpec.volumes).forEach((volume: any, i) => {
        const path = volume?.hostPath?.path;
        if (typeof path !== 'string') return;
        mounts.push({
          path,
          evidence: `${workload.podSpecPath}.volumes[${i}].hostPath.path`,
          critical: isCriticalHostPath(path),
        });
      });
      if (mounts.length === 0) continue;
      const critical = mounts.filter(m => m.critical);
      const first = critical[0] ?? mounts[0];
      const paths = listNames(
        mounts.map(m => m.path),
        4,
      );
      let message = `Mounts ${paths} from the node's filesystem: files written or read there outlive the pod and are shared with everything else on the node`;
      if (critical.length === mounts.length) {
        message = `Mounts ${paths} from the node, which exposes its container runtime, credentials or system files: enough to take over the node`;
      } else if (critical.length > 0) {
        message = `Mounts ${paths} from the node; ${listNames(
          critical.map(m => m.path),
        )} exposes its container runtime, credentials or system files: enough to take over the node`;
      }
      ctx.report({
        severity: critical.length > 0 ? 'critical' : 'high',
        message,
        resource: workloadResource(workload),
        evidencePath: first.evidence,
      });
    }
    return hasWorkloadEvidence(ctx);
  },
};

const HOST_NAMESPACES: Array<{ field: string; what: string }> = [
  { field: 'hostNetwork', what: "the node's network" },
  { field: 'hostPID', what: "the node's process list" },
  { field: 'hostIPC', what: "the node's inter-process communication" },
];

const hostNamespaces: Check = {
  id: `${ITEM}/host-namespaces`,
  itemId: ITEM,
  severity: 'high',
  reads: WORKLOAD_READS,
  run(ctx) {
    for (const workload of teamWorkloads(ctx)) {
      const shared = HOST_NAMESPACES.filter(
        ns => workload.podSpec[ns.field] === true,
      );
      if (shared.length === 0) continue;
      ctx.report({
        message: `Shares ${listNames(shared.map(ns => ns.what))} (${shared
          .map(ns => `${ns.field}: true`)
          .join(
            ', ',
          )}): it can see and reach what runs on the node outside its own pod`,
        resource: workloadResource(workload),
        evidencePath: `${workload.podSpecPath}.${shared[0].field}`,
      });
    }
    return hasWorkloadEvidence(ctx);
  },
};

/** Capabilities that open a path to the node, and why (kept short for messages). */
const DANGEROUS_CAPABILITIES: Record<
  string,
  { severity: Severity; why: string }
> = {
  ALL: { severity: 'high', why: 'ALL is every capability of root' },
  SYS_ADMIN: {
    severity: 'high',
    why: 'SYS_ADMIN is close to full root on the node',
  },
  NET_ADMIN: {
    severity: 'high',
    why: "NET_ADMIN can reconfigure the node's networking",
  },
  SYS_PTRACE: {
    severity: 'high',
    why: 'SYS_PTRACE can inspect and alter other processes',
  },
  SYS_MODULE: { severity: 'high', why: 'SYS_MODULE can load kernel modules' },
  DAC_READ_SEARCH: {
    severity: 'high',
    why: 'DAC_READ_SEARCH can read any file it can reach',
  },
  BPF: { severity: 'high', why: 'BPF can load programs into the kernel' },
  NET_RAW: {
    severity: 'medium',
    why: 'NET_RAW allows spoofed packets on the pod network',
  },
};

function normalizeCapability(value: unknown): string {
  return String(value).toUpperCase().replace(/^CAP_/, '');
}

const dangerousCapabilities: Check = {
  id: `${ITEM}/dangerous-capabilities`,
  itemId: ITEM,
  severity: 'high',
  reads: WORKLOAD_READS,
  run(ctx) {
    for (const ref of teamContainers(ctx)) {
      const added = asArray(ref.container.securityContext?.capabilities?.add);
      const dangerous = added
        .map((cap, i) => ({ cap: normalizeCapability(cap), i }))
        .filter(({ cap }) => DANGEROUS_CAPABILITIES[cap] !== undefined);
      if (dangerous.length === 0) continue;
      const worst =
        dangerous.find(
          d => DANGEROUS_CAPABILITIES[d.cap].severity === 'high',
        ) ?? dangerous[0];
      ctx.report({
        severity: DANGEROUS_CAPABILITIES[worst.cap].severity,
        message: `${describeContainer(ref)} adds ${
          dangerous.length > 1 ? 'capabilities' : 'capability'
        } ${dangerous.map(d => d.cap).join(', ')}: ${
          DANGEROUS_CAPABILITIES[worst.cap].why
        }`,
        resource: containerResource(ref),
        evidencePath: `${ref.path}.securityContext.capabilities.add[${worst.i}]`,
      });
    }
    return hasWorkloadEvidence(ctx);
  },
};

/** Admission policy engines, recognised by their webhooks and their CRDs. */
const POLICY_ENGINES: Array<{ name: string; pattern: RegExp; crds: string[] }> =
  [
    {
      name: 'Gatekeeper',
      pattern: /gatekeeper/i,
      crds: ['constrainttemplates.templates.gatekeeper.sh'],
    },
    {
      name: 'Kyverno',
      pattern: /kyverno/i,
      crds: ['clusterpolicies.kyverno.io', 'policies.kyverno.io'],
    },
    { name: 'k-rail', pattern: /k-rail/i, crds: [] },
    {
      name: 'Kubewarden',
      pattern: /kubewarden/i,
      crds: [
        'clusteradmissionpolicies.policies.kubewarden.io',
        'admissionpolicies.policies.kubewarden.io',
      ],
    },
  ];

function findPolicyEngine(
  ctx: CheckContext,
): { engine: string; evidence: KubeObject } | undefined {
  for (const webhook of ctx.index.ofKind('ValidatingWebhookConfiguration')) {
    const names = [
      webhook.metadata.name,
      ...asArray(webhook.webhooks).map((w: any) => String(w?.name ?? '')),
    ];
    const engine = POLICY_ENGINES.find(e => names.some(n => e.pattern.test(n)));
    if (engine) return { engine: engine.name, evidence: webhook };
  }
  for (const crd of ctx.index.ofKind('CustomResourceDefinition')) {
    const engine = POLICY_ENGINES.find(e => e.crds.includes(crd.metadata.name));
    if (engine) return { engine: engine.name, evidence: crd };
  }
  return undefined;
}

const policyEngine: Check = {
  id: `${ITEM}/policy-engine`,
  itemId: ITEM,
  severity: 'high',
  reads: ['ValidatingWebhookConfiguration', 'CustomResourceDefinition'],
  run(ctx) {
    const found = findPolicyEngine(ctx);
    if (found) {
      ctx.report({
        status: 'pass',
        message: `${found.engine} is installed (${found.evidence.kind} '${found.evidence.metadata.name}'): it can refuse pods that ask for host access`,
        resource: clusterResource(ctx),
      });
      return true;
    }
    const { index } = ctx;
    // Manifests are a slice of the cluster: absence proves nothing there.
    if (index.snapshot.scope !== 'cluster') return false;
    if (
      !index.canRead('ValidatingWebhookConfiguration') &&
      !index.canRead('CustomResourceDefinition')
    ) {
      return false;
    }
    ctx.report({
      message:
        'No admission policy engine (Gatekeeper, Kyverno, k-rail or Kubewarden) is installed: nothing refuses privileged, root or host-mounting pods beyond the built-in Pod Security levels',
      resource: clusterResource(ctx),
    });
    return true;
  },
};

const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';
const ENFORCING_LEVELS = ['baseline', 'restricted'];

const podSecurityLabels: Check = {
  id: `${ITEM}/pod-security-labels`,
  itemId: ITEM,
  severity: 'medium',
  reads: ['Namespace'],
  run(ctx) {
    const { index } = ctx;
    const wholeCluster = index.snapshot.scope === 'cluster';
    // On a cluster: namespaces where teams run workloads. On manifests: the Namespace
    // objects the manifests define (a team's namespace manifest is what would carry labels).
    const names = wholeCluster
      ? [...new Set(teamWorkloads(ctx).map(w => w.namespace))]
      : index.ofKind('Namespace').map(ns => ns.metadata.name);
    let judged = 0;
    for (const name of names.sort()) {
      if (isSystemNamespace(ctx, name)) continue;
      const namespace = index.namespaceObject(name);
      if (!namespace) continue; // its labels were not collected: cannot tell
      judged++;
      const labels = namespace.metadata.labels ?? {};
      const level = labels[ENFORCE_LABEL];
      if (ENFORCING_LEVELS.includes(level)) continue;
      const onlySoft =
        labels['pod-security.kubernetes.io/warn'] ||
        labels['pod-security.kubernetes.io/audit'];
      let message = `Namespace '${name}' has no ${ENFORCE_LABEL} label: the built-in Pod Security admission does not refuse privileged or host-access pods there`;
      if (level === 'privileged') {
        message = `Namespace '${name}' enforces the 'privileged' Pod Security level, which allows every pod`;
      } else if (onlySoft) {
        message = `Namespace '${name}' only warns or audits Pod Security violations: set ${ENFORCE_LABEL} to baseline or restricted so they are refused`;
      }
      ctx.report({
        message,
        resource: { kind: 'Namespace', namespace: name, name },
        evidencePath: `metadata.labels['${ENFORCE_LABEL}']`,
        ...(Object.keys(labels).length > 0 ? { labels } : {}),
      });
    }
    return judged > 0 || (wholeCluster && index.canRead('Namespace'));
  },
};

export const workloadAdmissionPolicyChecks: Check[] = [
  privilegedContainer,
  runAsRoot,
  privilegeEscalation,
  hostPath,
  hostNamespaces,
  dangerousCapabilities,
  policyEngine,
  podSecurityLabels,
];
