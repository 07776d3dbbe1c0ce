import type {
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type {
  Finding,
  TeamsResponse,
} from '@kube-security/plugin-kube-security-common';
import express from 'express';
import { writeFileSync } from 'fs';
import { Session } from 'inspector';
import { Knex } from 'knex';
import { AddressInfo } from 'net';
import { applyMigrations } from '../src/database/migrations';
import { storesFor } from '../src/database/stores';
import { createRouter } from '../src/router';
import { clusterSources } from '../src/scan/ScanService';
import { createServices } from '../src/services';
import type { RecomputeReport } from '../src/aggregate/Recompute';
import { OpenDatabase } from './databases';
import {
  createRandom,
  fmt,
  log,
  maxRssMb,
  ms,
  percentile,
  withPeakRss,
} from './measure';
import { addUnpagedScorecardRoute, scorecardRequests } from './scorecard';
import { addTeamsBeforeRoute } from './teamsBefore';
import { generateOrg, SyntheticClusterCollector } from './syntheticOrg';

/**
 * Part 2: an organisation of 1,000 teams and 20,000 Components with about 1M findings over
 * 10 clusters, written through the real scan path (ScanService.scan: collect,
 * evaluate with the real engine, map to the catalog, writeScan, recompute the aggregates),
 * then GET /teams through the real router over HTTP.
 */

/**
 * Runs `fn` under the V8 sampling profiler and writes its profile (for Chrome DevTools or
 * any .cpuprofile viewer) to `file`; just runs it without a file.
 */
async function profiled<T>(
  file: string | undefined,
  fn: () => Promise<T>,
): Promise<T> {
  if (!file) return fn();
  const session = new Session();
  session.connect();
  const post = (method: string, params: object = {}) =>
    new Promise<any>((resolve, reject) =>
      session.post(method, params, (err, res) =>
        err ? reject(err) : resolve(res),
      ),
    );
  await post('Profiler.enable');
  await post('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = await post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  }
}

export interface OverviewOptions {
  teams: number;
  entities: number;
  clusters: number;
  findings: number;
  requests: number;
  /** Days of score history to seed for every entity and team, as a mature installation has. */
  historyDays: number;
  /** Writes the aggregates and the findings' owners here (times masked), to compare code versions. */
  dump?: string;
  /** Share of one cluster's findings the incremental-recompute rescan changes (0.01). */
  churn: number;
  /** Writes CPU profiles of the recomputes after the rescan to `<prefix>.<phase>.cpuprofile`. */
  cpuProfile?: string;
}

/**
 * Rescans a cluster as its stored state with a share of its open findings changed: a
 * third fixed (gone), a third failing the other way (status flipped), a third reworded.
 */
async function rescanWithChanges(
  stores: ReturnType<typeof storesFor>,
  cluster: string,
  share: number,
) {
  const open = await stores.findings.openFindings({ cluster });
  const random = createRandom(1217);
  const picked = new Set<number>();
  const changed = Math.round(open.length * share);
  while (picked.size < changed) picked.add(random.int(0, open.length - 1));
  const findings: Finding[] = [];
  for (const [i, stored] of open.entries()) {
    // The stored-only fields are not the engine's: left on, they would make every finding
    // look changed to the rescan's digests.
    const {
      firstSeenAt: _f,
      lastSeenAt: _l,
      resolvedAt: _r,
      entityRef: _e,
      ...f
    } = stored;
    if (!picked.has(i)) findings.push(f);
    else if (i % 3 === 1)
      findings.push({ ...f, status: f.status === 'pass' ? 'fail' : 'pass' });
    else if (i % 3 === 2)
      findings.push({ ...f, message: `${f.message} (again)` });
  }
  const owners = new Map(open.map(f => [f.id, f.entityRef]));
  const workloads = (await stores.scans.allWorkloads()).filter(
    w => w.cluster === cluster,
  );
  const scanId = await stores.scans.startScan(cluster);
  const summary = await stores.scans.writeScan(scanId, {
    cluster,
    status: 'ok',
    findings,
    coverage: (await stores.scans.coverageByCluster()).get(cluster) ?? [],
    workloads,
    ownerOf: f => owners.get(f.id),
    unreadable: [],
    notes: [],
    objectCount: workloads.length,
  });
  return { findings: open.length, changed, summary };
}

export interface PhaseFigure {
  phase: string;
  ms: number;
  /** This process's CPU time: the database server's is not included. */
  cpuMs: number;
  peakRssMb: number;
  rssBeforeMb: number;
  /** V8 heap in use before the phase, after a full collection. */
  heapBeforeMb: number;
  detail?: string;
}

export interface LatencyFigure {
  route: string;
  requests: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  meanBytes: number;
}

export interface OverviewResult {
  database: string;
  teams: number;
  entities: number;
  clusters: number;
  findings: number;
  openFindings: number;
  unownedFindings: number;
  entitySummaries: number;
  teamSummaries: number;
  phases: PhaseFigure[];
  scans: Array<{
    cluster: string;
    findings: number;
    objects: number;
    totalMs: number;
    engineMs: number;
    writeScanMs: number;
    recomputeMs: number;
    rssMb: number;
  }>;
  latency: LatencyFigure[];
  maxRssMb: number;
  dbSizeMb: number;
}

const quietLogger: LoggerService = {
  error: message => process.stderr.write(`[error] ${message}\n`),
  warn: message => process.stderr.write(`[warn] ${message}\n`),
  info: () => {},
  debug: () => {},
  child: () => quietLogger,
};

/** Lets every request through as a signed-in user: the bench measures the route, not auth. */
const allowAll = {
  httpAuth: {
    credentials: async () => ({
      $$type: '@backstage/BackstageCredentials',
      principal: { type: 'user', userEntityRef: 'user:default/bench' },
    }),
    issueUserCookie: async () => ({
      expiresAt: new Date(Date.now() + 3600_000),
    }),
  } as unknown as HttpAuthService,
  permissions: {
    authorize: async (requests: unknown[]) =>
      requests.map(() => ({ result: AuthorizeResult.ALLOW })),
    authorizeConditional: async (requests: unknown[]) =>
      requests.map(() => ({ result: AuthorizeResult.ALLOW })),
  } as unknown as PermissionsService,
};

/**
 * The same caller, but the policy answers catalog.entity.read with conditions (as for a
 * user who may not see every entity): the read scope then asks the catalog what the
 * caller sees (here every entity, answered from memory) and filters with it.
 */
const underCatalogConditions = {
  ...allowAll,
  permissions: {
    ...allowAll.permissions,
    authorizeConditional: async (
      requests: Array<{ permission: { name: string } }>,
    ) =>
      requests.map(r =>
        r.permission.name === 'catalog.entity.read'
          ? {
              result: AuthorizeResult.CONDITIONAL,
              pluginId: 'catalog',
              resourceType: 'catalog-entity',
              conditions: {
                rule: 'IS_ENTITY_OWNER',
                resourceType: 'catalog-entity',
                params: { claims: ['user:default/bench'] },
              },
            }
          : { result: AuthorizeResult.ALLOW },
      ),
  } as unknown as PermissionsService,
};

/** A varied /teams workload: every sort and order, paging, search and each filter. */
function teamsQueries(
  count: number,
  org: ReturnType<typeof generateOrg>,
  seed = 11,
): string[] {
  const rand = createRandom(seed);
  const searches = [
    'team-01',
    'team-0',
    'area',
    'payments',
    'ledger 4',
    'dept-03',
    'nothing-matches',
    'Fraud Web',
    '7',
  ];
  const queries: string[] = [];
  for (let i = 0; i < count; i++) {
    const params = new URLSearchParams();
    params.set('sort', rand.pick(['score', 'name', 'open', 'trend']));
    if (rand.chance(0.5)) params.set('order', rand.pick(['asc', 'desc']));
    const limit = rand.pick([25, 50, 50, 100]);
    params.set('limit', String(limit));
    // Mostly the first pages, as people browse; sometimes deep.
    const page = rand.chance(0.6)
      ? rand.int(0, 2)
      : rand.int(0, Math.floor(org.teamNames.length / limit));
    params.set('offset', String(page * limit));
    if (rand.chance(0.25)) params.set('q', rand.pick(searches));
    if (rand.chance(0.2))
      params.set(
        'category',
        rand.pick(['cloud', 'cluster', 'workload', 'image']),
      );
    if (rand.chance(0.15))
      params.set('provider', rand.pick(['eks', 'gke', 'aks']));
    if (rand.chance(0.15)) params.set('cluster', rand.pick(org.clusters).name);
    queries.push(`/teams?${params}`);
  }
  return queries;
}

async function measureRoute(
  base: string,
  route: string,
  paths: string[],
  warmup: number,
  check?: (body: any) => void,
): Promise<LatencyFigure> {
  for (const path of paths.slice(0, warmup)) {
    const res = await fetch(base + path);
    await res.text();
  }
  const times: number[] = [];
  let bytes = 0;
  for (const path of paths) {
    const start = process.hrtime.bigint();
    const res = await fetch(base + path);
    const text = await res.text();
    times.push(ms(start));
    if (res.status !== 200)
      throw new Error(`${path} answered ${res.status}: ${text.slice(0, 300)}`);
    bytes += text.length;
    check?.(JSON.parse(text));
  }
  return {
    route,
    requests: paths.length,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    max: Math.max(...times),
    meanBytes: Math.round(bytes / paths.length),
  };
}

/**
 * Fills kube_security_score_history with `days` days (up to yesterday) for every catalog
 * ref, generated inside the database so that millions of rows take seconds.
 */
async function seedHistory(
  db: OpenDatabase,
  refs: string[],
  days: number,
): Promise<number> {
  if (days <= 0) return 0;
  const { knex } = db;
  await knex.schema.createTable('bench_refs', t =>
    t.string('ref', 512).primary(),
  );
  await knex.batchInsert(
    'bench_refs',
    refs.map(ref => ({ ref })),
    500,
  );
  const today = new Date().toISOString().slice(0, 10);
  const day =
    db.kind === 'postgres'
      ? `to_char(date '${today}' - d.n, 'YYYY-MM-DD')`
      : `date('${today}', '-' || d.n || ' days')`;
  const score = '((length(r.ref) * 7 + d.n * 13) % 101)';
  await knex.raw(
    `with recursive d(n) as (select 1 union all select n + 1 from d where n < ${days})
     insert into kube_security_score_history (entity_ref, day, score, grade, coverage, open_items)
     select r.ref, ${day}, ${score},
       case when ${score} >= 90 then 'A' when ${score} >= 75 then 'B' when ${score} >= 60 then 'C'
            when ${score} >= 40 then 'D' else 'F' end,
       0.9, 5
     from bench_refs r cross join d`,
  );
  await knex.schema.dropTable('bench_refs');
  const [{ n }] = await knex('kube_security_score_history').count({ n: '*' });
  return Number(n);
}

const ISO_TIME = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g;

/**
 * Everything the recompute and the remap wrote, in a stable order with wall-clock times
 * masked, so that two versions of the code can be shown to produce the same aggregates.
 */
async function dumpAggregates(knex: Knex, file: string) {
  const mask = (row: Record<string, unknown>) =>
    JSON.stringify(row, (key, value) => {
      if (key === 'data_from' || key === 'last_scan_at')
        return value === null ? null : 'T';
      return typeof value === 'string' ? value.replace(ISO_TIME, 'T') : value;
    });
  const lines: string[] = [];
  const tables: Array<[string, string[]]> = [
    ['kube_security_entity_summaries', ['entity_ref']],
    ['kube_security_team_summaries', ['entity_ref']],
    ['kube_security_score_history', ['entity_ref', 'day']],
  ];
  // Seeded history is not the recompute's doing: only the last days are compared.
  const recent = new Date(Date.now() - 9 * 24 * 3600 * 1000)
    .toISOString()
    .slice(0, 10);
  for (const [table, order] of tables) {
    const query = knex(table).orderBy(order).select();
    if (table === 'kube_security_score_history')
      query.where('day', '>=', recent);
    for (const row of await query) lines.push(`${table} ${mask(row)}`);
  }
  for (const row of await knex('kube_security_findings')
    .orderBy('id')
    .select('id', 'entity_ref', 'resolved_at')) {
    lines.push(
      `finding ${row.id} ${row.entity_ref} ${
        row.resolved_at === null ? 'open' : 'resolved'
      }`,
    );
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  log(`  wrote ${fmt(lines.length)} rows to ${file}`);
}

/** A recompute's kind, size and time per stage, e.g. "incremental, 510 entities, ...". */
function stagesText(report: RecomputeReport | undefined): string {
  if (!report) return 'no recompute report';
  const stages = Object.entries(report.stages)
    .map(
      ([stage, wallMs]) =>
        `${stage} ${fmt(wallMs)} (CPU ${fmt(report.cpuStages[stage] ?? 0)})`,
    )
    .join(', ');
  const written = report.written
    ? ` (written: ${fmt(report.written.entities)} entities, ${fmt(
        report.written.teams,
      )} teams)`
    : '';
  return `${report.kind}: ${fmt(report.entities)} entities, ${fmt(
    report.teams,
  )} teams${written}; stages (ms): ${stages}`;
}

export async function runOverview(
  db: OpenDatabase,
  options: OverviewOptions,
): Promise<OverviewResult> {
  const { knex } = db;
  await applyMigrations(knex);
  const phases: PhaseFigure[] = [];
  const phase = async <T>(
    name: string,
    fn: () => Promise<T>,
    detail?: (value: T) => string,
  ) => {
    const r = await withPeakRss(fn);
    const figure = {
      phase: name,
      ms: r.ms,
      cpuMs: r.cpuMs,
      peakRssMb: r.peakRssMb,
      rssBeforeMb: r.rssBeforeMb,
      heapBeforeMb: r.heapBeforeMb,
      detail: detail?.(r.value),
    };
    phases.push(figure);
    log(
      `  ${name}: ${fmt(r.ms)} ms (CPU ${fmt(r.cpuMs)} ms), heap ${
        r.heapBeforeMb
      } MB before, RSS ${r.rssBeforeMb} -> peak ${
        r.peakRssMb
      } MB (process max so far ${maxRssMb()} MB)${
        figure.detail ? `; ${figure.detail}` : ''
      }`,
    );
    return r.value;
  };

  const org = generateOrg(options);
  let entities: Entity[] = org.entities;
  const collector = new SyntheticClusterCollector(
    org,
    Math.round(options.findings / options.clusters),
  );
  await phase(
    'size the synthetic clusters',
    () => collector.init(),
    () =>
      org.clusters
        .map(c => `${c.name} x${collector.replicasOf(c.name)}`)
        .join(', '),
  );

  await phase(
    'seed score history',
    () =>
      seedHistory(
        db,
        org.entities.map(e =>
          `${e.kind}:${e.metadata.namespace}/${e.metadata.name}`.toLocaleLowerCase(
            'en-US',
          ),
        ),
        options.historyDays,
      ),
    rows =>
      `${fmt(rows)} rows (${
        options.historyDays
      } days of every entity and team)`,
  );

  const stores = storesFor(knex);
  const store = stores.scans;
  const decisionStore = stores.decisions;
  const services = createServices({
    stores,
    decisionSettings: {
      maxExceptionDays: 180,
      maxAttestationDays: 365,
      checkFrequency: 'PT1H',
    },
    logger: quietLogger,
    engineOptions: {},
    loadEntities: async () => entities,
  });
  const sources = await clusterSources([collector]);
  await store.registerClusters(
    sources.map(s => ({
      name: s.name,
      provider: s.provider,
      source: 'synthetic',
    })),
  );

  // Time the store write and the recompute inside each scan; the rest is collect + engine.
  let writeScanMs = 0;
  let recomputeMs = 0;
  const writeScan = store.writeScan.bind(store);
  store.writeScan = async (...args) => {
    const start = process.hrtime.bigint();
    try {
      return await writeScan(...args);
    } finally {
      writeScanMs += ms(start);
    }
  };
  const recompute = services.recompute.run.bind(services.recompute);
  services.recompute.run = async (...args) => {
    const start = process.hrtime.bigint();
    try {
      return await recompute(...args);
    } finally {
      recomputeMs += ms(start);
    }
  };

  await phase(
    'catalog mapping (empty store)',
    () => services.refreshCatalog(),
    () =>
      `${fmt(org.teamNames.length)} teams, ${fmt(
        org.componentCount,
      )} components, ${org.clusters.length} cluster resources`,
  );

  const scans: OverviewResult['scans'] = [];
  for (const source of sources) {
    writeScanMs = 0;
    recomputeMs = 0;
    const replicas = collector.replicasOf(source.name);
    const outcome = await phase(
      `scan ${source.name}`,
      () => services.scans.scan(source),
      o => `${fmt(o.findings ?? 0)} findings (x${replicas} replicas)`,
    );
    if (outcome.status !== 'ok')
      throw new Error(
        `scan of ${source.name} ended ${outcome.status}: ${outcome.error}`,
      );
    const last = phases[phases.length - 1];
    const [{ object_count: objects }] = await knex('kube_security_scans')
      .where({ cluster: source.name })
      .orderBy('id', 'desc')
      .limit(1)
      .select('object_count');
    scans.push({
      cluster: source.name,
      findings: outcome.findings ?? 0,
      objects: Number(objects),
      totalMs: last.ms,
      engineMs: last.ms - writeScanMs - recomputeMs,
      writeScanMs,
      recomputeMs,
      rssMb: last.peakRssMb,
    });
    log(
      `    collect+engine ${fmt(
        last.ms - writeScanMs - recomputeMs,
      )} ms, writeScan ${fmt(writeScanMs)} ms, recompute ${fmt(
        recomputeMs,
      )} ms`,
    );
  }

  const findings = scans.reduce((sum, s) => sum + s.findings, 0);
  await phase('recompute aggregates alone', () => services.recompute.run());

  // Decisions: one entity in 100 accepts one finding (those entities read their findings in
  // full rather than condensed), one in 100 accepts a whole item. Same recompute, timed again.
  const withFindings = (await knex('kube_security_findings')
    .whereNotNull('entity_ref')
    .whereNull('resolved_at')
    .groupBy('entity_ref')
    .select('entity_ref')
    .min({ id: 'id' })
    .orderBy('entity_ref')) as Array<{ entity_ref: string; id: string }>;
  const firstIds = withFindings.map(r => r.id);
  const itemOf = new Map<string, string>();
  for (let i = 0; i < firstIds.length; i += 900) {
    for (const row of await knex('kube_security_findings')
      .whereIn('id', firstIds.slice(i, i + 900))
      .select('id', 'item_id')) {
      itemOf.set(row.id, row.item_id);
    }
  }
  const expiresAt = new Date(Date.now() + 30 * 24 * 3600 * 1000);
  let decided = 0;
  for (let i = 0; i < withFindings.length; i += 50) {
    const { entity_ref: entityRef, id } = withFindings[i];
    const itemId = itemOf.get(id) as any;
    await decisionStore.createException({
      entityRef,
      itemId,
      justification: 'Benchmark: accepted while the fix ships',
      createdBy: 'user:default/bench',
      expiresAt,
      source: 'user',
      ...(i % 100 === 0
        ? { scope: 'finding' as const, findingId: id }
        : { scope: 'item' as const }),
    });
    decided++;
  }
  await phase(
    'recompute with decisions',
    () => services.recompute.run(),
    () =>
      `${fmt(decided)} exceptions on ${fmt(decided)} of ${fmt(
        withFindings.length,
      )} entities (half for one finding, half for a whole item)`,
  );

  // A team reorganisation: one Component changes owner. Every stored finding is re-checked.
  entities = entities.map(e =>
    e.metadata.name === 'svc-0'
      ? {
          ...e,
          relations: [
            {
              type: 'ownedBy',
              targetRef: `group:default/${
                org.teamNames[org.teamNames.length - 1]
              }`,
            },
          ],
        }
      : e,
  );
  await phase('catalog change (remap + recompute)', () =>
    services.refreshCatalog(),
  );

  // A rescan of one cluster that changes 1% of its findings, picked at random (so they
  // touch as many entities as they can): the recompute it triggers rebuilds those entities
  // and the teams above them; then the full recompute of the same data, for the ratio.
  const rescanned = sources[sources.length - 1].name;
  const churn = await phase(
    'rescan with 1% of findings changed (writeScan)',
    () => rescanWithChanges(stores, rescanned, options.churn),
    c =>
      `${fmt(c.changed)} of ${fmt(c.findings)} findings of ${rescanned}: ${fmt(
        c.summary.updated,
      )} updated, ${fmt(c.summary.resolved)} resolved; ${fmt(
        c.summary.changedEntityRefs.length,
      )} entities changed`,
  );
  // Each recompute reports its stages' times (Recompute.lastReport): printed with the phase.
  await phase(
    'incremental recompute after it',
    () =>
      profiled(
        options.cpuProfile && `${options.cpuProfile}.incremental.cpuprofile`,
        () =>
          services.recompute.run({
            entities: churn.summary.changedEntityRefs,
          }),
      ),
    () => stagesText(services.recompute.lastReport),
  );
  await phase(
    'full recompute of the same data',
    () =>
      profiled(
        options.cpuProfile && `${options.cpuProfile}.full.cpuprofile`,
        () => services.recompute.run(),
      ),
    () => stagesText(services.recompute.lastReport),
  );

  const count = async (table: string, where?: (q: any) => void) => {
    const q = knex(table);
    where?.(q);
    const [{ n }] = await q.count({ n: '*' });
    return Number(n);
  };
  const openFindings = await count('kube_security_findings', q =>
    q.whereNull('resolved_at'),
  );
  const unownedFindings = await stores.findings.countUnowned();
  const entitySummaries = await count('kube_security_entity_summaries');
  const teamSummaries = await count('kube_security_team_summaries');
  log(
    `  stored: ${fmt(openFindings)} open findings (${fmt(
      unownedFindings,
    )} unowned), ${fmt(entitySummaries)} entity summaries, ${fmt(
      teamSummaries,
    )} team summaries`,
  );

  if (options.dump) await dumpAggregates(knex, options.dump);

  // The real router on a real HTTP server.
  const byRef = new Map(
    entities.map(e => [
      `${e.kind}:${e.metadata.namespace}/${e.metadata.name}`.toLowerCase(),
      e,
    ]),
  );
  const routerOptions = {
    logger: quietLogger,
    catalog: {
      getEntityByRef: async (ref: string) => byRef.get(ref),
      // The read scope asks what the caller sees, under catalog conditions: everything,
      // answered from memory (a real catalog's own time for 21k entities is not part of
      // these figures).
      getEntities: async () => ({ items: entities }),
    } as unknown as CatalogService,
    scans: services.scans,
    plans: services.plans,
    decisions: services.decisions,
    triggerScan: async () => false,
  };
  // The caller may read every catalog entity: no catalog call, pages from the database.
  const router = await createRouter({ ...allowAll, ...routerOptions });
  // Under catalog conditions, with the catalog's answer kept 10 s (the default)...
  const scoped = await createRouter({
    ...underCatalogConditions,
    ...routerOptions,
  });
  // ... and asked on every request, as every read route did before (the baseline).
  const uncached = await createRouter({
    ...underCatalogConditions,
    ...routerOptions,
    visibleRefsCache: { ttlMs: 0 },
  });
  const app = express();
  const baseline = express.Router();
  addUnpagedScorecardRoute(baseline, stores);
  addTeamsBeforeRoute(baseline, stores);
  app.use('/api/kube-security', baseline);
  app.use('/api/kube-security', router);
  app.use('/scoped/api/kube-security', scoped);
  app.use('/uncached/api/kube-security', uncached);
  app.use(
    (
      err: Error,
      _req: express.Request,
      res: express.Response,
      _next: express.NextFunction,
    ) => {
      const statuses: Record<string, number> = {
        InputError: 400,
        NotFoundError: 404,
      };
      const status = statuses[err.name] ?? 500;
      res.status(status).json({ error: err.message });
    },
  );
  const server = app.listen(0, '127.0.0.1');
  await new Promise(resolve => server.once('listening', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const base = `${origin}/api/kube-security`;
  const latency: LatencyFigure[] = [];
  try {
    const all = await (await fetch(`${base}/teams?limit=1`)).json();
    if (all.total !== teamSummaries)
      throw new Error(
        `/teams total ${all.total}, expected ${teamSummaries}: ${JSON.stringify(
          all,
        ).slice(0, 300)}`,
      );
    const teams = await measureRoute(
      base,
      'GET /teams (mixed)',
      teamsQueries(options.requests, org),
      20,
      (body: TeamsResponse) => {
        if (!Array.isArray(body.teams) || body.teams.length > body.limit)
          throw new Error('bad /teams body');
      },
    );
    latency.push(teams);
    // The same kind of requests split: with a category selected (sorted and paged in SQL
    // on the category score columns) against the way it was answered before (every
    // roll-up read, bench/teamsBefore.ts) on the same requests, and without a category.
    const mixed = teamsQueries(options.requests * 8, org);
    const inCategory = mixed
      .filter(p => p.includes('category='))
      .slice(0, options.requests);
    const plain = mixed
      .filter(p => !p.includes('category='))
      .slice(0, options.requests);
    for (const [route, paths] of [
      ['GET /teams (category filter)', inCategory],
      [
        'GET /before/teams (category filter, before: every roll-up read)',
        inCategory.map(p => `/before${p}`),
      ],
      ['GET /teams (no category)', plain],
    ] as const) {
      latency.push(await measureRoute(base, route, [...paths], 10));
    }
    const leaf = org.teamNames[org.teamNames.length - 1];
    // The root team (every entity): a page of its scorecard, against the unpaged baseline.
    for (const { route, path } of scorecardRequests(
      'org',
      org.componentCount,
    )) {
      const unpaged = path.startsWith('/unpaged');
      latency.push(
        await measureRoute(base, route, Array(unpaged ? 20 : 40).fill(path), 3),
      );
    }
    latency.push(
      await measureRoute(
        base,
        `GET /teams/default/${leaf}/scorecard (leaf)`,
        Array(40).fill(`/teams/default/${leaf}/scorecard`),
        3,
      ),
    );
    latency.push(
      await measureRoute(
        base,
        'GET /entities/component/default/svc-N/plan',
        Array.from(
          { length: 40 },
          (_, i) =>
            `/entities/component/default/svc-${
              (i * 997) % org.componentCount
            }/plan`,
        ),
        3,
      ),
    );
    // The read scope under catalog conditions, in the same run: asked on every request
    // (before) and kept per caller.
    const rootFirst = scorecardRequests('org', org.componentCount)[0];
    for (const [prefix, label] of [
      ['uncached', 'catalog asked on every request: before'],
      ['scoped', 'catalog answer kept 10 s'],
    ] as const) {
      const scopedBase = `${origin}/${prefix}/api/kube-security`;
      latency.push(
        await measureRoute(
          scopedBase,
          `GET /teams (mixed, under catalog conditions, ${label})`,
          teamsQueries(options.requests, org),
          20,
        ),
      );
      latency.push(
        await measureRoute(
          scopedBase,
          `GET /teams (category filter, under catalog conditions, ${label})`,
          inCategory,
          10,
        ),
      );
      latency.push(
        await measureRoute(
          scopedBase,
          rootFirst.route.replace(
            '(root, first page)',
            `(root, first page, under catalog conditions, ${label})`,
          ),
          Array(40).fill(rootFirst.path),
          3,
        ),
      );
    }
    for (const l of latency) {
      log(
        `  ${l.route}: ${l.requests} requests, p50 ${l.p50.toFixed(
          1,
        )} ms, p95 ${l.p95.toFixed(1)} ms, p99 ${l.p99.toFixed(
          1,
        )} ms, max ${l.max.toFixed(1)} ms, ${fmt(
          l.meanBytes,
        )} bytes on average`,
      );
    }
  } finally {
    await new Promise(resolve => server.close(resolve));
  }

  return {
    database: db.description,
    teams: org.teamNames.length,
    entities: org.componentCount,
    clusters: org.clusters.length,
    findings,
    openFindings,
    unownedFindings,
    entitySummaries,
    teamSummaries,
    phases,
    scans,
    latency,
    maxRssMb: maxRssMb(),
    dbSizeMb: Math.round((await db.size()) / 1024 / 1024),
  };
}
