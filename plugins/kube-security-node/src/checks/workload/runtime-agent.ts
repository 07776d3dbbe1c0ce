import type { Check } from '../../engine/check';
import type { CloudDescriptor } from '../../snapshot/types';
import { eksAddon, makeAgentCheck, type AgentPattern } from './agents';

const ITEM = 'workload-runtime-monitoring' as const;

/** Runtime security sensors that watch process, file and network behaviour on the nodes. */
export const RUNTIME_AGENTS: AgentPattern[] = [
  { name: 'Falco', pattern: /falco(?!n)/ },
  { name: 'Tetragon', pattern: /tetragon/ },
  { name: 'Sysdig Secure', pattern: /sysdig/ },
  { name: 'Aqua Enforcer', pattern: /aqua/ },
  { name: 'Prisma Cloud Defender', pattern: /twistlock|prisma|pcc-defender/ },
  {
    name: 'Microsoft Defender for Containers',
    pattern: /microsoft-defender|defender/,
  },
  { name: 'Tracee', pattern: /tracee/ },
  { name: 'KubeArmor', pattern: /kubearmor/ },
  { name: 'GuardDuty runtime agent', pattern: /guardduty/ },
  { name: 'CrowdStrike Falcon sensor', pattern: /falcon/ },
  { name: 'NeuVector', pattern: /neuvector/ },
];

function managedRuntimeMonitoring(cloud: CloudDescriptor) {
  const cluster = cloud.cluster ?? {};
  if (cloud.provider === 'aks') {
    const defender = cluster.securityProfile?.defender;
    if (!cluster.securityProfile) return undefined;
    return {
      enabled: defender?.securityMonitoring?.enabled === true,
      what: 'Microsoft Defender for Containers',
      path: 'cluster.securityProfile.defender.securityMonitoring.enabled',
    };
  }
  if (cloud.provider === 'eks') {
    const addon = eksAddon(cloud, 'aws-guardduty-agent');
    return (
      addon && { ...addon, what: 'the GuardDuty runtime monitoring add-on' }
    );
  }
  return undefined; // GKE has no managed runtime sensor to read from the cluster descriptor
}

/** Cluster-wide: a runtime security sensor (or the provider's managed one) covers the nodes. */
export const runtimeAgentCheck: Check = makeAgentCheck({
  id: `${ITEM}/runtime-agent`,
  itemId: ITEM,
  patterns: RUNTIME_AGENTS,
  cloudSignal: managedRuntimeMonitoring,
  what: 'runtime security agent',
  missing:
    'a shell spawned in a container, an unexpected binary or a crypto miner goes unnoticed',
});
