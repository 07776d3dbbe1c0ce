// Temporary: where does doRecompute's time go at scale? (deleted after use)
import { KubeSecurityStore } from '../src/database/KubeSecurityStore';
import { applyMigrations } from '../src/database/migrations';
import { KubeSecurityService } from '../src/service/KubeSecurityService';
import { planForEntity } from '../src/aggregate/plans';
import { rollUpTeams, summarizeEntity, EntitySummary } from '../src/aggregate/rollup';
import { openDatabase, DEFAULT_PG } from './databases';
import { generateOrg, SyntheticClusterCollector } from './syntheticOrg';
import { timed, fmt } from './measure';

(async () => {
  const kind = (process.argv[2] ?? 'postgres') as any;
  const findings = Number(process.argv[3] ?? 300000);
  const db = await openDatabase(kind, { pg: DEFAULT_PG });
  try {
    await applyMigrations(db.knex);
    const org = generateOrg({ teams: 1000, entities: 20000, clusters: 10 });
    const collector = new SyntheticClusterCollector(org, findings / 10);
    await collector.init();
    const store = new KubeSecurityStore(db.knex);
    const logger: any = { info() {}, warn() {}, error() {}, debug() {}, child() { return logger; } };
    const service = new KubeSecurityService({ store, logger, engineOptions: {}, loadEntities: async () => org.entities });
    const sources = await KubeSecurityService.clusterSources([collector]);
    await store.registerClusters(sources.map(s => ({ name: s.name, provider: s.provider, source: 'x' })));
    await service.refreshCatalog();
    const rec = service.recomputeAggregates.bind(service);
    service.recomputeAggregates = async () => {};
    for (const s of sources) await service.scan(s);
    const t0 = await timed(() => rec());
    console.log('full recompute', fmt(t0.ms), 'cpu', fmt(t0.cpuMs));
    const catalog = (service as any).catalog;
    const ctxT = await timed(() => (service as any).clusterContext());
    const ctx = ctxT.value;
    console.log('clusterContext', fmt(ctxT.ms));
    const planned = catalog.entities.map((entity: any) => ({ entity, clusters: ctx.clustersOf(entity) })).filter((p: any) => p.clusters.length);
    let readMs = 0, planMs = 0, rows = 0;
    const summaries: EntitySummary[] = [];
    for (let i = 0; i < planned.length; i += 500) {
      const batch = planned.slice(i, i + 500);
      const r = await timed(() => store.planFindings(batch.map((p: any) => p.entity.ref)));
      readMs += r.ms;
      const p = await timed(async () => {
        for (const { entity, clusters } of batch) {
          const f = r.value.get(entity.ref) ?? [];
          rows += f.length;
          summaries.push(summarizeEntity(entity, planForEntity({ entity, findings: f, clusters, coverageByCluster: ctx.coverageByCluster, clusterStatuses: ctx.clusterStatuses })));
        }
      });
      planMs += p.ms;
    }
    console.log('planFindings', fmt(readMs), 'rows', fmt(rows), 'plans', fmt(planMs));
    const h = await timed(() => store.scoresOnOrBefore('2026-11-21', [...catalog.teams.keys()]));
    console.log('scores', fmt(h.ms));
    const r = await timed(async () => rollUpTeams(catalog, summaries, ctx.clusterStatuses, h.value));
    console.log('rollUpTeams', fmt(r.ms));
    const j = await timed(async () => summaries.map(s => JSON.stringify(s)).reduce((a, b) => a + b.length, 0) + r.value.map(t => JSON.stringify(t)).reduce((a, b) => a + b.length, 0));
    console.log('stringify', fmt(j.ms), 'bytes', fmt(j.value));
    const w = await timed(() => store.writeAggregates(
      summaries.map(s => ({ entity_ref: s.entityRef, title: s.title ?? null, owner_refs: JSON.stringify(s.ownerRefs), provider: s.provider ?? null, clusters: JSON.stringify(s.clusters), score: s.score.value, grade: s.score.grade, coverage: s.score.coverage, open_items: s.openItems, summary: JSON.stringify(s), data_from: null })),
      [], summaries.map(s => ({ entity_ref: s.entityRef, score: s.score.value, grade: s.score.grade, coverage: s.score.coverage, open_items: s.openItems }))));
    console.log('writeAggregates (entities + history only)', fmt(w.ms));
  } finally {
    if (!process.env.KEEP) await db.dispose(); else { console.log("kept", db.description); await db.knex.destroy(); process.exit(0); }
  }
})();
