import type { ObjectOrigin, Snapshot } from './types';

/**
 * Finds where a finding's resource was read from (file and line), for CLI output such as
 * SARIF. Built once per snapshot; resources without a known origin (the cluster itself, or
 * objects from a live API) give `undefined`.
 */
export function originLookup(
  snapshot: Snapshot,
): (resource: {
  kind: string;
  namespace?: string;
  name: string;
}) => ObjectOrigin | undefined {
  const byKey = new Map<string, ObjectOrigin>();
  const origins = snapshot.origins ?? [];
  snapshot.objects.forEach((object, i) => {
    const origin = origins[i];
    if (!origin) return;
    const key = `${object.kind}\u0000${object.metadata.namespace ?? ''}\u0000${
      object.metadata.name
    }`;
    if (!byKey.has(key)) byKey.set(key, origin);
  });
  return resource =>
    byKey.get(
      `${resource.kind}\u0000${resource.namespace ?? ''}\u0000${resource.name}`,
    ) ??
    // Manifests without a namespace are judged as if in `default`.
    (resource.namespace === 'default'
      ? byKey.get(`${resource.kind}\u0000\u0000${resource.name}`)
      : undefined);
}
