/* One normalized view per container of the pod security settings the admission checks
 * judge, read from the parsed objects once per scan instead of once per check. */
import type { CheckContext } from '../../engine/check';
import type { ContainerRef } from '../../engine/SnapshotIndex';
import { keepShape } from '../../util/keepShape';
import { asArray, SAMPLE_CONTAINER, teamPodSpecContainers } from './helpers';
import {
  effectiveOf,
  normalizeCapability,
  type Effective,
} from './podSecurity';

const NO_NAMES: readonly string[] = Object.freeze([]);

/**
 * A container's pod security settings as it runs with them: the raw values of its own
 * `securityContext` fields, the settings where the pod's value applies when the container
 * sets none, and the pod's fields that are judged per container. Every object has the same
 * shape, so the checks' reads are cheap, and none of them walks the parsed object again.
 */
export class ContainerSecurity {
  /** The pod runs Windows (no Linux user ids, capabilities or seccomp to judge). */
  readonly windows: boolean;
  /** The container's own fields, as written. */
  readonly privileged: unknown;
  readonly allowPrivilegeEscalation: unknown;
  readonly readOnlyRootFilesystem: unknown;
  readonly procMount: unknown;
  readonly seccompProfile: any;
  readonly seLinuxOptions: unknown;
  readonly hostProcess: unknown;
  /** The pod's fields, as written. */
  readonly podSeccompProfile: any;
  readonly podSeLinuxOptions: unknown;
  readonly podHostProcess: unknown;
  /** `capabilities.add` as written (each entry as it is). */
  readonly capabilitiesAdded: readonly unknown[];
  /** `capabilities.drop` as written. */
  readonly drop: readonly unknown[];
  /** The container's and the pod's securityContext, as written. */
  private readonly own: any;
  private readonly pod: any;

  constructor(readonly ref: ContainerRef) {
    const podSpec = ref.workload.podSpec;
    const own = ref.container.securityContext;
    const pod = podSpec.securityContext;
    this.own = own;
    this.pod = pod;
    this.windows = podSpec?.os?.name === 'windows';
    this.privileged = own?.privileged;
    this.allowPrivilegeEscalation = own?.allowPrivilegeEscalation;
    this.readOnlyRootFilesystem = own?.readOnlyRootFilesystem;
    this.procMount = own?.procMount;
    this.seccompProfile = own?.seccompProfile;
    this.seLinuxOptions = own?.seLinuxOptions;
    this.hostProcess = own?.windowsOptions?.hostProcess;
    this.podSeccompProfile = pod?.seccompProfile;
    this.podSeLinuxOptions = pod?.seLinuxOptions;
    this.podHostProcess = pod?.windowsOptions?.hostProcess;
    const capabilities = own?.capabilities;
    this.capabilitiesAdded = asArray(capabilities?.add);
    this.drop = asArray(capabilities?.drop);
  }

  // The settings below are made when a check asks: kept for the whole scan, they would be
  // copied by every garbage collection of the young generation.

  /** The container's setting, else the pod's. */
  get runAsUser(): Effective {
    return effectiveOf(this.ref, this.own, this.pod, 'runAsUser');
  }

  get runAsNonRoot(): Effective {
    return effectiveOf(this.ref, this.own, this.pod, 'runAsNonRoot');
  }

  get runAsGroup(): Effective {
    return effectiveOf(this.ref, this.own, this.pod, 'runAsGroup');
  }

  get appArmorProfile(): Effective {
    return effectiveOf(this.ref, this.own, this.pod, 'appArmorProfile');
  }

  /**
   * The value of one of the settings above alone, without making its Effective (most
   * containers pass, and no finding needs the path): the container's, else the pod's.
   */
  valueOf(
    field: 'runAsUser' | 'runAsNonRoot' | 'runAsGroup' | 'appArmorProfile',
  ): any {
    const mine = this.own?.[field];
    if (mine !== undefined && mine !== null) return mine;
    return this.pod?.[field] ?? undefined;
  }

  /** The normalized names of `capabilities.drop`. */
  get capabilitiesDropped(): readonly string[] {
    const drop = this.drop;
    return drop.length === 0
      ? NO_NAMES
      : drop.map(cap => normalizeCapability(cap));
  }
}

// See keepShape: code optimized for these objects stays valid from one evaluation to the next.
keepShape(new ContainerSecurity(SAMPLE_CONTAINER));

const views = new WeakMap<readonly ContainerRef[], ContainerSecurity[]>();

/** The security view of every container of teamPodSpecContainers, in its order. */
export function teamContainerSecurity(
  ctx: CheckContext,
): readonly ContainerSecurity[] {
  const refs = teamPodSpecContainers(ctx);
  let list = views.get(refs);
  if (!list) {
    list = new Array(refs.length);
    for (let i = 0; i < refs.length; i++) {
      list[i] = new ContainerSecurity(refs[i]);
    }
    views.set(refs, list);
  }
  return list;
}
