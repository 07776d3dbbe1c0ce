import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import type { Finding } from '@kube-security/plugin-kube-security-common';
import { FindingResource, authorizeFinding } from './findingRules';

const lower = (s: string) => s.toLocaleLowerCase('en-US');

/**
 * What one caller may read: the policy's answer on `kube-security.findings.read` (allow, or
 * conditions of the plugin's rules) and the catalog entities the catalog lets them see.
 * Every list the API serves goes through it: a finding is shown when its entity (if any)
 * is visible and the policy allows it; an entity (plan, team, exception, audit event) when
 * it is visible and the policy allows it as a resource without cluster or severity.
 */
export class ReadScope {
  /** No restriction: every entity, every finding (internal use and tests). */
  static readonly everything = new ReadScope({
    decision: { result: AuthorizeResult.ALLOW },
    ownersOf: () => [],
  });

  private readonly visible?: ReadonlySet<string>;

  constructor(
    private readonly options: {
      decision: PolicyDecision;
      /** Refs of the entities the catalog shows the caller; all when absent. */
      visibleRefs?: Iterable<string>;
      /** The same as a set of lower-case refs, used as it is (shared between requests). */
      visible?: ReadonlySet<string>;
      /** The owners of an entity (for a Group, the group itself). */
      ownersOf: (entityRef: string) => string[];
    },
  ) {
    if (options.visibleRefs)
      this.visible = new Set([...options.visibleRefs].map(lower));
    else if (options.visible) this.visible = options.visible;
  }

  /** True when nothing is filtered, so stores may page by themselves. */
  get unrestricted(): boolean {
    return (
      !this.visible && this.options.decision.result === AuthorizeResult.ALLOW
    );
  }

  /** The catalog shows the caller this entity. */
  private catalogShows(entityRef: string): boolean {
    return !this.visible || this.visible.has(lower(entityRef));
  }

  private owners(entityRef: string): string[] {
    return lower(entityRef).startsWith('group:')
      ? [lower(entityRef)]
      : this.options.ownersOf(lower(entityRef));
  }

  private allows(resource: FindingResource): boolean {
    return authorizeFinding(this.options.decision, resource);
  }

  /** The caller may read about this entity (its plan, team card, decisions). */
  seesEntity(entityRef: string): boolean {
    return (
      this.catalogShows(entityRef) &&
      this.allows({ entityRef, ownerRefs: this.owners(entityRef) })
    );
  }

  /** The caller may read this finding (owned by `entityRef`, or unowned). */
  seesFinding(finding: Finding & { entityRef?: string }): boolean {
    const { entityRef } = finding;
    if (entityRef && !this.catalogShows(entityRef)) return false;
    return this.allows({
      entityRef,
      ownerRefs: entityRef ? this.owners(entityRef) : [],
      cluster: finding.resource.cluster,
      severity: finding.severity,
    });
  }
}
