import type { KubeObject } from '../snapshot/types';
import { CLUSTER_SCOPED_KINDS } from '../snapshot/clusterScoped';
import { keepShape } from '../util/keepShape';

/**
 * Values by namespace and name, without building a key string per lookup. Both are
 * compared as text (a name a manifest wrote as a number finds its object).
 */
export class ByNamespaceAndName<T> {
  private readonly byNamespace = new Map<string, Map<string, T>>();

  set(namespace: string, name: string, value: T) {
    const ns = text(namespace);
    let names = this.byNamespace.get(ns);
    if (!names) {
      names = new Map();
      this.byNamespace.set(ns, names);
    }
    names.set(text(name), value);
  }

  get(namespace: string, name: string): T | undefined {
    return this.byNamespace.get(text(namespace))?.get(text(name));
  }
}

// See keepShape: code optimized for these objects stays valid from one evaluation to the next.
keepShape(new ByNamespaceAndName());

function text(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}

/**
 * The namespace an object of a kind lives in: none for cluster-scoped kinds, `default` for a
 * namespaced object written without one (where `kubectl apply` puts it).
 */
function namespaceOf(kind: string, namespace: string | undefined) {
  if (CLUSTER_SCOPED_KINDS.has(kind)) return undefined;
  return namespace ?? 'default';
}

/** A snapshot's objects by kind, and by kind, namespace and name. */
export class ObjectsByKind {
  /**
   * Objects by namespace and name, one map per kind, built the first time a kind is looked
   * up: most lookups are of controllers and RBAC objects, and keying every Pod of a large
   * cluster would cost more than all of them. The last object with a key wins.
   */
  private readonly byKindAndKey = new Map<
    string,
    ByNamespaceAndName<KubeObject>
  >();

  constructor(private readonly byKind: Map<string, KubeObject[]>) {}

  ofKind(kind: string): KubeObject[] {
    return this.byKind.get(kind) ?? [];
  }

  find(
    kind: string,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    return this.keyed(kind).get(namespaceOf(kind, namespace) ?? '', name);
  }

  private keyed(kind: string): ByNamespaceAndName<KubeObject> {
    let map = this.byKindAndKey.get(kind);
    if (!map) {
      map = new ByNamespaceAndName();
      for (const object of this.ofKind(kind)) {
        map.set(
          namespaceOf(kind, object.metadata.namespace) ?? '',
          object.metadata.name,
          object,
        );
      }
      this.byKindAndKey.set(kind, map);
    }
    return map;
  }
}

// See keepShape.
keepShape(new ObjectsByKind(new Map()));
