import { mockServices } from '@backstage/backend-test-utils';
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type {
  Finding,
  ItemEvaluation,
} from '@kube-security/plugin-kube-security-common';
import type { Knex } from 'knex';
import { rowWrites } from '../__testUtils__/rowWrites';
import { applyMigrations } from '../database/migrations';
import type { ScanResult, WorkloadRecord } from '../database/ScanStore';
import { storesFor } from '../database/stores';
import { createServices } from '../services';

/**
 * A recompute told what a scan changed rebuilds only those entities and the teams above
 * them, and leaves the aggregates exactly as a full recompute would: checked after random
 * changes to findings, workloads, owners, coverage and decisions.
 */
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const TIMEOUT = 180_000;

const CLUSTERS = ['c1', 'c2'];
const COMPONENTS = 48;
const TEAMS = ['t1', 't2', 't3', 't4', 't5', 't6'];
const ITEMS = [
  'workload-admission-policy',
  'workload-rbac-least-privilege',
  'image-trusted-registries',
] as const;

/** A small deterministic random source (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const groupRef = (name: string) => `group:default/${name}`;

/** org > two departments > six teams; components owned by teams; one Resource per cluster. */
function catalog(): Entity[] {
  const group = (name: string, parent?: string, children: string[] = []) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children },
    relations: [
      ...(parent ? [{ type: 'childOf', targetRef: groupRef(parent) }] : []),
      ...children.map(c => ({ type: 'parentOf', targetRef: groupRef(c) })),
    ],
  });
  const entities: Entity[] = [
    group('org', undefined, ['d1', 'd2']),
    group('d1', 'org', ['t1', 't2', 't3']),
    group('d2', 'org', ['t4', 't5', 't6']),
    ...TEAMS.map((t, i) => group(t, i < 3 ? 'd1' : 'd2')),
  ];
  for (let i = 0; i < COMPONENTS; i++) {
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: `app-${i}`,
        namespace: 'default',
        annotations: { 'backstage.io/kubernetes-id': `app-${i}` },
      },
      spec: { type: 'service', owner: TEAMS[i % TEAMS.length] },
      relations: [
        { type: 'ownedBy', targetRef: groupRef(TEAMS[i % TEAMS.length]) },
      ],
    });
  }
  for (const [i, cluster] of CLUSTERS.entries()) {
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: cluster,
        namespace: 'default',
        annotations: { 'kube-security.io/cluster': cluster },
      },
      spec: { type: 'kubernetes-cluster', owner: i ? 'd2' : 'd1' },
      relations: [{ type: 'ownedBy', targetRef: groupRef(i ? 'd2' : 'd1') }],
    });
  }
  return entities;
}

/** A cluster's state: its workloads (name → component) and findings. */
interface ClusterState {
  workloads: Map<string, number>;
  findings: Map<string, Finding>;
  coverage: ItemEvaluation[];
}

function workloadFinding(
  cluster: string,
  workload: string,
  n: number,
  next: () => number,
): Finding {
  const itemId = ITEMS[n % ITEMS.length];
  return {
    id: `${cluster}/${workload}/${n}`,
    checkId: `${itemId}/check-${n % 4}`,
    itemId,
    category: itemId.startsWith('image') ? 'image' : 'workload',
    status: (['fail', 'fail', 'pass', 'warn'] as const)[Math.floor(next() * 4)],
    severity: (['critical', 'high', 'medium', 'low'] as const)[
      Math.floor(next() * 4)
    ],
    message: `finding ${n} of ${workload}`,
    resource: {
      cluster,
      kind: 'Deployment',
      namespace: 'apps',
      name: workload,
      container: 'main',
    },
    exposure: { internet: next() < 0.2, dataStore: false },
  };
}

function clusterFinding(cluster: string, n: number, status: 'fail' | 'pass') {
  return {
    id: `${cluster}/cluster/${n}`,
    checkId: `cluster-audit-logging/check-${n}`,
    itemId: 'cluster-audit-logging',
    category: 'cluster',
    status,
    severity: 'high',
    message: `cluster finding ${n}`,
    resource: { cluster, kind: 'Cluster', name: cluster },
  } as Finding;
}

function initialState(cluster: string, next: () => number): ClusterState {
  const workloads = new Map<string, number>();
  const findings = new Map<string, Finding>();
  for (let i = 0; i < COMPONENTS; i++) {
    if (next() < 0.7) {
      const name = `w-${i}`;
      workloads.set(name, i);
      const count = 1 + Math.floor(next() * 6);
      for (let n = 0; n < count; n++) {
        const f = workloadFinding(cluster, name, n, next);
        findings.set(f.id, f);
      }
    }
  }
  for (let n = 0; n < 3; n++) {
    const f = clusterFinding(cluster, n, n === 0 ? 'fail' : 'pass');
    findings.set(f.id, f);
  }
  const coverage: ItemEvaluation[] = [...ITEMS, 'cluster-audit-logging'].map(
    itemId => ({
      itemId: itemId as ItemEvaluation['itemId'],
      coverage: 'full',
      checksRun: [],
    }),
  );
  return { workloads, findings, coverage };
}

/** A few random changes of each kind, as rescans bring them. */
function change(
  state: ClusterState,
  cluster: string,
  next: () => number,
  coverage: boolean,
) {
  const ids = [...state.findings.keys()];
  for (let k = 0; k < 3; k++) {
    const id = ids[Math.floor(next() * ids.length)];
    const f = state.findings.get(id);
    if (!f) continue;
    const roll = next();
    if (roll < 0.3) state.findings.delete(id);
    else if (roll < 0.6)
      state.findings.set(id, {
        ...f,
        status: f.status === 'fail' ? 'pass' : 'fail',
      });
    else state.findings.set(id, { ...f, severity: 'critical' });
  }
  // A new workload with findings, and a workload that moves to another component.
  const fresh = Math.floor(next() * COMPONENTS);
  const name = `w-new-${fresh}-${Math.floor(next() * 1000)}`;
  state.workloads.set(name, fresh);
  for (let n = 0; n < 2; n++) {
    const f = workloadFinding(cluster, name, n, next);
    state.findings.set(f.id, f);
  }
  const names = [...state.workloads.keys()];
  const moved = names[Math.floor(next() * names.length)];
  state.workloads.set(moved, Math.floor(next() * COMPONENTS));
  // The evidence for an item changes: every entity of the cluster is rebuilt.
  if (coverage) {
    const i = Math.floor(next() * state.coverage.length);
    state.coverage = state.coverage.map((c, j) =>
      j === i
        ? { ...c, coverage: c.coverage === 'full' ? 'partial' : 'full' }
        : c,
    );
  }
}

function scanResult(cluster: string, state: ClusterState): ScanResult {
  const owner = (workload: string) =>
    state.workloads.has(workload)
      ? `component:default/app-${state.workloads.get(workload)}`
      : undefined;
  const workloads: WorkloadRecord[] = [...state.workloads].map(
    ([name, component]) => ({
      kind: 'Deployment',
      namespace: 'apps',
      name,
      labels: { 'backstage.io/kubernetes-id': `app-${component}` },
      entityRef: `component:default/app-${component}`,
    }),
  );
  return {
    cluster,
    status: 'ok',
    findings: [...state.findings.values()],
    coverage: state.coverage,
    workloads,
    ownerOf: f =>
      f.resource.kind === 'Cluster'
        ? `resource:default/${cluster}`
        : owner(f.resource.name),
    unreadable: [],
    notes: [],
    objectCount: workloads.length,
  };
}

/** Every aggregate as the readers see it, and the stored columns they filter on. */
async function aggregates(
  knex: Knex,
  stores: ReturnType<typeof storesFor>,
  day: string,
) {
  const columns = async (table: string) =>
    (await knex(table).orderBy('entity_ref').select()).map(row => {
      // Read through the store, which dates them with the clusters' scans.
      const { summary: _s, data_from: _d, last_scan_at: _l, ...rest } = row;
      return rest;
    });
  return {
    entities: await stores.aggregates.allEntitySummaries(),
    teams: await stores.aggregates.allTeamRollups(),
    entityColumns: await columns('kube_security_entity_summaries'),
    teamColumns: await columns('kube_security_team_summaries'),
    history: await knex('kube_security_score_history')
      .where({ day })
      .orderBy('entity_ref')
      .select('entity_ref', 'score', 'grade', 'coverage', 'open_items'),
    members: await knex('kube_security_team_members')
      .orderBy(['team_ref', 'entity_ref'])
      .select('team_ref', 'entity_ref', 'score'),
  };
}

/** The membership rows the roll-ups call for: each team's entities with their score. */
function membersOfRollups(
  state: Awaited<ReturnType<typeof aggregates>>,
): Array<{ team_ref: string; entity_ref: string; score: number | null }> {
  const scores = new Map(state.entities.map(s => [s.entityRef, s.score.value]));
  return state.teams
    .flatMap(t =>
      t.entityRefs.map(ref => ({
        team_ref: t.summary.entityRef,
        entity_ref: ref,
        score: scores.get(ref) ?? null,
      })),
    )
    .sort((a, b) =>
      `${a.team_ref}\u0000${a.entity_ref}` <
      `${b.team_ref}\u0000${b.entity_ref}`
        ? -1
        : 1,
    );
}

describe('incremental recompute', () => {
  it.each(databases.eachSupportedId())(
    'leaves the same aggregates as a full recompute after random changes, rebuilding only what changed, on %p',
    async (id: TestDatabaseId) => {
      const knex = await databases.init(id);
      await applyMigrations(knex);
      const clock = { now: new Date('2026-11-02T08:00:00Z') };
      const now = () => clock.now;
      const stores = storesFor(knex, { now });
      const services = createServices({
        stores,
        logger: mockServices.logger.mock(),
        engineOptions: {},
        loadEntities: async () => catalog(),
        decisionSettings: {
          maxExceptionDays: 180,
          maxAttestationDays: 365,
          checkFrequency: 'PT1H',
        },
        now,
      });
      await stores.scans.registerClusters(
        CLUSTERS.map(name => ({ name, provider: 'eks', source: 'snapshot' })),
      );
      await services.refreshCatalog();
      const next = random(17);
      const states = new Map(CLUSTERS.map(c => [c, initialState(c, next)]));
      // A rescan as the scan service does it: write, then recompute what it changed.
      const rescan = async (cluster: string) => {
        clock.now = new Date(clock.now.getTime() + 10 * 60_000);
        const summary = await stores.scans.writeScan(
          await stores.scans.startScan(cluster),
          scanResult(cluster, states.get(cluster)!),
        );
        await services.recompute.run({ entities: summary.changedEntityRefs });
        return summary;
      };
      for (const cluster of CLUSTERS) await rescan(cluster);
      // The first recompute of a process (and of a day) is a full one.
      await services.recompute.run();

      const writes = rowWrites(knex);
      for (let round = 0; round < 4; round++) {
        const cluster = CLUSTERS[round % CLUSTERS.length];
        const coverageChanges = round === 3;
        change(states.get(cluster)!, cluster, next, coverageChanges);
        // Decisions change between scans: an exception for a whole item.
        if (round % 2 === 1) {
          await stores.decisions.createException({
            entityRef: `component:default/app-${Math.floor(
              next() * COMPONENTS,
            )}`,
            scope: 'item',
            itemId: 'workload-admission-policy',
            justification: 'Replaced next quarter',
            createdBy: 'user:default/ana',
            expiresAt: new Date('2027-03-01T00:00:00Z'),
            source: 'user',
          });
        }
        writes.reset();
        const summary = await rescan(cluster);
        expect(summary.changedEntityRefs.length).toBeGreaterThan(0);
        // Only some entities were rebuilt (and written).
        const rebuilt = writes.rows('kube_security_entity_summaries');
        expect(rebuilt).toBeGreaterThan(0);
        // Coverage changed for every entity of the cluster in the last round.
        expect(rebuilt).toBeLessThan(
          coverageChanges ? COMPONENTS : COMPONENTS / 4,
        );
        const incremental = await aggregates(
          knex,
          stores,
          clock.now.toISOString().slice(0, 10),
        );

        writes.reset();
        await services.recompute.run();
        const full = await aggregates(
          knex,
          stores,
          clock.now.toISOString().slice(0, 10),
        );
        expect(incremental).toEqual(full);
        // The team membership the scorecard pages is the roll-ups', and a full recompute
        // that finds it right rewrites none of it.
        expect(full.members).toEqual(membersOfRollups(full));
        expect(full.members.length).toBeGreaterThan(COMPONENTS / 2);
        expect(writes.rows('kube_security_team_members')).toBe(0);
        expect(full.entities.length).toBeGreaterThan(COMPONENTS / 2);
      }

      // An identical rescan rebuilds nothing, yet readers see the new scan time.
      writes.reset();
      const same = await rescan('c1');
      expect(same.changedEntityRefs).toEqual([]);
      expect(writes.rows('kube_security_entity_summaries')).toBe(0);
      expect(writes.rows('kube_security_team_summaries')).toBe(0);
      expect(writes.rows('kube_security_team_members')).toBe(0);
      writes.stop();
      const onC1 = (await stores.aggregates.allEntitySummaries()).find(
        s => s.clusters.includes('c1') && s.clusters.length === 1,
      )!;
      expect(onC1.dataFrom).toBe(clock.now.toISOString());
      expect(
        (await stores.aggregates.teamRollup(groupRef('org')))!.summary
          .lastScanAt,
      ).toBe(clock.now.toISOString());
    },
    TIMEOUT,
  );
});
