import type { Check, CheckContext } from '../../engine/check';
import type { KubeObject } from '../../snapshot/types';
import {
  admissionProtections,
  CONCERN_NAMES,
  CONCERNS,
  ENFORCE_LABEL,
  POLICY_KINDS,
  podSecurityConcerns,
  type Concern,
  type NamespaceInfo,
  type Protection,
} from './admission';
import { asArray, clusterResource, isSystemNamespace } from './helpers';
import { ADMISSION_ITEM as ITEM } from './podSecurity';

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

interface NamespaceVerdict {
  namespace: NamespaceInfo;
  refused: Set<Concern>;
  /** Concerns only audited or warned about there. */
  auditedOnly: Set<Concern>;
}

function judgeNamespace(
  namespace: NamespaceInfo,
  protections: Protection[],
  sources: Set<string>,
): NamespaceVerdict {
  const refused = new Set<Concern>(podSecurityConcerns(namespace));
  if (refused.size)
    sources.add(`Pod Security '${namespace.labels[ENFORCE_LABEL]}' labels`);
  const audited = new Set<Concern>();
  for (const protection of protections) {
    if (!protection.appliesTo(namespace)) continue;
    const enforced = protection.enforced(namespace);
    for (const concern of protection.concerns) {
      if (enforced) {
        refused.add(concern);
        sources.add(protection.source);
      } else audited.add(concern);
    }
  }
  return {
    namespace,
    refused,
    auditedOnly: new Set([...audited].filter(c => !refused.has(c))),
  };
}

function concernNames(concerns: Iterable<Concern>): string {
  const list = CONCERNS.filter(c => [...concerns].includes(c)).map(
    c => CONCERN_NAMES[c],
  );
  return list.length > 1
    ? `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`
    : list[0] ?? '';
}

function listed(items: string[], max = 4): string {
  return items.length > max
    ? `${items.slice(0, max).join('; ')}; and ${items.length - max} more`
    : items.join('; ');
}

/**
 * The namespaces a verdict is about. On a whole cluster: every namespace that is not the
 * platform's, with or without workloads (a team can deploy into any of them), or, when there
 * is none, a fresh namespace as a team would create it. In manifests: the Namespace objects
 * they define, or that fresh namespace for the cluster-wide policies they hold.
 */
function applicationNamespaces(ctx: CheckContext): NamespaceInfo[] {
  const { index } = ctx;
  const names = new Set(index.ofKind('Namespace').map(ns => ns.metadata.name));
  if (index.snapshot.scope === 'cluster') {
    for (const workload of index.workloads) names.add(workload.namespace);
  }
  const namespaces = [...names]
    .filter(name => !isSystemNamespace(ctx, name))
    .sort()
    .map(name => ({
      name,
      labels: index.namespaceObject(name)?.metadata.labels ?? {},
    }));
  return namespaces.length ? namespaces : [{ name: '', labels: {} }];
}

function label(namespace: NamespaceInfo): string {
  return namespace.name ? `'${namespace.name}'` : 'a new namespace';
}

/**
 * Admission refuses pods that run as root, run privileged or mount the host filesystem
 * (hostPath) in every application namespace: through Pod Security Admission `enforce`
 * labels, Kyverno policies in Enforce mode, Gatekeeper constraints that deny, or
 * ValidatingAdmissionPolicies bound with the Deny action. An installed engine without such
 * policies refuses nothing. Platform namespaces are left out: their agents need host access.
 */
export const policyEngineCheck: Check = {
  id: `${ITEM}/policy-engine`,
  itemId: ITEM,
  severity: 'high',
  reads: ['Namespace', ...POLICY_KINDS],
  run(ctx) {
    const { index } = ctx;
    const wholeCluster = index.snapshot.scope === 'cluster';
    const protections = admissionProtections(index);
    const namespaces = applicationNamespaces(ctx);
    const sources = new Set<string>();
    const verdicts = namespaces.map(ns =>
      judgeNamespace(ns, protections, sources),
    );
    const complete = verdicts.every(v => v.refused.size === CONCERNS.length);

    if (complete && (wholeCluster || sources.size)) {
      let where = `in the namespaces these manifests define (${namespaces.length})`;
      if (!namespaces[0].name) where = 'in any new namespace';
      else if (wholeCluster) {
        where = `in every application namespace (${namespaces.length})`;
      }
      ctx.report({
        status: 'pass',
        message: `Admission refuses ${concernNames(CONCERNS)} ${where}: ${[
          ...sources,
        ]
          .sort()
          .join(', ')}`,
        resource: clusterResource(ctx),
      });
      return true;
    }
    // Manifests are a slice of the cluster: what they leave open may be closed elsewhere.
    if (!wholeCluster) return false;
    if (
      POLICY_KINDS.every(kind => !index.canRead(kind)) &&
      !verdicts.some(v => v.refused.size)
    ) {
      return false;
    }

    const gaps = verdicts
      .filter(v => v.refused.size < CONCERNS.length)
      .map(v => {
        const open = CONCERNS.filter(c => !v.refused.has(c));
        const audited = [...v.auditedOnly];
        return `${label(v.namespace)} admits ${concernNames(open)}${
          audited.length
            ? ` (${concernNames(audited)} only audited or warned)`
            : ''
        }`;
      });
    const engine = findPolicyEngine(ctx);
    const installed = engine
      ? ` ${engine.engine} is installed (${engine.evidence.kind} '${engine.evidence.metadata.name}'), but its policies do not refuse them.`
      : '';
    const nothing = verdicts.every(v => v.refused.size === 0);
    ctx.report({
      ...(nothing ? {} : { status: 'warn', severity: 'medium' }),
      message: nothing
        ? `Nothing refuses ${concernNames(
            CONCERNS,
          )} at admission in the application namespaces: ${listed(
            gaps,
          )}.${installed}`
        : `Admission refuses only part of ${concernNames(CONCERNS)}: ${listed(
            gaps,
          )}.`,
      resource: clusterResource(ctx),
    });
    return true;
  },
};
