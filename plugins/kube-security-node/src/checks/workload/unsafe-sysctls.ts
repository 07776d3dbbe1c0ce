import type { Check } from '../../engine/check';
import {
  describeWorkload,
  hasPodSpecEvidence,
  isWindowsPod,
  listNames,
  teamPodSpecs,
  WORKLOAD_READS,
  workloadResource,
} from './helpers';
import { ADMISSION_ITEM as ITEM } from './podSecurity';

/** The namespaced sysctls the baseline standard lets a pod set. */
export const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  // Added to the baseline's safe set by later Kubernetes releases (1.32, then 1.37).
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
  'net.ipv4.tcp_slow_start_after_idle',
  'net.ipv4.tcp_notsent_lowat',
]);

/** `net/ipv4/tcp_syncookies` is another spelling of `net.ipv4.tcp_syncookies`. */
function normalizeSysctl(name: unknown): string {
  return String(name ?? '')
    .trim()
    .replace(/\//g, '.');
}

/** Pods set only the safe sysctls: the others reach kernel settings shared with the node. */
export const unsafeSysctlsCheck: Check = {
  id: `${ITEM}/unsafe-sysctls`,
  itemId: ITEM,
  severity: 'medium',
  reads: WORKLOAD_READS,
  run(ctx) {
    const items = teamPodSpecs(ctx);
    for (let k = 0; k < items.length; k++) {
      const workload = items[k];
      if (isWindowsPod(workload)) continue;
      const sysctls = workload.podSpec.securityContext?.sysctls;
      if (!Array.isArray(sysctls) || sysctls.length === 0) continue;
      const unsafe = sysctls
        .map((sysctl: any, i) => ({ name: normalizeSysctl(sysctl?.name), i }))
        .filter(({ name }) => name !== '' && !SAFE_SYSCTLS.has(name));
      if (unsafe.length === 0) continue;
      ctx.report({
        message: `${describeWorkload(workload)} sets ${listNames(
          unsafe.map(s => s.name),
        )}, outside the safe sysctls: such kernel settings can affect the node and its other pods`,
        resource: workloadResource(workload),
        evidencePath: `${workload.podSpecPath}.securityContext.sysctls[${unsafe[0].i}].name`,
      });
    }
    return hasPodSpecEvidence(ctx);
  },
};
