import type { Check, CheckContext } from '../../engine/check';
import type { KubeObject } from '../../snapshot/types';
import { asArray, clusterResource } from './helpers';
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

/** A policy engine (Gatekeeper, Kyverno, k-rail, Kubewarden) is installed in the cluster. */
export const policyEngineCheck: Check = {
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
