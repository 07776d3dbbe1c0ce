import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import {
  ALL_CHECKS,
  KubernetesApiCollector,
  loadManifests,
} from '@kube-security/plugin-kube-security-node';
import {
  FakeFault,
  FakeKubernetesApiServer,
} from '@kube-security/plugin-kube-security-node/testUtils';
import { resolve } from 'path';
import { applyMigrations } from '../database/migrations';
import { Stores, storesFor } from '../database/stores';
import { EXAMPLES_DIR } from '../__testUtils__/exampleCatalog';
import { PRIVILEGED_CART, scanHarness } from '../__testUtils__/scanHarness';
import { testServices } from '../__testUtils__/testServices';
import { clusterSources } from './ScanService';

/*
 * The fault-injection measurement of issue 13: a failure at every step of a scan and every
 * Kubernetes API error the collector can meet. For each fault: findings lost (open before,
 * not open after), scans left `running`, and whether the cluster's stale flag is right
 * (stale after a failed scan, not stale after a partial one). The figures are printed for
 * docs/reliability.md.
 */

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

interface Tally {
  injected: number;
  survived: number;
  findingsLost: number;
  leftRunning: number;
  staleRight: number;
  notificationsLost: number;
  faults: string[];
}

const tallies = new Map<string, Tally>();

function tally(name: string): Tally {
  const t = tallies.get(name) ?? {
    injected: 0,
    survived: 0,
    findingsLost: 0,
    leftRunning: 0,
    staleRight: 0,
    notificationsLost: 0,
    faults: [],
  };
  tallies.set(name, t);
  return t;
}

afterAll(() => {
  const lines = [
    'Fault injection (faults injected / survived / findings lost / scans left running / stale flag right / notifications lost):',
  ];
  for (const [name, t] of tallies) {
    lines.push(
      `  ${name}: ${t.injected} / ${t.survived} / ${t.findingsLost} / ${t.leftRunning} / ${t.staleRight} / ${t.notificationsLost}`,
    );
  }
  // eslint-disable-next-line no-console
  console.log(lines.join('\n'));
});

async function openIds(stores: Stores, cluster: string): Promise<Set<string>> {
  return new Set(
    (await stores.findings.openFindings({ cluster })).map(f => f.id),
  );
}

async function runningScans(stores: Stores): Promise<number> {
  const [{ n }] = await stores.scans
    .db('kube_security_scans')
    .where({ status: 'running' })
    .count({ n: '*' });
  return Number(n);
}

function lost(before: Set<string>, after: Set<string>): number {
  return [...before].filter(id => !after.has(id)).length;
}

describe('fault injection', () => {
  afterEach(() => jest.restoreAllMocks());

  it.each(databases.eachSupportedId())(
    'survives a failure at every step of a scan, on %p',
    async (id: TestDatabaseId) => {
      const h = await scanHarness(databases, id);
      const t = tally(`scan steps, ${id}`);
      const collector = h.source.collectors[0];
      const steps: Array<{
        name: string;
        stale: boolean;
        inject: () => void;
      }> = [
        {
          name: 'collection',
          stale: true,
          inject: () =>
            void jest
              .spyOn(collector, 'collect')
              .mockRejectedValueOnce(new Error('collection broke')),
        },
        ...ALL_CHECKS.map(check => ({
          name: `check ${check.id}`,
          // A check that throws makes the scan partial, not failed.
          stale: false,
          inject: () => void (h.engine.brokenCheck = check.id),
        })),
        {
          name: 'evaluation',
          stale: true,
          inject: () => void (h.engine.broken = true),
        },
        {
          name: 'write',
          stale: true,
          inject: () =>
            void jest
              .spyOn(h.stores.scans, 'writeScan')
              .mockRejectedValueOnce(new Error('write broke')),
        },
        {
          name: 'annotation sync',
          stale: true,
          inject: () =>
            void jest
              .spyOn(h.stores.decisions, 'syncAnnotationExceptions')
              .mockRejectedValueOnce(new Error('sync broke')),
        },
        {
          name: 'recompute',
          stale: true,
          inject: () =>
            void jest
              .spyOn(h.services.recompute, 'run')
              .mockRejectedValueOnce(new Error('recompute broke')),
        },
        {
          name: 'notification queue',
          stale: true,
          inject: () =>
            void jest
              .spyOn(h.stores.notifications, 'enqueueNew')
              .mockRejectedValueOnce(new Error('outbox broke')),
        },
        {
          name: 'notification delivery',
          // The send is retried later; the scan itself is fine.
          stale: false,
          inject: () => void (h.notifications.down = true),
        },
      ];
      let critical = 0;
      for (const step of steps) {
        const before = await openIds(h.stores, 'eks-prod-eu');
        // Every fault scan also brings a new critical finding, to count lost notifications.
        critical++;
        h.addFile(
          `debug-${critical}.yaml`,
          PRIVILEGED_CART.replace('cart-debug', `cart-debug-${critical}`),
        );
        step.inject();
        t.injected++;
        let outcome;
        try {
          outcome = await h.services.scans.scan(h.source);
          t.survived++;
        } catch (e) {
          t.faults.push(`${step.name}: threw ${(e as Error).message}`);
        }
        h.engine.broken = false;
        h.engine.brokenCheck = undefined;
        const after = await openIds(h.stores, 'eks-prod-eu');
        t.findingsLost += lost(before, after);
        t.leftRunning += await runningScans(h.stores);
        const cluster = await h.cluster();
        const right =
          cluster.stale === step.stale &&
          (!step.stale || /broke/.test(cluster.staleReason ?? ''));
        if (right) t.staleRight++;
        else {
          t.faults.push(
            `${step.name}: ${outcome?.status}, stale ${cluster.stale} (${cluster.staleReason})`,
          );
        }
        // Heal: the services come back, and the next scan clears the stale flag.
        h.notifications.down = false;
        jest.restoreAllMocks();
        expect((await h.services.scans.scan(h.source)).status).toBe('ok');
        await h.notifier.retryPending();
      }
      // One new critical finding per fault scan: count the findings the owners were told of.
      let told = 0;
      for (const n of h.notifications.sent) {
        const title = String(n.payload.title);
        if (title.startsWith('New critical security finding')) told++;
        const batch = /^(\d+) new critical security findings/.exec(title);
        if (batch) told += Number(batch[1]);
      }
      t.notificationsLost = critical - told;
      expect(t.faults).toEqual([]);
      expect(t.survived).toBe(t.injected);
      expect(t.findingsLost).toBe(0);
      expect(t.leftRunning).toBe(0);
      expect(t.staleRight).toBe(t.injected);
      expect(t.notificationsLost).toBe(0);
    },
    600_000,
  );

  it.each(databases.eachSupportedId())(
    'survives every Kubernetes API error in the collector, on %p',
    async (id: TestDatabaseId) => {
      const { objects } = await loadManifests([
        resolve(EXAMPLES_DIR, 'clusters/eks-prod-eu'),
      ]);
      const api = await FakeKubernetesApiServer.start({
        objects: objects as Array<{ kind: string }>,
      });
      try {
        const knex = await databases.init(id);
        await applyMigrations(knex);
        const stores = storesFor(knex);
        const collector = new KubernetesApiCollector(
          [
            {
              name: 'live',
              url: api.url,
              serviceAccountToken: api.token,
              skipTLSVerify: true,
            },
          ],
          {
            pageSize: 5,
            requestTimeoutMs: 300,
            retry: { attempts: 2, initialDelayMs: 5, maxDelayMs: 10 },
          },
        );
        const services = testServices({
          stores,
        });
        const [source] = await clusterSources([collector]);
        await services.scans.registerSources([source]);
        await services.refreshCatalog();
        expect((await services.scans.scan(source)).status).toBe('ok');

        const t = tally(`Kubernetes API errors, ${id}`);
        const faults: Array<{
          name: string;
          kind: string;
          fault: FakeFault;
          stale: boolean;
        }> = [
          {
            name: '401',
            kind: 'Pod',
            fault: { type: 'status', status: 401 },
            stale: true,
          },
          {
            name: '403',
            kind: 'ClusterRole',
            fault: { type: 'status', status: 403 },
            stale: false,
          },
          {
            name: '404',
            kind: 'NetworkPolicy',
            fault: { type: 'status', status: 404 },
            stale: false,
          },
          {
            name: '429',
            kind: 'Deployment',
            fault: { type: 'status', status: 429, retryAfterSeconds: 0 },
            stale: true,
          },
          {
            name: '500',
            kind: 'Namespace',
            fault: { type: 'status', status: 500 },
            stale: true,
          },
          {
            name: 'timeout',
            kind: 'Service',
            fault: { type: 'delay', ms: 2_000 },
            stale: true,
          },
          {
            name: 'truncated page',
            kind: 'Deployment',
            fault: { type: 'reset', afterPage: 1 },
            stale: true,
          },
          {
            name: 'expired continue token',
            kind: 'ServiceAccount',
            fault: { type: 'expire-continue' },
            // Every continue token refused: the list cannot finish, the scan fails.
            stale: true,
          },
        ];
        for (const f of faults) {
          const before = await openIds(stores, 'live');
          api.addFault(f.kind, f.fault);
          t.injected++;
          let outcome;
          try {
            outcome = await services.scans.scan(source);
            t.survived++;
          } catch (e) {
            t.faults.push(`${f.name}: threw ${(e as Error).message}`);
          }
          api.clearFaults();
          const after = await openIds(stores, 'live');
          t.findingsLost += lost(before, after);
          t.leftRunning += await runningScans(stores);
          const [cluster] = await stores.scans.listClusters();
          if (cluster.stale === f.stale) t.staleRight++;
          else {
            t.faults.push(
              `${f.name}: ${outcome?.status}, stale ${cluster.stale} (${cluster.staleReason})`,
            );
          }
          expect((await services.scans.scan(source)).status).toBe('ok');
        }
        expect(t.faults).toEqual([]);
        expect(t.survived).toBe(t.injected);
        expect(t.findingsLost).toBe(0);
        expect(t.leftRunning).toBe(0);
        expect(t.staleRight).toBe(t.injected);
      } finally {
        await api.stop();
      }
    },
    120_000,
  );
});
