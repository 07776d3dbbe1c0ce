/*
 * Writes the store benchmark's synthetic organisation (bench/syntheticOrg.ts) as a catalog
 * file that a Backstage catalog reads (a `file` location): the Groups of the team tree,
 * the Components they own and the cluster Resources. Used by
 * scripts/bench-overview-browser.mjs to give a real backend 1,000 teams.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/orgCatalog.ts \
 *     <teams> <components> <file.yaml>
 */
import { writeFileSync } from 'fs';
import { generateOrg } from './syntheticOrg';

function main() {
  const [teams, entities, file] = process.argv.slice(2);
  if (!file || !(Number(teams) > 0) || !(Number(entities) >= 0)) {
    throw new Error('usage: orgCatalog.ts <teams> <components> <file.yaml>');
  }
  const org = generateOrg({
    teams: Number(teams),
    entities: Number(entities),
    clusters: 1,
  });
  // JSON is YAML: one document per entity, without the relations the catalog computes.
  const docs = org.entities.map(({ relations: _relations, ...entity }) =>
    JSON.stringify(entity),
  );
  writeFileSync(file, `${docs.map(d => `---\n${d}\n`).join('')}`);
  process.stdout.write(
    `${org.teamNames.length} groups, ${org.componentCount} components\n`,
  );
}

main();
