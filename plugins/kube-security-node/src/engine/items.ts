import type {
  ActionItemId,
  Category,
} from '@kube-security/plugin-kube-security-common';

/**
 * The 19 action items in plan order, with a short name for the engine's notes. The catalog
 * in the common package is the source of titles; the engine only needs ids and order, and
 * keeps this list so that it evaluates every item (even those without checks).
 */
export const ENGINE_ITEMS: ReadonlyArray<{ id: ActionItemId; short: string }> =
  [
    { id: 'cloud-network-isolation', short: 'cloud network isolation' },
    { id: 'cloud-mfa-enforced', short: 'cloud MFA' },
    { id: 'cloud-iam-least-privilege', short: 'cloud IAM' },
    { id: 'cloud-audit-logging', short: 'cloud audit logging' },
    { id: 'cluster-private-access', short: 'private cluster access' },
    { id: 'cluster-multi-zone', short: 'multi-zone' },
    { id: 'cluster-audit-logging', short: 'control-plane audit logging' },
    { id: 'cluster-security-features', short: 'cluster security features' },
    { id: 'cluster-node-least-privilege', short: 'node least privilege' },
    { id: 'workload-central-telemetry', short: 'central telemetry' },
    { id: 'workload-namespace-isolation', short: 'namespace isolation' },
    { id: 'workload-rbac-least-privilege', short: 'RBAC' },
    { id: 'workload-admission-policy', short: 'admission policy' },
    { id: 'workload-network-policies', short: 'network policy' },
    { id: 'workload-runtime-monitoring', short: 'runtime monitoring' },
    { id: 'image-minimal-scanned-base', short: 'base image' },
    { id: 'image-trusted-registries', short: 'trusted registry' },
    { id: 'image-externalized-config', short: 'externalized config' },
    { id: 'image-pipeline-checks', short: 'pipeline checks' },
  ];

const ORDER = new Map(ENGINE_ITEMS.map((item, i) => [item.id, i]));

/** Position of an item in the plan (unknown ids last). */
export function itemOrder(itemId: string): number {
  return ORDER.get(itemId as ActionItemId) ?? ENGINE_ITEMS.length;
}

export function shortItemName(itemId: string): string {
  return ENGINE_ITEMS.find(item => item.id === itemId)?.short ?? itemId;
}

/** The category is the item id's first word: `workload-admission-policy` → `workload`. */
export function categoryOfItem(itemId: string): Category {
  return itemId.split('-')[0] as Category;
}
