import type { Check, CheckContext } from '../../engine/check';
import type { Workload } from '../../engine/SnapshotIndex';
import { selectorMatches, type LabelSelector } from '../../engine/selectors';
import type { KubeObject } from '../../snapshot/types';
import { keepShape } from '../../util/keepShape';
import {
  asArray,
  describeWorkload,
  pushTo,
  hasWorkloadEvidence,
  listNames,
  podLabelsPath,
  teamWorkloads,
  WORKLOAD_READS,
  workloadResource,
} from './helpers';

export const ITEM = 'workload-network-policies' as const;

export type Direction = 'Ingress' | 'Egress';

/**
 * How the policies of a namespace treat one direction of one workload's traffic:
 * `restricted` (some policy isolates it and none allows everything), `open` (isolated but
 * a rule allows all peers on all ports), `unknown` (only policies whose selectors we cannot
 * evaluate, e.g. Calico's expression syntax), `none` (nothing selects it).
 */
type Verdict =
  | { kind: 'restricted'; policies: string[] }
  | { kind: 'open'; policies: string[] }
  | { kind: 'unknown'; policies: string[] }
  | { kind: 'none' };

const CILIUM_CLUSTERWIDE = 'CiliumClusterwideNetworkPolicy';

/** Cluster-wide policy kinds (Cilium, Calico, AdminNetworkPolicy) that may cover a workload. */
const CLUSTER_WIDE_POLICY_KINDS = [
  'CiliumClusterwideNetworkPolicy',
  'GlobalNetworkPolicy',
  'AdminNetworkPolicy',
  'BaselineAdminNetworkPolicy',
];

function isAllowAllPeer(peer: any): boolean {
  const cidr = peer?.ipBlock?.cidr;
  return (
    (cidr === '0.0.0.0/0' || cidr === '::/0') &&
    asArray(peer.ipBlock.except).length === 0
  );
}

/** A label selector that selects everything (`{}`, or empty matchLabels and matchExpressions). */
function isEmptySelector(selector: any): boolean {
  return (
    selector !== null &&
    typeof selector === 'object' &&
    Object.keys(selector.matchLabels ?? {}).length === 0 &&
    asArray(selector.matchExpressions).length === 0
  );
}

/**
 * An ingress peer with an empty namespaceSelector (and no podSelector, or an empty one): every
 * pod of every namespace. For egress the same peer still keeps traffic inside the cluster.
 */
function isEveryPodPeer(peer: any): boolean {
  return (
    peer?.ipBlock === undefined &&
    isEmptySelector(peer?.namespaceSelector) &&
    (peer.podSelector === undefined || isEmptySelector(peer.podSelector))
  );
}

/**
 * A rule with no peers and no ports (`- {}`), or an open CIDR on all ports, allows everything;
 * so does, for ingress, a peer that is every pod of the cluster.
 */
function allowsEverything(rule: any, peersField: 'from' | 'to'): boolean {
  const peers = asArray(rule?.[peersField]);
  const ports = asArray(rule?.ports);
  if (ports.length > 0) return false;
  return (
    peers.length === 0 ||
    peers.some(
      peer =>
        isAllowAllPeer(peer) || (peersField === 'from' && isEveryPodPeer(peer)),
    )
  );
}

/**
 * Policy types of a networking.k8s.io/v1 NetworkPolicy, with the API's defaulting: without
 * policyTypes a policy is Ingress, and also Egress only when it has at least one egress rule
 * (an empty or null `egress` leaves outgoing traffic alone).
 */
function policyTypes(policy: KubeObject): Direction[] {
  const declared = asArray<string>(policy.spec?.policyTypes);
  if (declared.length > 0) return declared as Direction[];
  return asArray(policy.spec?.egress).length > 0
    ? ['Ingress', 'Egress']
    : ['Ingress'];
}

/**
 * Directions of a Calico policy: its `types`, else Calico's default (Egress when it has only
 * egress rules, both when it has rules of both kinds, otherwise Ingress).
 */
function calicoTypes(policy: KubeObject): string[] {
  const declared = asArray<string>(policy.spec?.types);
  if (declared.length > 0) return declared;
  const ingress = asArray(policy.spec?.ingress).length > 0;
  const egress = asArray(policy.spec?.egress).length > 0;
  if (!egress) return ['Ingress'];
  return ingress ? ['Ingress', 'Egress'] : ['Egress'];
}

function isCalico(policy: KubeObject): boolean {
  return String(policy.apiVersion ?? '').includes('projectcalico.org');
}

/** Cilium selector keys may carry a source prefix (`k8s:app`); pod labels do not. */
function ciliumSelector(selector: any): LabelSelector | undefined {
  if (!selector || typeof selector !== 'object') return undefined;
  const strip = (key: string) => key.replace(/^(k8s|any):/, '');
  return {
    matchLabels: Object.fromEntries(
      Object.entries(selector.matchLabels ?? {}).map(([k, v]) => [
        strip(k),
        String(v),
      ]),
    ),
    matchExpressions: asArray(selector.matchExpressions).map((e: any) => ({
      ...e,
      key: strip(String(e?.key)),
    })),
  };
}

/**
 * What a namespaced policy does to one direction, whoever it selects: `skip` (not that
 * direction), `restricting`, `open`, or `unknown` (a Calico selector); `selects` is whether
 * its selector has to be matched against the workload first (core policies).
 */
interface PolicyFacts {
  effect: 'skip' | 'restricting' | 'open' | 'unknown';
  selects: boolean;
}

function policyFacts(policy: KubeObject, direction: Direction): PolicyFacts {
  if (isCalico(policy)) {
    if (!calicoTypes(policy).includes(direction)) {
      return { effect: 'skip', selects: false };
    }
    const selector = policy.spec?.selector;
    return {
      effect:
        selector === undefined || String(selector).trim() === 'all()'
          ? 'restricting'
          : 'unknown',
      selects: false,
    };
  }
  if (!policyTypes(policy).includes(direction)) {
    return { effect: 'skip', selects: true };
  }
  const peersField = direction === 'Ingress' ? 'from' : 'to';
  const rules = asArray(
    policy.spec?.[direction === 'Ingress' ? 'ingress' : 'egress'],
  );
  return {
    effect: rules.some(rule => allowsEverything(rule, peersField))
      ? 'open'
      : 'restricting',
    selects: true,
  };
}

/** A namespaced policy that takes part in one direction, with its facts. */
interface Candidate {
  policy: KubeObject;
  facts: PolicyFacts;
}

/**
 * The policies of one namespace for one direction, grouped so that a workload meets only
 * those that may select it: a namespace usually holds a policy per app, each selecting one
 * `app` label, and trying all of them on every workload is quadratic.
 */
interface NamespacePolicies {
  /** Policies tried on every workload: other selectors, and Calico's (never matched). */
  always: Candidate[];
  /** Policies whose selector is a single `matchLabels` pair, by its key then its value. */
  byLabel: Map<string, Map<string, Candidate[]>>;
}

/** The one `matchLabels` pair of a selector that has nothing else, else undefined. */
function singleLabel(selector: any): [string, string] | undefined {
  if (!selector || typeof selector !== 'object') return undefined;
  const { matchLabels, matchExpressions } = selector;
  if (matchExpressions !== undefined && matchExpressions !== null) {
    return undefined;
  }
  if (!matchLabels || typeof matchLabels !== 'object') return undefined;
  const keys = Object.keys(matchLabels);
  return keys.length === 1
    ? [keys[0], String(matchLabels[keys[0]])]
    : undefined;
}

function namespacePolicies(
  policies: KubeObject[],
  direction: Direction,
): NamespacePolicies {
  const grouped: NamespacePolicies = { always: [], byLabel: new Map() };
  for (const policy of policies) {
    const facts = policyFacts(policy, direction);
    if (facts.effect === 'skip') continue;
    const label = facts.selects
      ? singleLabel(policy.spec?.podSelector)
      : undefined;
    if (!label) {
      grouped.always.push({ policy, facts });
      continue;
    }
    let byValue = grouped.byLabel.get(label[0]);
    if (!byValue) {
      byValue = new Map();
      grouped.byLabel.set(label[0], byValue);
    }
    pushTo(byValue, label[1], { policy, facts });
  }
  return grouped;
}

const hasOwn = (object: object, key: string) =>
  Object.prototype.hasOwnProperty.call(object, key);

/** The names of the policies that select a workload, by what they do (lists made on demand). */
class Matches {
  restricting: string[] | undefined;
  open: string[] | undefined;
  unknown: string[] | undefined;

  /** Adds the candidates whose selector selects these labels. */
  add(candidates: Candidate[], labels: Record<string, string>) {
    for (let i = 0; i < candidates.length; i++) {
      const { policy, facts } = candidates[i];
      if (facts.selects && !selectorMatches(policy.spec?.podSelector, labels))
        continue;
      const name = policy.metadata.name;
      if (facts.effect === 'open') (this.open ??= []).push(name);
      else if (facts.effect === 'unknown') (this.unknown ??= []).push(name);
      else (this.restricting ??= []).push(name);
    }
  }

  /** Adds the Cilium policies that select these labels with rules of one direction. */
  addCilium(
    policies: KubeObject[] | undefined,
    labels: Record<string, string>,
    rulesField: 'ingress' | 'egress',
  ) {
    if (!policies) return;
    for (let i = 0; i < policies.length; i++) {
      const effect = ciliumEffect(policies[i], labels, rulesField);
      if (effect === 'open') (this.open ??= []).push(policies[i].metadata.name);
      else if (effect === 'restricting') {
        (this.restricting ??= []).push(policies[i].metadata.name);
      }
    }
  }
}

// See keepShape: code optimized for these objects stays valid from one evaluation to the next.
keepShape(new Matches());

function verdictFor(
  ctx: CheckContext,
  ciliumPolicies: Map<string, KubeObject[]>,
  workload: Workload,
  direction: Direction,
  byNamespace: Map<string, NamespacePolicies>,
): Verdict {
  const rulesField = direction === 'Ingress' ? 'ingress' : 'egress';
  const labels = workload.podLabels;

  // A policy's own facts are the same for every workload of its namespace: worked out once.
  let grouped = byNamespace.get(workload.namespace);
  if (!grouped) {
    grouped = namespacePolicies(
      ctx.index.networkPoliciesIn(workload.namespace),
      direction,
    );
    byNamespace.set(workload.namespace, grouped);
  }
  // The order policies are met in does not matter: the names are sorted below.
  const matches = new Matches();
  matches.add(grouped.always, labels);
  if (grouped.byLabel.size > 0) {
    for (const key in labels) {
      if (!hasOwn(labels, key)) continue;
      const candidates = grouped.byLabel.get(key)?.get(labels[key]);
      if (candidates) matches.add(candidates, labels);
    }
  }

  // Cilium policies select endpoints in their namespace, cluster-wide ones in every namespace.
  matches.addCilium(ciliumPolicies.get(workload.namespace), labels, rulesField);
  matches.addCilium(ctx.index.ofKind(CILIUM_CLUSTERWIDE), labels, rulesField);

  // One open rule lets everything in: policies add up, they never subtract.
  const { open, restricting, unknown } = matches;
  if (open) return { kind: 'open', policies: sorted(open) };
  if (restricting) return { kind: 'restricted', policies: sorted(restricting) };
  if (unknown) return { kind: 'unknown', policies: sorted(unknown) };
  return { kind: 'none' };
}

/** `names` sorted in place (a list of one, the usual case, as it is: sort allocates). */
function sorted(names: string[]): string[] {
  return names.length > 1 ? names.sort() : names;
}

/** The specs of a Cilium policy: `spec`, or each of `specs`. */
function ciliumSpecs(policy: KubeObject): any[] {
  return [policy.spec, ...asArray(policy.specs)].filter(Boolean);
}

/**
 * A Cilium allow rule that admits the `all` entity (every endpoint of every cluster and the
 * world) on every port: the direction is open, as with a `- {}` rule of a NetworkPolicy.
 */
function ciliumRuleAllowsEverything(
  rule: any,
  rulesField: 'ingress' | 'egress',
): boolean {
  const entities = asArray<string>(
    rule?.[rulesField === 'ingress' ? 'fromEntities' : 'toEntities'],
  );
  return entities.includes('all') && asArray(rule?.toPorts).length === 0;
}

/**
 * What a Cilium policy does to one direction of pods with these labels: `none` (it selects
 * none of them, or has no rules of that direction), `open` (an allow rule admits everything)
 * or `restricting`.
 */
function ciliumEffect(
  policy: KubeObject,
  podLabels: Record<string, string>,
  rulesField: 'ingress' | 'egress',
): 'none' | 'restricting' | 'open' {
  let effect: 'none' | 'restricting' | 'open' = 'none';
  for (const spec of ciliumSpecs(policy)) {
    if (!selectorMatches(ciliumSelector(spec.endpointSelector), podLabels))
      continue;
    if (
      asArray(spec[rulesField]).some(rule =>
        ciliumRuleAllowsEverything(rule, rulesField),
      )
    )
      return 'open';
    if (
      spec[rulesField] !== undefined ||
      spec[`${rulesField}Deny`] !== undefined
    )
      effect = 'restricting';
  }
  return effect;
}

/**
 * Whether a CiliumClusterwideNetworkPolicy selects every pod of every namespace (an empty
 * endpoint selector) with rules: then each namespace has a policy, as a default deny would.
 */
export function clusterwideCiliumCoversAll(ctx: CheckContext): boolean {
  return ctx.index.ofKind(CILIUM_CLUSTERWIDE).some(policy =>
    ciliumSpecs(policy).some(spec => {
      const selector = spec.endpointSelector ?? {};
      const empty =
        Object.keys(selector.matchLabels ?? {}).length === 0 &&
        asArray(selector.matchExpressions).length === 0;
      return (
        empty &&
        ['ingress', 'egress', 'ingressDeny', 'egressDeny'].some(
          field => spec[field] !== undefined,
        )
      );
    }),
  );
}

/** CiliumNetworkPolicies by namespace (the index only groups the core NetworkPolicy kind). */
export function ciliumPoliciesByNamespace(
  ctx: CheckContext,
): Map<string, KubeObject[]> {
  const byNamespace = new Map<string, KubeObject[]>();
  for (const policy of ctx.index.ofKind('CiliumNetworkPolicy')) {
    const namespace = policy.metadata.namespace ?? 'default';
    const list = byNamespace.get(namespace);
    if (list) list.push(policy);
    else byNamespace.set(namespace, [policy]);
  }
  return byNamespace;
}

export function clusterWidePolicies(ctx: CheckContext): string[] {
  return CLUSTER_WIDE_POLICY_KINDS.flatMap(kind =>
    ctx.index.ofKind(kind).map(p => `${kind} '${p.metadata.name}'`),
  );
}

const NSA_NETWORK_POLICIES = 'NSA/CISA: Network policies';

/** Whether any namespaced policy (core, Calico or Cilium) exists in the namespace. */
export function namespaceHasPolicy(
  ctx: CheckContext,
  cilium: Map<string, KubeObject[]>,
  namespace: string,
): boolean {
  return (
    ctx.index.networkPoliciesIn(namespace).length > 0 ||
    (cilium.get(namespace)?.length ?? 0) > 0
  );
}

/**
 * A per-workload check of one traffic direction: fails workloads that no policy isolates, or
 * that a policy opens to everything; warns where only policies this scan cannot evaluate
 * (Calico selectors, cluster-wide kinds) may cover them.
 */
export function makeNetworkPolicyCheck(
  slug: string,
  direction: Direction,
  severity: 'high' | 'medium',
  risk: (workload: Workload) => string,
): Check {
  const lower = direction.toLowerCase();
  return {
    id: `${ITEM}/${slug}`,
    itemId: ITEM,
    severity,
    reads: [...WORKLOAD_READS, 'NetworkPolicy'],
    run(ctx) {
      if (!hasWorkloadEvidence(ctx)) return false;
      const clusterWide = clusterWidePolicies(ctx);
      const cilium = ciliumPoliciesByNamespace(ctx);
      const byNamespace = new Map<string, NamespacePolicies>();
      const workloads = teamWorkloads(ctx);
      for (let w = 0; w < workloads.length; w++) {
        const workload = workloads[w];
        const verdict = verdictFor(
          ctx,
          cilium,
          workload,
          direction,
          byNamespace,
        );
        if (verdict.kind === 'restricted') continue;
        const who = describeWorkload(workload);
        const base = {
          resource: workloadResource(workload),
          evidencePath: podLabelsPath(workload),
          // CIS 5.3.2 asks for policies per namespace: a workload that some policy of its
          // namespace leaves open answers only the per-workload NSA/CISA guidance.
          ...(namespaceHasPolicy(ctx, cilium, workload.namespace)
            ? { standards: [NSA_NETWORK_POLICIES] }
            : {}),
        };
        if (verdict.kind === 'open') {
          ctx.report({
            ...base,
            message: `${who} is selected by NetworkPolicy ${listNames(
              verdict.policies.map(p => `'${p}'`),
            )}, but a rule there allows all ${lower} traffic: ${risk(
              workload,
            )}`,
          });
        } else if (verdict.kind === 'unknown') {
          ctx.report({
            ...base,
            status: 'warn',
            message: `${who} may be covered by Calico policy ${listNames(
              verdict.policies.map(p => `'${p}'`),
            )}, whose selector this scan cannot evaluate: check that it restricts ${lower} traffic`,
          });
        } else if (clusterWide.length > 0) {
          ctx.report({
            ...base,
            status: 'warn',
            message: `${who} has no NetworkPolicy of its own restricting ${lower} traffic; cluster-wide ${listNames(
              clusterWide,
            )} may cover it, check that they do`,
          });
        } else {
          ctx.report({
            ...base,
            message: `${who} has no NetworkPolicy restricting ${lower} traffic: ${risk(
              workload,
            )}`,
          });
        }
      }
      return true;
    },
  };
}
