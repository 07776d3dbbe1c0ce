import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import type { EntitySummary, TeamRollup } from '../domain/summaries';
import { applyMigrations, migrationsDir } from './migrations';
import { storesFor } from './stores';
import {
  syntheticRef,
  syntheticSummary,
} from '../__testUtils__/syntheticSummaries';

/**
 * A team's entities are paged from the membership table written with the roll-ups
 * (AggregateStore.teamMemberPage): the same pages as sending the roll-up's refs
 * (entitySummaryPage), after full and partial writes and after the migration that fills it.
 */
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const TIMEOUT = 60_000;
const ROOT = 'group:default/root';
const CHILD = 'group:default/child';

const ref = syntheticRef;

function summary(i: number, shift = 0): EntitySummary {
  return syntheticSummary(i, i % 3 === 0 ? CHILD : ROOT, shift);
}

/** A roll-up of the given entities (only what the membership reads matters here). */
function rollup(teamRef: string, entityRefs: string[]): TeamRollup {
  return {
    summary: {
      entityRef: teamRef,
      name: teamRef.split('/')[1],
      parentRef: teamRef === CHILD ? ROOT : undefined,
      score: { value: 50, grade: 'C', coverage: 1 },
      trend: null,
      openByCategory: { cloud: 0, cluster: 0, workload: 0, image: 0 },
      entityCount: entityRefs.length,
    },
    clusters: ['c1'],
    providers: ['eks'],
    entityRefs: [...entityRefs].sort(),
    topActions: [],
    categories: [],
  } as unknown as TeamRollup;
}

function rollups(summaries: EntitySummary[]): TeamRollup[] {
  const refs = summaries.map(s => s.entityRef);
  return [
    rollup(ROOT, refs),
    rollup(
      CHILD,
      summaries.filter(s => s.ownerRefs.includes(CHILD)).map(s => s.entityRef),
    ),
  ];
}

type Aggregates = ReturnType<typeof storesFor>['aggregates'];

/** Every page of a team from the membership table equals the page from its refs. */
async function expectSamePages(aggregates: Aggregates, teams: TeamRollup[]) {
  for (const team of teams) {
    const teamRef = team.summary.entityRef;
    const whole = await aggregates.entitySummaryPage(team.entityRefs, 0, 1e9);
    expect(whole.total).toBeGreaterThan(0);
    for (const [offset, limit] of [
      [0, 50],
      [100, 7],
      [whole.total - 3, 50],
      [whole.total + 10, 10],
      [0, 0],
    ]) {
      const fromMembers = await aggregates.teamMemberPage(
        teamRef,
        offset,
        limit,
      );
      const fromRefs = await aggregates.entitySummaryPage(
        team.entityRefs,
        offset,
        limit,
      );
      expect(fromMembers).toEqual(fromRefs);
      expect(fromMembers.total).toBe(whole.total);
    }
  }
}

describe('AggregateStore.teamMemberPage', () => {
  it.each(databases.eachSupportedId())(
    'pages a team from its membership rows as from its refs, after full and partial writes, on %p',
    async (id: TestDatabaseId) => {
      const knex = await databases.init(id);
      await applyMigrations(knex);
      const { aggregates } = storesFor(knex);
      let all = Array.from({ length: 1200 }, (_, i) => summary(i));
      await aggregates.writeAggregates(all, rollups(all));
      await expectSamePages(aggregates, rollups(all));
      expect(
        await aggregates.teamMemberPage('group:default/none', 0, 10),
      ).toEqual({ total: 0, summaries: [] });

      // A partial write: some scores move, one entity loses its summary, one is new.
      const generation = await aggregates.generation();
      const rebuilt = [3, 10, 11, 600].map(i => summary(i, 5));
      const added = summary(1500);
      all = [
        ...all
          .filter(s => s.entityRef !== ref(7))
          .map(s => rebuilt.find(r => r.entityRef === s.entityRef) ?? s),
        added,
      ];
      expect(
        await aggregates.writeChanges({
          generation,
          entities: [...rebuilt, added],
          removed: [ref(7)],
          teams: rollups(all),
        }),
      ).toBe(generation + 1);
      await expectSamePages(aggregates, rollups(all));
      const root = await aggregates.teamMemberPage(ROOT, 0, 1e9);
      expect(root.total).toBe(all.length);
      expect(root.summaries.map(s => s.entityRef)).toContain(ref(1500));
      expect(root.summaries.map(s => s.entityRef)).not.toContain(ref(7));

      // A full write of fewer entities and teams leaves no row of what is gone.
      const fewer = all.slice(0, 100);
      await aggregates.writeAggregates(fewer, [
        rollup(
          ROOT,
          fewer.map(s => s.entityRef),
        ),
      ]);
      await expectSamePages(aggregates, [
        rollup(
          ROOT,
          fewer.map(s => s.entityRef),
        ),
      ]);
      expect((await aggregates.teamMemberPage(CHILD, 0, 10)).total).toBe(0);
      expect(
        Number(
          (await knex('kube_security_team_members').count({ n: '*' }))[0].n,
        ),
      ).toBe(100);
    },
    TIMEOUT,
  );

  it.each(databases.eachSupportedId())(
    'is filled by its migration from the stored roll-ups, on %p',
    async (id: TestDatabaseId) => {
      const knex = await databases.init(id);
      await applyMigrations(knex);
      const { aggregates } = storesFor(knex);
      const all = Array.from({ length: 700 }, (_, i) => summary(i));
      await aggregates.writeAggregates(all, rollups(all));
      const config = {
        directory: migrationsDir,
        tableName: 'kube_security_knex_migrations',
        loadExtensions: ['.js'],
        name: '20261206040000_team_members.js',
      };
      await knex.migrate.down(config);
      expect(await knex.schema.hasTable('kube_security_team_members')).toBe(
        false,
      );
      await knex.migrate.up(config);
      await expectSamePages(aggregates, rollups(all));
    },
    TIMEOUT,
  );
});
