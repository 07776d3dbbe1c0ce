import knexFactory from 'knex';
import { writeFileSync } from 'fs';
import { KubeSecurityStore } from '../src/database/KubeSecurityStore';
import { applyMigrations } from '../src/database/migrations';
import { KubeSecurityService } from '../src/service/KubeSecurityService';
import { SnapshotDirectoryCollector } from '../src/collectors/SnapshotDirectoryCollector';
import { EXAMPLE_SNAPSHOTS, loadExampleCatalog } from '../src/__testUtils__/exampleCatalog';

const out = process.argv[2];
(async () => {
  const knex = knexFactory({ client: 'better-sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true });
  await applyMigrations(knex);
  let clock = new Date('2026-11-20T10:00:00Z');
  const now = () => clock;
  const store = new KubeSecurityStore(knex, { now });
  let entities = loadExampleCatalog();
  const logger: any = { info() {}, warn() {}, error() {}, debug() {}, child() { return logger; } };
  const service = new KubeSecurityService({ store, logger, engineOptions: {}, loadEntities: async () => entities, now });
  const sources = await KubeSecurityService.clusterSources([new SnapshotDirectoryCollector(EXAMPLE_SNAPSHOTS as any)]);
  await store.registerClusters(sources.map(s => ({ name: s.name, provider: s.provider, source: 'snapshot' })));
  const lines: string[] = [];
  const dump = async (label: string) => {
    for (const t of ['kube_security_entity_summaries', 'kube_security_team_summaries', 'kube_security_score_history', 'kube_security_workloads']) {
      for (const row of await knex(t).select().orderByRaw('1, 2')) lines.push(`${label} ${t} ${JSON.stringify(row)}`);
    }
    for (const row of await knex('kube_security_findings').select().orderBy('id')) lines.push(`${label} finding ${JSON.stringify(row)}`);
    for (const e of entities.filter(x => x.kind === 'Component' || x.kind === 'Resource')) {
      const plan = await service.entityPlan(e);
      lines.push(`${label} plan ${JSON.stringify({ ...plan, generatedAt: 'T' })}`);
    }
  };
  await service.refreshCatalog();
  // A first day of scans, then more a week later (trends), with a cluster changing owner.
  for (const s of sources) await service.scan(s);
  await dump('day1');
  clock = new Date('2026-11-28T10:00:00Z');
  for (const s of sources) await service.scan(s);
  await dump('day8');
  entities = entities.filter(e => e.metadata.name !== 'recommendations' && e.metadata.name !== 'payments-api');
  await service.refreshCatalog();
  await dump('remapped');
  entities = loadExampleCatalog();
  await service.refreshCatalog();
  clock = new Date('2026-11-29T10:00:00Z');
  await service.scan(sources[0]);
  await dump('back');
  writeFileSync(out, lines.join('\n') + '\n');
  console.log(lines.length, 'lines');
  await knex.destroy();
})();
