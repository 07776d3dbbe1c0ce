import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import {
  ITEM_STATUSES,
  Score,
} from '@kube-security/plugin-kube-security-common';
import type { TeamRollup } from '../domain/summaries';
import { applyMigrations } from './migrations';
import { storesFor } from './stores';

/**
 * `top` reads the top of the team tree only (the overview shows it while the rest of a
 * large organisation loads): the roots, as the tree finds them (no parent, or a parent
 * without a roll-up), and the teams right below them.
 */
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const NO_COUNTS = Object.fromEntries(
  ITEM_STATUSES.map(s => [s, 0]),
) as Score['counts'];

function team(name: string, score: number, parent?: string): TeamRollup {
  return {
    summary: {
      entityRef: `group:default/${name}`,
      name,
      parentRef: parent && `group:default/${parent}`,
      score: { value: score, grade: null, coverage: 1, counts: NO_COUNTS },
      trend: null,
      openByCategory: { cloud: 0, cluster: 0, workload: 1, image: 0 },
      entityCount: 1,
    },
    clusters: ['c1'],
    providers: ['eks'],
    entityRefs: [],
    topActions: [],
    categories: [],
  };
}

describe('AggregateStore.queryTeams with top', () => {
  it.each(databases.eachSupportedId())(
    'reads the roots and the level below them, on %p',
    async (id: TestDatabaseId) => {
      const knex = await databases.init(id);
      await applyMigrations(knex);
      const { aggregates } = storesFor(knex);
      await aggregates.writeAggregates(
        [],
        [
          team('org', 50),
          team('dept-a', 40, 'org'),
          team('dept-b', 60, 'org'),
          team('squad-a1', 10, 'dept-a'),
          team('squad-a2', 20, 'dept-a'),
          team('tribe-a1x', 5, 'squad-a1'),
          // Its parent has no roll-up: a root of the tree, as is its child the level below.
          team('orphan', 70, 'ghost'),
          team('orphan-kid', 30, 'orphan'),
        ],
      );
      const query = {
        offset: 0,
        limit: 100,
        sort: 'score' as const,
        order: 'asc' as const,
      };

      const top = await aggregates.queryTeams({ ...query, top: true });
      expect(top.teams.map(t => t.name)).toEqual([
        'orphan-kid',
        'dept-a',
        'org',
        'dept-b',
        'orphan',
      ]);
      expect(top.total).toBe(5);
      expect(top.teams.find(t => t.name === 'dept-a')?.parentRef).toBe(
        'group:default/org',
      );

      // Without it, every team as before; with other filters, both apply.
      expect((await aggregates.queryTeams(query)).total).toBe(8);
      expect(
        (await aggregates.queryTeams({ ...query, top: false })).total,
      ).toBe(8);
      const searched = await aggregates.queryTeams({
        ...query,
        top: true,
        search: 'dept',
      });
      expect(searched.teams.map(t => t.name)).toEqual(['dept-a', 'dept-b']);
      const paged = await aggregates.queryTeams({
        ...query,
        top: true,
        offset: 1,
        limit: 2,
      });
      expect(paged.teams.map(t => t.name)).toEqual(['dept-a', 'org']);
      expect(paged.total).toBe(5);
    },
    60_000,
  );
});
