/* Linux capability sets of the Pod Security Standards, shared by the capability checks. */
import type { ContainerRef } from '../../engine/SnapshotIndex';
import { asArray } from './helpers';
import { normalizeCapability } from './podSecurity';

/** What a container runtime grants by default and the baseline standard lets a pod add. */
export const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

/** The one capability the restricted standard lets a container add back. */
export const RESTRICTED_ADDABLE = 'NET_BIND_SERVICE';

/**
 * A container's `capabilities.<field>` list with each entry's index: `cap` normalized (for
 * what it does: `cap_sys_admin` is SYS_ADMIN), `raw` as written (for what Pod Security
 * Admission allows: it compares the exact names, so `chown` or `CAP_CHOWN` is not CHOWN).
 */
export function capabilityList(
  ref: ContainerRef,
  field: 'add' | 'drop',
): Array<{ cap: string; raw: string; i: number }> {
  return capabilityEntries(
    asArray(ref.container.securityContext?.capabilities?.[field]),
  );
}

/** capabilityList of a list as written. */
export function capabilityEntries(
  list: readonly unknown[],
): Array<{ cap: string; raw: string; i: number }> {
  return list.map((cap, i) => ({
    cap: normalizeCapability(cap),
    raw: String(cap),
    i,
  }));
}

/** The normalized names of a container's `capabilities.drop` list. */
export function droppedCapabilities(ref: ContainerRef): string[] {
  const list = asArray(ref.container.securityContext?.capabilities?.drop);
  return list.length === 0 ? list : list.map(cap => normalizeCapability(cap));
}
