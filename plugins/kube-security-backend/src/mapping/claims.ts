import type { MappingConflict } from '@kube-security/plugin-kube-security-common';
import type { LabelSelector, MappedEntity } from '../domain/catalog';

/*
 * Rules for entities that claim the same findings. A claim is what an entity says it owns
 * (the cluster it represents, its kubernetes-id, its label selector, narrowed by its
 * namespace and cluster annotations); the mapping remembers when it first saw each claim.
 */

/** Identifies an entity's present claim: a changed annotation is a new claim. */
export function claimKey(entity: MappedEntity): string {
  return JSON.stringify([
    entity.ref,
    entity.representsCluster ?? null,
    entity.kubernetesId ?? null,
    entity.labelSelector ?? null,
    entity.namespace ?? null,
    entity.cluster ?? null,
  ]);
}

/**
 * Of several claims to the same thing, the one seen first, strictly before the others;
 * undefined when the oldest claims tie (e.g. all seen on the first catalog read), so that
 * no registration order decides who gets someone's findings.
 */
export function pickClaim(claimants: MappedEntity[]): MappedEntity | undefined {
  if (claimants.length === 1) return claimants[0];
  const since = (e: MappedEntity) =>
    e.claimedSince ? Date.parse(e.claimedSince) : Number.POSITIVE_INFINITY;
  const sorted = [...claimants].sort((a, b) => since(a) - since(b));
  if (!Number.isFinite(since(sorted[0]))) return undefined;
  return since(sorted[0]) < since(sorted[1]) ? sorted[0] : undefined;
}

/**
 * A selector that pins no label to a value (only `!=`, `notin`, exists or does-not-exist
 * requirements) picks workloads nobody named: taken as a claim, it would empty the
 * unowned list into one entity. Such selectors are refused.
 */
export function isCatchAllSelector(selector: LabelSelector): boolean {
  return !selector.some(r => r.op === 'in' && r.values.length > 0);
}

export function conflictMessage(
  conflict: Pick<MappingConflict, 'kind' | 'subject' | 'claimants' | 'keptBy'>,
  pinned?: string,
): string {
  const { claimants, keptBy } = conflict;
  if (conflict.kind === 'catch-all-selector') {
    return `${claimants[0]}: its label selector sets no label to a value, so it would pick workloads of anyone; it is ignored (name the workloads with backstage.io/kubernetes-id or a selector such as app=<name>)`;
  }
  const refused = claimants.filter(c => c !== keptBy);
  if (pinned) {
    return keptBy
      ? `${
          conflict.subject
        } is pinned to ${keptBy} by configuration (or as the Resource the Kubernetes plugin's catalog locator found it through); the claim of ${refused.join(
          ', ',
        )} is refused`
      : `${conflict.subject} is pinned to ${pinned} by configuration, which is not a kubernetes-cluster Resource of the catalog; its findings are unowned`;
  }
  return keptBy
    ? `${claimants.join(' and ')} all claim ${
        conflict.subject
      }: its findings stay with ${keptBy}, which claimed it first; the claim of ${refused.join(
        ', ',
      )} is refused`
    : `${claimants.join(' and ')} all claim ${
        conflict.subject
      } since the same catalog read: every claim is refused and its findings are unowned until one claim is removed${
        conflict.kind === 'cluster'
          ? ' or kubeSecurity.clusterEntities pins the cluster'
          : ''
      }`;
}
