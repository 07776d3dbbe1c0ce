import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import {
  CATEGORIES,
  getActionItem,
  isOpenStatus,
} from '@kube-security/plugin-kube-security-common';
import { scanHarness } from '../__testUtils__/scanHarness';
import { sortByScore } from '../__testUtils__/teamsReference';

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const ALL = { offset: 0, limit: 500, order: 'asc' as const };

describe('teams with a category selected', () => {
  it.each(databases.eachSupportedId())(
    'are scored and topped on that category only, and sorted by it, on %p',
    async (id: TestDatabaseId) => {
      const h = await scanHarness(databases, id);
      const { plans } = h.services;
      const overall = await plans.teams({ ...ALL, sort: 'name' });
      let differs = 0;
      for (const category of CATEGORIES) {
        const res = await plans.teams({ ...ALL, sort: 'name', category });
        // Only teams with open items in the category, as before.
        expect(res.teams.map(t => t.name)).toEqual(
          overall.teams
            .filter(t => t.openByCategory[category] > 0)
            .map(t => t.name),
        );
        if (res.total === 0) continue;
        for (const team of res.teams) {
          const [, namespace, name] = team.entityRef.match(
            /^group:([^/]+)\/(.+)$/,
          )!;
          const card = await plans.teamScorecard(namespace, name);
          // The scorecard's category breakdown is computed another way (merged first).
          const inCategory = card.categories.find(
            c => c.category === category,
          )!;
          expect(team.score.value).toBe(inCategory.score);
          // The most important open item of the category across the team's entities.
          const best = card.topActions
            .map(a => a.item)
            .filter(i => i.category === category && isOpenStatus(i.status))
            .sort((a, b) => b.priority - a.priority)[0];
          expect(
            team.topItem && getActionItem(team.topItem.itemId).category,
          ).toBe(category);
          // (the scorecard's list may stop before an item of this category)
          expect(team.topItem?.itemId).toBe(
            best?.itemId ?? team.topItem?.itemId,
          );
          const before = overall.teams.find(t => t.name === team.name)!;
          if (
            before.score.value !== team.score.value ||
            before.topItem?.itemId !== team.topItem?.itemId
          )
            differs += 1;
        }
        // Sorted by the category's score, worst first, paged after sorting.
        const byScore = await plans.teams({ ...ALL, sort: 'score', category });
        expect(byScore.teams.map(t => t.name)).toEqual(
          sortByScore(res.teams, 'asc').map(t => t.name),
        );
        const values = byScore.teams
          .map(t => t.score.value)
          .filter((v): v is number => v !== null);
        expect(values).toEqual([...values].sort((a, b) => a - b));
        const at = Math.min(1, byScore.total - 1);
        const second = await plans.teams({
          ...ALL,
          offset: at,
          limit: 1,
          sort: 'score',
          order: 'desc',
          category,
        });
        expect(second.teams.map(t => t.name)).toEqual([
          sortByScore(res.teams, 'desc')[at].name,
        ]);
        expect(second.total).toBe(byScore.total);
      }
      // The category view changes what the overall one says for some team.
      expect(differs).toBeGreaterThan(0);
    },
    120_000,
  );
});

describe('sortByScore', () => {
  const team = (name: string, value: number | null) =>
    ({ name, score: { value } } as any);

  it('puts teams without a score last in either order, then sorts by name', () => {
    const teams = [
      team('b', 40),
      team('a', null),
      team('c', 40),
      team('d', 90),
    ];
    expect(sortByScore(teams, 'asc').map(t => t.name)).toEqual([
      'b',
      'c',
      'd',
      'a',
    ]);
    expect(sortByScore(teams, 'desc').map(t => t.name)).toEqual([
      'd',
      'b',
      'c',
      'a',
    ]);
  });
});
