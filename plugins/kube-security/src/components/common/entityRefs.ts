import {
  DEFAULT_NAMESPACE,
  Entity,
  parseEntityRef,
} from '@backstage/catalog-model';
import type { KubeSecurityEntityRef, KubeSecurityTeamRef } from '../../api';

export function entityRefOf(entity: Entity): KubeSecurityEntityRef {
  return {
    kind: entity.kind,
    namespace: entity.metadata.namespace ?? DEFAULT_NAMESPACE,
    name: entity.metadata.name,
  };
}

/** The team part of `group:default/payments`; undefined for anything unparsable. */
export function teamRefOf(entityRef: string): KubeSecurityTeamRef | undefined {
  try {
    const { namespace, name } = parseEntityRef(entityRef, {
      defaultKind: 'group',
    });
    return { namespace, name };
  } catch {
    return undefined;
  }
}
