import type { MappingConflict } from '@kube-security/plugin-kube-security-common';
import type { Provider } from '@kube-security/plugin-kube-security-common';

/*
 * The catalog as the mapping uses it, shared by every layer: the mapping builds it from
 * catalog entities, the mapping store keeps the last good one so that a replica that
 * cannot read the catalog still maps with it. Types only.
 */

/**
 * Kubernetes label selectors as written in `backstage.io/kubernetes-label-selector`, one
 * requirement per comma-separated part, all of which must hold.
 */
export type LabelRequirement =
  | { key: string; op: 'in'; values: string[] }
  | { key: string; op: 'notin'; values: string[] }
  | { key: string; op: 'exists' }
  | { key: string; op: 'notexists' };

export type LabelSelector = LabelRequirement[];

/** What the mapping needs to know about one catalog entity. */
export interface MappedEntity {
  ref: string;
  kind: string;
  title?: string;
  kubernetesId?: string;
  labelSelector?: LabelSelector;
  namespace?: string;
  cluster?: string;
  /** Set on `kubernetes-cluster` Resources: the cluster they represent. */
  representsCluster?: string;
  provider?: Provider;
  ownerRefs: string[];
  /**
   * When the mapping first saw this entity make its present claim (ISO time); the older
   * of two conflicting claims keeps the findings.
   */
  claimedSince?: string;
}

export interface TeamNode {
  ref: string;
  name: string;
  title?: string;
  parentRef?: string;
  childRefs: string[];
}

/** The last good catalog read, as stored. */
export interface StoredCatalog {
  /** Hash of what the mapping depends on; equal hashes need no re-mapping. */
  hash: string;
  entities: MappedEntity[];
  teams: TeamNode[];
  /** When each claim (see `claimKey`) was first seen. */
  claims: Record<string, string>;
}

export type { MappingConflict };
