import { exceptionCovers } from '@kube-security/plugin-kube-security-common';
import type {
  Acceptance,
  Finding,
  ResourceRef,
} from '@kube-security/plugin-kube-security-common';
import type { AnnotationException } from './annotations';

/**
 * Who declared an annotation exception, as `createdBy` and audit actor:
 * `annotation:<cluster>/<kind>/<namespace>/<name>` (empty namespace for cluster-wide kinds).
 */
export function annotationActor(resource: ResourceRef): string {
  return `annotation:${resource.cluster ?? ''}/${resource.kind}/${
    resource.namespace ?? ''
  }/${resource.name}`;
}

/** How an annotation exception shows on a finding; it has no stored exception id. */
export function annotationAcceptance(
  exception: AnnotationException,
): Acceptance {
  return {
    scope: 'check',
    justification: exception.justification,
    createdBy: annotationActor(exception.resource),
    expiresAt: exception.expiresAt,
    source: 'annotation',
  };
}

function covers(exception: AnnotationException, finding: Finding): boolean {
  // An annotation accepts one check on the object it sits on, in every container.
  return exceptionCovers(
    {
      scope: 'check',
      itemId: exception.itemId,
      checkId: exception.checkId,
      resource: exception.resource,
    },
    finding,
  );
}

/**
 * Marks the findings that annotation exceptions cover as `accepted`: same check, same
 * object (cluster, kind, namespace, name). When two annotations cover one finding (the
 * check named both by id and by slug), the one that lasts longest wins. Findings that are
 * already accepted keep their acceptance. Findings are copied, never changed in place.
 */
export function applyAnnotationExceptions(
  findings: ReadonlyArray<Finding>,
  exceptions: ReadonlyArray<AnnotationException>,
): Finding[] {
  if (exceptions.length === 0) return [...findings];
  return findings.map(finding => {
    if (finding.accepted) return finding;
    let best: AnnotationException | undefined;
    for (const exception of exceptions) {
      if (!covers(exception, finding)) continue;
      if (best === undefined || exception.expiresAt > best.expiresAt) {
        best = exception;
      }
    }
    return best
      ? { ...finding, accepted: annotationAcceptance(best) }
      : finding;
  });
}
