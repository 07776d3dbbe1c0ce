/**
 * Divides clusters evenly among replicas: clusters sorted by name, replicas sorted by id,
 * the i-th cluster goes to replica i mod n. Replicas that see the same clusters and the
 * same replicas compute the same division, and none gets more than ceil(clusters /
 * replicas). Returns the owner of each cluster.
 */
export function shareClusters(
  clusters: readonly string[],
  replicas: readonly string[],
): Map<string, string> {
  const owners = [...new Set(replicas)].sort();
  if (!owners.length && clusters.length) {
    throw new Error('Clusters can only be shared among at least one replica');
  }
  const names = [...new Set(clusters)].sort();
  return new Map(names.map((name, i) => [name, owners[i % owners.length]]));
}
