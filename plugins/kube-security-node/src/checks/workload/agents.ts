import type { Check, CheckContext } from '../../engine/check';
import { imageBaseName } from '../../engine/datastore';
import type { CloudDescriptor, KubeObject } from '../../snapshot/types';
import { asArray, clusterResource } from './helpers';

/** A node agent recognised by its DaemonSet's name or its images' names. */
export interface AgentPattern {
  name: string;
  pattern: RegExp;
}

/** A provider-managed equivalent of the agent, read from the cloud descriptor. */
export interface CloudSignal {
  /** `undefined`: the descriptor says nothing; otherwise what it says, with the field. */
  (cloud: CloudDescriptor):
    | { enabled: boolean; what: string; path: string }
    | undefined;
}

function daemonSetText(daemonSet: KubeObject): string {
  const spec = daemonSet.spec?.template?.spec ?? {};
  const images = [...asArray(spec.containers), ...asArray(spec.initContainers)]
    .map((c: any) =>
      typeof c?.image === 'string' ? imageBaseName(c.image) : '',
    )
    .filter(Boolean);
  return [daemonSet.metadata.name, ...images].join(' ').toLowerCase();
}

export function findAgent(
  daemonSets: KubeObject[],
  patterns: AgentPattern[],
): { agent: string; daemonSet: KubeObject } | undefined {
  for (const daemonSet of daemonSets) {
    const text = daemonSetText(daemonSet);
    const agent = patterns.find(p => p.pattern.test(text));
    if (agent) return { agent: agent.name, daemonSet };
  }
  return undefined;
}

/**
 * A cluster-wide "is there an agent on every node" check. It passes on an agent DaemonSet
 * or on the provider's managed equivalent. It fails only on a whole-cluster snapshot whose
 * DaemonSets could be read: manifests are a slice of the cluster, and an agent may be
 * installed by other means than these files. Evidence paths of cloud signals are relative
 * to the cloud descriptor (`cluster.loggingService`, `addons[2]`).
 */
export function makeAgentCheck(options: {
  id: string;
  itemId: Check['itemId'];
  patterns: AgentPattern[];
  cloudSignal: CloudSignal;
  /** e.g. `log and metrics agent` */
  what: string;
  missing: string;
}): Check {
  return {
    id: options.id,
    itemId: options.itemId,
    severity: 'high',
    reads: ['DaemonSet'],
    run(ctx: CheckContext) {
      const { index } = ctx;
      const daemonSets = [...index.ofKind('DaemonSet')].sort((a, b) =>
        `${a.metadata.namespace}/${a.metadata.name}` <
        `${b.metadata.namespace}/${b.metadata.name}`
          ? -1
          : 1,
      );
      const found = findAgent(daemonSets, options.patterns);
      if (found) {
        const ds = found.daemonSet;
        ctx.report({
          status: 'pass',
          message: `${found.agent} runs on the nodes (DaemonSet '${
            ds.metadata.namespace ?? 'default'
          }/${ds.metadata.name}')`,
          resource: clusterResource(ctx),
        });
        return true;
      }
      const signal = index.cloud ? options.cloudSignal(index.cloud) : undefined;
      if (signal?.enabled) {
        ctx.report({
          status: 'pass',
          message: `${signal.what} is enabled by the provider`,
          resource: clusterResource(ctx),
          evidencePath: signal.path,
        });
        return true;
      }
      const daemonSetsKnown =
        index.snapshot.scope === 'cluster' && index.canRead('DaemonSet');
      if (!daemonSetsKnown) return false;
      ctx.report({
        message: signal
          ? `No ${options.what} runs on the nodes and ${signal.what} is off: ${options.missing}`
          : `No ${options.what} runs on the nodes: ${options.missing}`,
        resource: clusterResource(ctx),
        ...(signal ? { evidencePath: signal.path } : {}),
      });
      return true;
    },
  };
}

/** The EKS add-on of that name, when the descriptor lists add-ons. */
export function eksAddon(cloud: CloudDescriptor, name: string) {
  if (cloud.provider !== 'eks' || !Array.isArray(cloud.addons))
    return undefined;
  const index = cloud.addons.findIndex((a: any) => a?.addonName === name);
  return {
    enabled: index >= 0 && cloud.addons[index]?.status !== 'CREATE_FAILED',
    path: index >= 0 ? `addons[${index}]` : 'addons',
  };
}
