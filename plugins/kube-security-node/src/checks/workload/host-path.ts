import type { Severity } from '@kube-security/plugin-kube-security-common';
import type { Check } from '../../engine/check';
import type { Workload } from '../../engine/SnapshotIndex';
import {
  asArray,
  hasPodSpecEvidence,
  isTrue,
  listNames,
  teamPodSpecs,
  WORKLOAD_READS,
  workloadResource,
} from './helpers';
import { ADMISSION_ITEM as ITEM, STANDARD } from './podSecurity';

/**
 * Host paths that hand over the node: its runtime and system sockets, kubelet credentials,
 * its configuration and root. A path beneath one of them exposes it, and so does a parent of
 * one (mounting /var exposes /var/lib/kubelet); a sibling does not (/run/log/journal holds
 * logs, /run/containerd the runtime).
 */
const CRITICAL_HOST_PATHS = [
  '/var/run/docker.sock',
  '/run/docker.sock',
  '/var/run/cri-dockerd.sock',
  '/run/cri-dockerd.sock',
  '/run/containerd',
  '/var/run/containerd',
  '/var/run/crio',
  '/run/crio',
  '/run/podman',
  '/var/run/podman',
  '/run/dbus/system_bus_socket',
  '/var/run/dbus/system_bus_socket',
  '/run/systemd/private',
  '/var/run/systemd/private',
  '/etc',
  '/proc',
  '/var/lib/kubelet',
  '/root',
];

function normalizeHostPath(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed.replace(/\/{2,}/g, '/');
}

export function isCriticalHostPath(path: string): boolean {
  const normalized = normalizeHostPath(path);
  if (normalized === '/') return true;
  return CRITICAL_HOST_PATHS.some(
    p =>
      normalized === p ||
      normalized.startsWith(`${p}/`) ||
      p.startsWith(`${normalized}/`),
  );
}

/** Whether every container that mounts a volume mounts it read-only (true when none does). */
function mountedReadOnly(workload: Workload, volume: string): boolean {
  for (const field of ['initContainers', 'containers', 'ephemeralContainers']) {
    for (const container of asArray(workload.podSpec[field])) {
      for (const mount of asArray(container?.volumeMounts)) {
        if (mount?.name === volume && !isTrue(mount.readOnly)) return false;
      }
    }
  }
  return true;
}

/**
 * Pods mount no hostPath volume. Every hostPath breaks the baseline standard; the severity
 * says how much of the node it hands over: critical for the runtime socket, kubelet
 * credentials or system directories, high for other writable paths, low for a read-only
 * mount of another path (still a violation, but it neither writes to the node nor reads its
 * secrets, so the NSA/CISA host filesystem topic is not claimed for it).
 */
export const hostPathCheck: Check = {
  id: `${ITEM}/host-path`,
  itemId: ITEM,
  severity: 'high',
  reads: WORKLOAD_READS,
  run(ctx) {
    const items = teamPodSpecs(ctx);
    for (let k = 0; k < items.length; k++) {
      const workload = items[k];
      const volumes = workload.podSpec.volumes;
      // Most pods mount none: the list is made at the first hostPath.
      let mounts:
        | Array<{
            path: string;
            evidence: string;
            critical: boolean;
            readOnly: boolean;
          }>
        | undefined;
      for (let i = 0; Array.isArray(volumes) && i < volumes.length; i++) {
        const volume = volumes[i];
        const hostPath = volume?.hostPath;
        if (!hostPath || typeof hostPath !== 'object') continue;
        const path = typeof hostPath.path === 'string' ? hostPath.path : '';
        (mounts ??= []).push({
          path: path || '(no path)',
          evidence: `${workload.podSpecPath}.volumes[${i}].hostPath.path`,
          critical: path === '' || isCriticalHostPath(path),
          readOnly: mountedReadOnly(workload, volume.name),
        });
      }
      if (!mounts) continue;
      const critical = mounts.filter(m => m.critical);
      const writable = mounts.filter(m => !m.readOnly);
      const first = critical[0] ?? writable[0] ?? mounts[0];
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
        )} ${
          critical.length > 1 ? 'expose' : 'exposes'
        } its container runtime, credentials or system files: enough to take over the node`;
      } else if (writable.length === 0) {
        message = `Mounts ${paths} from the node read-only: it cannot change the node, but it depends on the node's files and breaks the baseline Pod Security Standard`;
      }
      const harmless = critical.length === 0 && writable.length === 0;
      let severity: Severity = harmless ? 'low' : 'high';
      if (critical.length > 0) severity = 'critical';
      ctx.report({
        severity,
        message,
        resource: workloadResource(workload),
        evidencePath: first.evidence,
        ...(harmless
          ? {
              standards: [
                STANDARD.hostPathVolumes,
                STANDARD.volumeTypes,
                'CIS 5.2.12',
              ],
            }
          : {}),
      });
    }
    return hasPodSpecEvidence(ctx);
  },
};
