/* Shared by the workload-admission-policy checks: how a container's effective pod security
 * settings are resolved, and the ids of the standard controls they answer. */
import type { ContainerRef } from '../../engine/SnapshotIndex';
import { keepShape } from '../../util/keepShape';
import { containerFacts, SAMPLE_CONTAINER } from './helpers';

export const ADMISSION_ITEM = 'workload-admission-policy' as const;

/** Standard control ids the admission checks answer (exact spelling of the registry). */
export const STANDARD = {
  hostProcess: 'PSS baseline: HostProcess',
  hostNamespaces: 'PSS baseline: Host Namespaces',
  privileged: 'PSS baseline: Privileged Containers',
  capabilitiesBaseline: 'PSS baseline: Capabilities',
  hostPathVolumes: 'PSS baseline: HostPath Volumes',
  hostPorts: 'PSS baseline: Host Ports',
  appArmor: 'PSS baseline: AppArmor',
  seLinux: 'PSS baseline: SELinux',
  procMount: 'PSS baseline: /proc Mount Type',
  procMountRestricted: 'PSS restricted: /proc Mount Type',
  seccompBaseline: 'PSS baseline: Seccomp',
  sysctls: 'PSS baseline: Sysctls',
  volumeTypes: 'PSS restricted: Volume Types',
  privilegeEscalation: 'PSS restricted: Privilege Escalation',
  runAsNonRoot: 'PSS restricted: Running as Non-root',
  runAsNonRootUser: 'PSS restricted: Running as Non-root user',
  seccompRestricted: 'PSS restricted: Seccomp',
  capabilitiesRestricted: 'PSS restricted: Capabilities',
  nsaNonRoot: 'NSA/CISA: Non-root containers',
  nsaImmutable: 'NSA/CISA: Immutable container file systems',
  nsaPrivileged: 'NSA/CISA: Privileged containers',
  nsaHost: 'NSA/CISA: Host namespaces and filesystem',
  nsaEnforcement: 'NSA/CISA: Pod security enforcement',
} as const;

/** A pod security setting as a container runs with it, and where it was set. */
export interface Effective<T = any> {
  value: T | undefined;
  /** Evidence path of the field that set it (the container's when neither did). */
  readonly path: string;
  /** True when the value comes from the pod-level securityContext. */
  fromPod: boolean;
}

/** An Effective whose path is written out only when a finding asks for it. */
class EffectiveSetting<T> implements Effective<T> {
  constructor(
    private readonly ref: ContainerRef,
    private readonly field: string,
    readonly value: T | undefined,
    readonly fromPod: boolean,
  ) {}

  get path(): string {
    return this.fromPod
      ? `${this.ref.workload.podSpecPath}.securityContext.${this.field}`
      : `${this.ref.path}.securityContext.${this.field}`;
  }
}

// See keepShape: code optimized for these objects stays valid from one evaluation to the next.
keepShape(
  new EffectiveSetting(SAMPLE_CONTAINER, 'runAsUser', undefined, false),
);

/**
 * The container's own securityContext field wins over the pod's (as the kubelet applies
 * them): a bad pod-level value that every container overrides is not what runs.
 */
export function effectiveSetting<T = any>(
  ref: ContainerRef,
  field: string,
): Effective<T> {
  return effectiveOf<T>(
    ref,
    ref.container.securityContext,
    ref.workload.podSpec.securityContext,
    field,
  );
}

/** effectiveSetting, given the container's and the pod's securityContext. */
export function effectiveOf<T = any>(
  ref: ContainerRef,
  own: any,
  pod: any,
  field: string,
): Effective<T> {
  const mine = own?.[field];
  if (mine !== undefined && mine !== null) {
    return new EffectiveSetting<T>(ref, field, mine, false);
  }
  const theirs = pod?.[field];
  if (theirs !== undefined && theirs !== null) {
    return new EffectiveSetting<T>(ref, field, theirs, true);
  }
  return new EffectiveSetting<T>(ref, field, undefined, false);
}

/** Capability names already normalized, by what was written. */
const NORMALIZED = new Map<string, string>();

/** `SYS_ADMIN` from `sys_admin`, `CAP_SYS_ADMIN`, ` cap_sys_admin `. */
export function normalizeCapability(value: unknown): string {
  if (typeof value !== 'string') return normalize(value);
  // The same few names recur in every container of a cluster.
  let name = NORMALIZED.get(value);
  if (name === undefined) {
    name = normalize(value);
    if (NORMALIZED.size < 1000) NORMALIZED.set(value, name);
  }
  return name;
}

function normalize(value: unknown): string {
  return String(value).trim().toUpperCase().replace(/^CAP_/, '');
}

function isEmpty(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === 'object' && Object.keys(value as object).length === 0)
  );
}

const SECURITY_CONTEXT_UNSET: readonly string[] = Object.freeze(['CIS 5.7.3']);
const NONE: readonly string[] = Object.freeze([]);

/**
 * CIS 5.7.3 ("apply a security context"), as peer scanners read it: a finding answers it
 * only when neither the container nor its pod sets any securityContext field.
 */
export function securityContextStandard(ref: ContainerRef): string[] {
  const facts = containerFacts(ref);
  facts.securityContextStandard ??=
    isEmpty(ref.container.securityContext) &&
    isEmpty(ref.workload.podSpec.securityContext)
      ? SECURITY_CONTEXT_UNSET
      : NONE;
  // Shared and frozen: callers spread it into their own lists.
  return facts.securityContextStandard as string[];
}

const WITH_CONTEXT = new Map<readonly string[], readonly string[]>();

/**
 * `ids` (a check's frozen constant) plus securityContextStandard's: the lists are shared by
 * the findings, made once per `ids` instead of once per finding.
 */
export function standardsWithContext(
  ids: readonly string[],
  ref: ContainerRef,
): string[] {
  if (securityContextStandard(ref).length === 0) return ids as string[];
  let list = WITH_CONTEXT.get(ids);
  if (!list) {
    list = Object.freeze([...ids, ...SECURITY_CONTEXT_UNSET]);
    WITH_CONTEXT.set(ids, list);
  }
  return list as string[];
}
