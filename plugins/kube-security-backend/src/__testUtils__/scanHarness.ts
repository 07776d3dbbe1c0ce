import type { AuditorService } from '@backstage/backend-plugin-api';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { TestDatabaseId } from '@backstage/backend-test-utils';
import type {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import {
  ALL_CHECKS,
  type Check,
  type EngineOptions,
} from '@kube-security/plugin-kube-security-node';
import { cpSync, mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { SnapshotDirectoryCollector } from '../collectors/SnapshotDirectoryCollector';
import { applyMigrations } from '../database/migrations';
import { storesFor } from '../database/stores';
import { Notifier } from '../notify/Notifier';
import { clusterSources } from '../scan/ScanService';
import { testServices } from './testServices';
import { EXAMPLES_DIR } from './exampleCatalog';

/** A notifications service that records what it sent, and fails while `down` is set. */
export function recordingNotifications(): NotificationService & {
  sent: NotificationSendOptions[];
  down: boolean;
} {
  const service = {
    sent: [] as NotificationSendOptions[],
    down: false,
    async send(options: NotificationSendOptions) {
      if (service.down) throw new Error('notifications backend is down');
      service.sent.push(options);
    },
  };
  return service;
}

/** A privileged container on cart-service: a new critical finding with an owner. */
export const PRIVILEGED_CART = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: cart-debug
  namespace: storefront
  labels:
    backstage.io/kubernetes-id: cart-service
spec:
  selector:
    matchLabels: { app: cart-debug }
  template:
    metadata:
      labels:
        app: cart-debug
        backstage.io/kubernetes-id: cart-service
    spec:
      containers:
        - name: debug
          image: registry.example.com/debug@sha256:${'a'.repeat(64)}
          securityContext:
            privileged: true
`;

/**
 * The plugin's services over a copy of the example EKS cluster folder and a test database,
 * scanned once (the baseline), with a recording notifications service. `engine` lets a
 * test make the evaluation itself throw.
 */
export async function scanHarness(
  databases: TestDatabases,
  id: TestDatabaseId,
  extra: { auditor?: AuditorService } = {},
) {
  const knex = await databases.init(id);
  await applyMigrations(knex);
  const clock = { now: new Date('2026-12-05T12:00:00Z') };
  const now = () => clock.now;
  const stores = storesFor(knex, { now });
  const dir = mkdtempSync(join(tmpdir(), 'kube-security-faults-'));
  cpSync(resolve(EXAMPLES_DIR, 'clusters/eks-prod-eu'), dir, {
    recursive: true,
  });
  const [source] = await clusterSources([
    new SnapshotDirectoryCollector([
      { name: 'eks-prod-eu', provider: 'eks', directory: dir },
    ]),
  ]);
  const notifications = recordingNotifications();
  const logger = mockServices.logger.mock();
  const notifier = new Notifier({
    notifications,
    ledger: stores.notifications,
    logger,
    now,
    settings: {
      enabled: true,
      gradeDrop: false,
      newCriticalFindings: true,
      expiryReminderDays: 14,
    },
  });
  const engine: { broken: boolean; brokenCheck?: string } = { broken: false };
  // The registry's checks, each of which throws while it is `engine.brokenCheck`.
  const checks: Check[] = ALL_CHECKS.map(check => ({
    ...check,
    run: ctx => {
      if (engine.brokenCheck === check.id) {
        throw new Error(`the check ${check.id} broke`);
      }
      return check.run(ctx);
    },
  }));
  const engineOptions = {
    get trustedRegistries(): EngineOptions['trustedRegistries'] | undefined {
      if (engine.broken) throw new Error('the engine broke');
      return undefined;
    },
  } as Partial<EngineOptions>;
  const services = testServices({
    stores,
    notifier,
    logger,
    engineOptions,
    checks,
    now,
    auditor: extra.auditor,
  });
  await services.scans.registerSources([source]);
  await services.refreshCatalog();
  const baseline = await services.scans.scan(source);
  if (baseline.status !== 'ok') {
    throw new Error(`The baseline scan was ${baseline.status}`);
  }
  return {
    knex,
    clock,
    stores,
    dir,
    source,
    services,
    notifier,
    notifications,
    engine,
    addFile: (name: string, text: string) =>
      writeFileSync(join(dir, name), text),
    async openIds(): Promise<string[]> {
      return (await stores.findings.openFindings({ cluster: 'eks-prod-eu' }))
        .map(f => f.id)
        .sort();
    },
    async runningScans(): Promise<number> {
      const [{ n }] = await knex('kube_security_scans')
        .where({ status: 'running' })
        .count({ n: '*' });
      return Number(n);
    },
    async cluster() {
      const [cluster] = await stores.scans.listClusters();
      return cluster;
    },
  };
}
