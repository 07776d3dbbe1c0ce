import type { Finding } from '@kube-security/plugin-kube-security-common';
import type { Knex } from 'knex';
import { applyMigrations } from '../database/migrations';
import type { ScanResult } from '../database/ScanStore';
import { storesFor } from '../database/stores';

/**
 * The stores on a migrated database with one registered cluster, `c1`, whose clock moves
 * one hour per scan written (from 2026-11-01 01:00 UTC): what the rescan tests write to.
 */
export async function oneClusterStore(knex: Knex) {
  await applyMigrations(knex);
  let hour = 0;
  const stores = storesFor(knex, {
    now: () => new Date(Date.UTC(2026, 10, 1, hour)),
  });
  await stores.scans.registerClusters([{ name: 'c1', source: 'snapshot' }]);
  const writeScan = async (result: ScanResult) => {
    hour++;
    return stores.scans.writeScan(await stores.scans.startScan('c1'), result);
  };
  return { stores, writeScan };
}

/** A privileged container's finding on `app-<i>` of cluster `c1`; `over` replaces fields. */
export function privilegedFinding(
  i: number,
  over: Partial<Finding> = {},
): Finding {
  return {
    id: `f${i}`,
    checkId: 'workload-admission-policy/privileged-container',
    itemId: 'workload-admission-policy',
    category: 'workload',
    status: 'fail',
    severity: 'high',
    message: `container ${i} is privileged`,
    resource: {
      cluster: 'c1',
      kind: 'Deployment',
      namespace: 'shop',
      name: `app-${i}`,
      container: 'main',
    },
    evidencePath: 'spec.template.spec.containers[0].securityContext',
    labels: { app: `app-${i}` },
    standards: ['cis-5.2.1'],
    exposure: { internet: false, dataStore: false },
    ...over,
  };
}
