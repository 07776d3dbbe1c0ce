import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import type { EntitySummary } from '../domain/summaries';
import { applyMigrations } from './migrations';
import { storesFor } from './stores';
import {
  syntheticRef,
  syntheticSummary,
} from '../__testUtils__/syntheticSummaries';

/**
 * A team scorecard's entities are sorted and paged in the database (see
 * AggregateStore.entitySummaryPage), so a team of thousands reads back one page.
 */
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const TIMEOUT = 60_000;

const ref = syntheticRef;

/** Scores with ties and entities without a score, in an order unlike the refs'. */
function summary(i: number): EntitySummary {
  return syntheticSummary(i, 'group:default/team');
}

/** What the scorecard did before paging: every summary, sorted in JavaScript. */
function worstFirst(summaries: EntitySummary[]): string[] {
  return [...summaries]
    .sort(
      (a, b) =>
        (a.score.value ?? 101) - (b.score.value ?? 101) ||
        (a.entityRef < b.entityRef ? -1 : 1),
    )
    .map(s => s.entityRef);
}

describe('AggregateStore.entitySummaryPage', () => {
  it.each(databases.eachSupportedId())(
    'pages some entities worst first with their total, on %p',
    async (id: TestDatabaseId) => {
      const knex = await databases.init(id);
      await applyMigrations(knex);
      const { aggregates } = storesFor(knex);
      const all = Array.from({ length: 2500 }, (_, i) => summary(i));
      await aggregates.writeAggregates(all, []);

      // A team's members: most entities, one without a summary, in no particular order.
      const members = all
        .filter((_, i) => i % 10 !== 3)
        .map(s => s.entityRef)
        .reverse();
      const expected = worstFirst(
        all.filter(s => members.includes(s.entityRef)),
      );
      const withMissing = [...members, 'component:default/not-summarized'];

      const pages: string[] = [];
      for (let offset = 0; offset < expected.length; offset += 500) {
        const page = await aggregates.entitySummaryPage(
          withMissing,
          offset,
          500,
        );
        expect(page.total).toBe(expected.length);
        pages.push(...page.summaries.map(s => s.entityRef));
      }
      expect(pages).toEqual(expected);

      const middle = await aggregates.entitySummaryPage(withMissing, 100, 7);
      expect(middle.summaries.map(s => s.entityRef)).toEqual(
        expected.slice(100, 107),
      );
      // Whole summaries come back, as they were written.
      expect(middle.summaries[0]).toEqual(
        all.find(s => s.entityRef === expected[100]),
      );

      const past = await aggregates.entitySummaryPage(withMissing, 5000, 10);
      expect(past).toEqual({ total: expected.length, summaries: [] });
      expect(await aggregates.entitySummaryPage([], 0, 10)).toEqual({
        total: 0,
        summaries: [],
      });
      // Refs are data, not SQL.
      const odd = await aggregates.entitySummaryPage(
        [
          "component:default/x'); drop table kube_security_entity_summaries; --",
        ],
        0,
        10,
      );
      expect(odd.total).toBe(0);
      expect((await aggregates.entitySummaryPage([ref(1)], 0, 10)).total).toBe(
        1,
      );
    },
    TIMEOUT,
  );
});
