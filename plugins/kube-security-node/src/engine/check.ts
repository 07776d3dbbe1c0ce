import type {
  ActionItemId,
  Exposure,
  FindingStatus,
  GrantRef,
  ResourceRef,
  Severity,
} from '@kube-security/plugin-kube-security-common';
import type { SnapshotIndex } from './SnapshotIndex';
import type { EngineOptions } from './options';

/** What a check reports; the engine fills in ids, category, cluster, labels and exposure. */
export interface RawFinding {
  status?: FindingStatus; // default 'fail'
  /** Overrides the check's default severity (e.g. hostPath to the runtime socket: critical). */
  severity?: Severity;
  message: string;
  resource: Omit<ResourceRef, 'cluster'>;
  evidencePath?: string;
  labels?: Record<string, string>;
  exposure?: Exposure;
  /**
   * Narrows the check's standard control ids for this finding (when one check answers
   * several controls and this finding only some); defaults to the check definition's.
   */
  standards?: string[];
  /** The RBAC binding whose grant the finding is about (see `Finding.grant`). */
  grant?: GrantRef;
}

export interface CheckContext {
  index: SnapshotIndex;
  options: EngineOptions;
  report(finding: RawFinding): void;
}

/**
 * One automated check. `run` returns whether it had evidence to judge: `false` means "could
 * not tell" (e.g. no cloud descriptor), which leaves the item `unknown` rather than `pass`.
 */
export interface Check {
  /** `<item id>/<slug>`; must be listed in the item's catalog entry. */
  id: string;
  itemId: ActionItemId;
  /** Kubernetes kinds whose absence from a partial scan makes the verdict incomplete. */
  reads?: string[];
  /**
   * Default severity of its findings (as in the catalog's CheckDefinition), used when a
   * RawFinding sets none. Findings without either get `medium`.
   */
  severity?: Severity;
  run(ctx: CheckContext): boolean;
}
