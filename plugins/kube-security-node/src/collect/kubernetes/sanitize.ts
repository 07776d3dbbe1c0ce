import type { KubeObject } from '../../snapshot/types';
import { apiVersionOf, type CollectedKind } from './kinds';

const LAST_APPLIED_ANNOTATION =
  'kubectl.kubernetes.io/last-applied-configuration';

/**
 * Prepares one list item for the snapshot, in place (no copy of the object): sets the
 * `apiVersion` and `kind` that list items come without, and drops what no check reads but
 * that can make up most of an object's size (managed fields, the last-applied copy of
 * the whole manifest, node image inventories, CRD schemas).
 *
 * Returns `undefined` for an item that is not an object with a name.
 */
export function sanitizeListItem(
  item: unknown,
  kind: CollectedKind,
): KubeObject | undefined {
  if (!isRecord(item) || !isRecord(item.metadata)) return undefined;
  if (typeof item.metadata.name !== 'string') return undefined;

  const object = item as KubeObject;
  object.apiVersion = apiVersionOf(kind);
  object.kind = kind.kind;
  stripMetadata(object.metadata);

  switch (kind.kind) {
    case 'CustomResourceDefinition':
      return slimCustomResourceDefinition(object);
    case 'Node':
      if (isRecord(object.status)) delete object.status.images;
      return object;
    default:
      return object;
  }
}

function stripMetadata(metadata: KubeObject['metadata']) {
  delete metadata.managedFields;
  const annotations = metadata.annotations;
  if (annotations && LAST_APPLIED_ANNOTATION in annotations) {
    delete annotations[LAST_APPLIED_ANNOTATION];
    if (Object.keys(annotations).length === 0) delete metadata.annotations;
  }
}

/**
 * The checks only need to know which CRDs exist (to spot policy engines and runtime
 * monitors); their OpenAPI schemas can run to megabytes.
 */
function slimCustomResourceDefinition(crd: KubeObject): KubeObject {
  const spec = isRecord(crd.spec) ? crd.spec : {};
  const versions = Array.isArray(spec.versions) ? spec.versions : [];
  return {
    apiVersion: crd.apiVersion,
    kind: crd.kind,
    metadata: crd.metadata,
    spec: {
      group: spec.group,
      names: spec.names,
      scope: spec.scope,
      versions: versions.filter(isRecord).map(version => ({
        name: version.name,
        served: version.served,
        storage: version.storage,
      })),
    },
  };
}

function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
