import type { Check } from '../../engine/check';
import type { KubeObject } from '../../snapshot/types';
import { isDescribed, isObject, list } from '../cloud/descriptor';

/** The admission plugins that call validating and mutating webhooks. */
export const WEBHOOK_PLUGINS = [
  'ValidatingAdmissionWebhook',
  'MutatingAdmissionWebhook',
];

/** A kube-apiserver container found in the snapshot (a static Pod of a self-managed control plane). */
interface ApiServerContainer {
  pod: KubeObject;
  command: string[];
  args: string[];
  /** Evidence path of the container, e.g. `spec.containers[0]`. */
  path: string;
}

function isApiServerPod(pod: KubeObject): boolean {
  if (pod.metadata.namespace && pod.metadata.namespace !== 'kube-system') {
    return false;
  }
  const labels = pod.metadata.labels ?? {};
  return (
    labels.component === 'kube-apiserver' ||
    /^kube-apiserver(-|$)/.test(pod.metadata.name)
  );
}

function findApiServer(pods: KubeObject[]): ApiServerContainer | undefined {
  for (const pod of pods) {
    if (!isApiServerPod(pod)) continue;
    const containers = list(pod.spec?.containers);
    for (let i = 0; i < containers.length; i++) {
      const container = containers[i];
      if (!isObject(container)) continue;
      const command = list(container.command).map(String);
      const args = list(container.args).map(String);
      const runsApiServer =
        container.name === 'kube-apiserver' ||
        [...command, ...args].some(t => /(^|\/)kube-apiserver$/.test(t));
      if (!runsApiServer) continue;
      return { pod, command, args, path: `spec.containers[${i}]` };
    }
  }
  return undefined;
}

/** The comma-separated values of a flag (`--flag=a,b` or `--flag a,b`), or undefined when unset. */
export function flagValues(
  tokens: string[],
  flag: string,
): string[] | undefined {
  let values: string[] | undefined;
  tokens.forEach((token, i) => {
    let value: string | undefined;
    if (token.startsWith(`${flag}=`)) value = token.slice(flag.length + 1);
    else if (token === flag && i + 1 < tokens.length) value = tokens[i + 1];
    if (value === undefined) return;
    values = [
      ...(values ?? []),
      ...value
        .split(',')
        .map(v => v.trim())
        .filter(Boolean),
    ];
  });
  return values;
}

/** Webhook plugins the API server flags switch off. */
function disabledByFlags(tokens: string[]): {
  off: string[];
  flag: string;
} {
  const disabled = flagValues(tokens, '--disable-admission-plugins') ?? [];
  const off = WEBHOOK_PLUGINS.filter(p => disabled.includes(p));
  if (off.length) return { off, flag: '--disable-admission-plugins' };
  // The removed --admission-control flag replaced the whole list of plugins.
  const legacy = flagValues(tokens, '--admission-control');
  if (legacy) {
    return {
      off: WEBHOOK_PLUGINS.filter(p => !legacy.includes(p)),
      flag: '--admission-control',
    };
  }
  return { off: [], flag: '' };
}

/**
 * The API server must support dynamic admission webhooks, which policy engines such as
 * Gatekeeper and Kyverno rely on. Evidence, strongest first: the flags of a kube-apiserver
 * static Pod (self-managed control planes); the provider (EKS, GKE and AKS always enable
 * both webhook plugins); a live cluster serving the admissionregistration.k8s.io API.
 * Otherwise nothing shows it, and the check says so by having no evidence. As the other
 * cluster checks, it reports only what fails.
 */
export const admissionWebhooksCheck: Check = {
  id: 'cluster-security-features/admission-webhooks',
  itemId: 'cluster-security-features',
  severity: 'high',
  run({ index, report }) {
    const apiServer = findApiServer(index.ofKind('Pod'));
    if (apiServer) {
      const { pod, command, args, path } = apiServer;
      const { off, flag } = disabledByFlags([...command, ...args]);
      const field = args.some(t => t.startsWith(flag)) ? 'args' : 'command';
      if (off.length) {
        report({
          message: `The API server runs with ${flag} leaving out ${off.join(
            ' and ',
          )}: admission webhooks are never called, so no policy engine can refuse a pod.`,
          resource: {
            kind: 'Pod',
            namespace: pod.metadata.namespace ?? 'kube-system',
            name: pod.metadata.name,
          },
          evidencePath: `${path}.${field}`,
        });
      }
      return true;
    }

    // EKS, GKE and AKS always enable both webhook plugins and do not let them be turned
    // off; a complete describe output shows the cluster is the provider's managed one.
    if (index.cloud && isDescribed(index.cloud)) return true;

    // Elsewhere a registered webhook configuration shows that the API server serves
    // admissionregistration.k8s.io (the plugins are on unless a flag turns them off); an
    // empty list could also be a file dump that left the kind out.
    const validating = index.ofKind('ValidatingWebhookConfiguration').length;
    const mutating = index.ofKind('MutatingWebhookConfiguration').length;
    return index.snapshot.scope === 'cluster' && validating + mutating > 0;
  },
};
