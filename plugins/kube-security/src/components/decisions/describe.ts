import {
  AuditAction,
  ExceptionScope,
  getCheckDefinition,
  ResourceRef,
} from '@kube-security/plugin-kube-security-common';

/** A check's title; undefined for a check this frontend does not know (version skew). */
export function getCheckTitle(checkId: string): string | undefined {
  return getCheckDefinition(checkId)?.title;
}

/** "Deployment payments/payments-api on eks-prod-eu". */
export function describeResource(
  resource: ResourceRef,
  options: { container?: boolean } = {},
): string {
  const name = resource.namespace
    ? `${resource.namespace}/${resource.name}`
    : resource.name;
  const container =
    options.container && resource.container
      ? `, container ${resource.container}`
      : '';
  const cluster = resource.cluster ? ` on ${resource.cluster}` : '';
  return `${resource.kind} ${name}${container}${cluster}`;
}

/** What an exception covers, in words. */
export function describeScope(exception: {
  scope: ExceptionScope;
  checkId?: string;
  resource?: ResourceRef;
}): string {
  const check = exception.checkId
    ? getCheckTitle(exception.checkId)
    : undefined;
  const resource = exception.resource
    ? describeResource(exception.resource)
    : undefined;
  switch (exception.scope) {
    case 'item':
      return 'The whole item';
    case 'check':
      return `${check ?? 'One check'} on ${
        resource ?? 'one resource'
      } (all containers)`;
    default:
      return `One finding${resource ? ` on ${resource}` : ''}${
        check ? `: ${check}` : ''
      }`;
  }
}

export const SCOPE_LABELS: Readonly<Record<ExceptionScope, string>> = {
  item: 'Whole item',
  check: 'Check on a resource',
  finding: 'One finding',
};

export const AUDIT_ACTION_LABELS: Readonly<Record<AuditAction, string>> = {
  'exception.create': 'Accepted a risk',
  'exception.revoke': 'Revoked an accepted risk',
  'exception.expire': 'Accepted risk expired',
  'attestation.create': 'Attested',
  'attestation.revoke': 'Revoked an attestation',
  'attestation.expire': 'Attestation expired',
};

export type Actor =
  | { type: 'entity'; ref: string; name: string }
  | { type: 'annotation'; text: string }
  | { type: 'system'; text: string }
  | { type: 'other'; text: string };

/**
 * Who made a decision: a user (or group) entity ref, an annotation on a Kubernetes
 * object (`annotation:<cluster>/<kind>/<namespace>/<name>`), or `system` (the expiry job).
 */
export function parseActor(actor: string): Actor {
  if (actor === 'system') {
    return { type: 'system', text: 'System (expiry)' };
  }
  if (actor.startsWith('annotation:')) {
    const parts = actor.slice('annotation:'.length).split('/');
    if (parts.length === 4) {
      const [cluster, kind, namespace, name] = parts;
      return {
        type: 'annotation',
        text: `Annotation on ${describeResource({
          cluster,
          kind,
          namespace,
          name,
        })}`,
      };
    }
    return { type: 'annotation', text: `Annotation ${actor.slice(11)}` };
  }
  const entity = /^([a-z0-9-]+):(?:([^/]+)\/)?(.+)$/i.exec(actor);
  if (entity) return { type: 'entity', ref: actor, name: entity[3] };
  return { type: 'other', text: actor };
}
