import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ACTION_ITEMS,
  CATEGORIES,
  Category,
  ITEM_STATUSES,
  KUBE_SECURITY_FINDING_RESOURCE_TYPE,
  KUBE_SECURITY_PLUGIN_ID,
  Score,
} from '@kube-security/plugin-kube-security-common';
import type { Knex } from 'knex';
import type { TeamQuery } from '../database/AggregateStore';
import { applyMigrations, migrationsDir } from '../database/migrations';
import { storesFor } from '../database/stores';
import type { CategoryView, TeamRollup } from '../domain/summaries';
import { teamsFromEveryRollup } from '../__testUtils__/teamsReference';
import { PlanService } from './PlanService';
import { ReadScope } from './ReadScope';

/**
 * `GET /teams` filters, sorts and pages in the database, with a category selected too (each
 * team's category scores are columns of its summary row): the same pages as working them
 * out from every roll-up, for every sort, order, page, filter and read scope, and only the
 * page's roll-ups are read.
 */
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const TIMEOUT = 120_000;
const TEAMS = 60;

const NO_COUNTS = Object.fromEntries(
  ITEM_STATUSES.map(s => [s, 0]),
) as Score['counts'];

const score = (value: number | null): Score => ({
  value,
  grade: null,
  coverage: 1,
  counts: NO_COUNTS,
});

const nameOf = (i: number) => `team${String(i).padStart(2, '0')}`;
const refOf = (i: number) => `group:default/${nameOf(i)}`;

/** A tree: team00 on top, five departments below it, the rest below those; two orphans. */
function parentOf(i: number): string | undefined {
  if (i === 0) return undefined;
  if (i <= 5) return refOf(0);
  if (i >= TEAMS - 2) return 'group:default/gone';
  return refOf(1 + (i % 5));
}

/** Team `i`'s view of a category: scores with ties and gaps, a top item for most. */
function view(i: number, c: number): CategoryView {
  const category = CATEGORIES[c];
  const item = ACTION_ITEMS.filter(a => a.category === category)[i % 3];
  const value = (i + c) % 6 === 0 ? null : ((i * 7 + c * 13) % 9) * 10;
  return {
    score: score(value),
    ...(i % 4 === 0
      ? {}
      : {
          topItem: {
            itemId: item.id,
            title: item.title,
            status: 'fail',
            severity: 'high',
          },
        }),
  };
}

/**
 * Synthetic team `i`: every seventh has no overall score, every ninth was stored before
 * roll-ups kept category views, open counts with zeros in each category.
 */
function team(i: number): TeamRollup {
  const providers = [['eks'], ['gke'], ['eks', 'aks'], ['gke', 'aks']][i % 4];
  return {
    summary: {
      entityRef: refOf(i),
      name: nameOf(i),
      title: i % 3 === 0 ? `Squad ${i % 10}` : undefined,
      parentRef: parentOf(i),
      score: score(i % 7 === 0 ? null : (i * 31) % 11),
      trend: i % 5 === 0 ? null : (i % 9) - 4,
      openByCategory: {
        cloud: i % 3,
        cluster: (i + 1) % 4,
        workload: i % 2 === 0 ? 0 : i % 6,
        image: i % 5 === 1 ? 0 : 2,
      },
      entityCount: i,
    },
    clusters: [`c${1 + (i % 3)}`],
    providers,
    entityRefs: [`component:default/svc-${i}`],
    topActions: [],
    ...(i % 9 === 4
      ? {}
      : {
          categoryViews: Object.fromEntries(
            CATEGORIES.map((category, c) => [category, view(i, c)]),
          ) as Record<Category, CategoryView>,
        }),
    categories: [],
  };
}

/** Callers: everyone, one the catalog shows some teams, one the policy lets see some. */
function scopes(): Array<[string, ReadScope]> {
  const visible = Array.from({ length: TEAMS }, (_, i) => i)
    .filter(i => i % 3 !== 1)
    .map(refOf);
  return [
    ['everything', ReadScope.everything],
    [
      'catalog shows two thirds',
      new ReadScope({
        decision: { result: AuthorizeResult.ALLOW },
        visibleRefs: visible,
        ownersOf: () => [],
      }),
    ],
    [
      'owns a few teams',
      new ReadScope({
        decision: {
          result: AuthorizeResult.CONDITIONAL,
          pluginId: KUBE_SECURITY_PLUGIN_ID,
          resourceType: KUBE_SECURITY_FINDING_RESOURCE_TYPE,
          conditions: {
            rule: 'IS_OWNER',
            resourceType: KUBE_SECURITY_FINDING_RESOURCE_TYPE,
            params: {
              claims: [2, 3, 9, 10, 17, 24, 33, 41, 58].map(refOf),
            },
          },
        },
        ownersOf: () => [],
      }),
    ],
  ];
}

const SORTS: Array<TeamQuery['sort']> = ['score', 'name', 'open', 'trend'];
const PAGES = [
  { offset: 0, limit: 100 },
  { offset: 0, limit: 7 },
  { offset: 7, limit: 7 },
  { offset: 40, limit: 10 },
];
const FILTERS: Array<Partial<TeamQuery>> = [
  { search: 'squad 3' },
  { search: '1' },
  { provider: 'gke' },
  { cluster: 'c2' },
  { top: true },
];

async function setUp(id: TestDatabaseId) {
  const knex = await databases.init(id);
  await applyMigrations(knex);
  const stores = storesFor(knex);
  await stores.aggregates.writeAggregates(
    [],
    Array.from({ length: TEAMS }, (_, i) => team(i)),
  );
  return { knex, stores, plans: new PlanService({ stores }) };
}

/** Rows with a roll-up (`summary`) that team summary queries return, from knex's events. */
function rollupsRead(knex: Knex) {
  let rows = 0;
  const listener = (
    response: unknown,
    query: { sql?: string; method?: string },
  ) => {
    const sql = query.sql ?? '';
    if (
      query.method === 'select' &&
      /from [`"]?kube_security_team_summaries/.test(sql) &&
      /summary/.test(sql.split(/ from /)[0]) &&
      Array.isArray(response)
    )
      rows += response.length;
  };
  knex.on('query-response', listener);
  return {
    get rows() {
      return rows;
    },
    stop: () => knex.removeListener('query-response', listener),
  };
}

describe('GET /teams filtered and sorted in the database', () => {
  it.each(databases.eachSupportedId())(
    'answers the same pages as working them out from every roll-up, on %p',
    async (id: TestDatabaseId) => {
      const { stores, plans } = await setUp(id);
      const check = async (q: TeamQuery, scope: ReadScope, label: string) => {
        const got = await plans.teams(q, scope);
        const want = await teamsFromEveryRollup(stores.aggregates, q, scope);
        expect({ label, ...got }).toEqual({ label, ...want });
        return got;
      };
      let nonEmpty = 0;
      for (const [who, scope] of scopes()) {
        for (const category of [undefined, ...CATEGORIES]) {
          for (const sort of SORTS) {
            for (const order of ['asc', 'desc'] as const) {
              for (const page of PAGES) {
                const q = { ...page, sort, order, category };
                const got = await check(
                  q,
                  scope,
                  `${who} ${JSON.stringify(q)}`,
                );
                if (got.teams.length > 0) nonEmpty += 1;
              }
            }
          }
          for (const filter of FILTERS) {
            const q: TeamQuery = {
              offset: 0,
              limit: 100,
              sort: 'score',
              order: 'asc',
              category,
              ...filter,
            };
            await check(q, scope, `${who} ${JSON.stringify(q)}`);
          }
        }
      }
      expect(nonEmpty).toBeGreaterThan(200);
    },
    TIMEOUT,
  );

  it.each(databases.eachSupportedId())(
    'reads the roll-ups of the page only, with a category and for a restricted caller, on %p',
    async (id: TestDatabaseId) => {
      const { knex, plans } = await setUp(id);
      const [, , [, restricted]] = scopes();
      for (const [category, scope] of [
        ['workload', ReadScope.everything],
        ['cloud', restricted],
        [undefined, restricted],
      ] as const) {
        const read = rollupsRead(knex);
        const res = await plans.teams(
          { offset: 1, limit: 3, sort: 'score', order: 'asc', category },
          scope,
        );
        read.stop();
        expect(res.teams.length).toBeGreaterThan(0);
        expect(res.total).toBeGreaterThan(res.teams.length);
        expect(read.rows).toBe(res.teams.length);
      }
    },
    TIMEOUT,
  );

  it.each(databases.eachSupportedId())(
    'keeps the category scores its migration fills from the stored roll-ups, on %p',
    async (id: TestDatabaseId) => {
      const { knex } = await setUp(id);
      const columns = CATEGORIES.map(c => `score_${c}`);
      const written = await knex('kube_security_team_summaries')
        .orderBy('entity_ref')
        .select('entity_ref', ...columns);
      // A category's score, or the overall one for a roll-up stored without views.
      const old = team(4);
      expect(written.find(r => r.entity_ref === refOf(4))).toEqual({
        entity_ref: refOf(4),
        ...Object.fromEntries(columns.map(c => [c, old.summary.score.value])),
      });
      const fresh = team(8);
      expect(written.find(r => r.entity_ref === refOf(8))).toEqual({
        entity_ref: refOf(8),
        ...Object.fromEntries(
          CATEGORIES.map(c => [
            `score_${c}`,
            fresh.categoryViews![c].score.value,
          ]),
        ),
      });
      const config = {
        directory: migrationsDir,
        tableName: 'kube_security_knex_migrations',
        loadExtensions: ['.js'],
        name: '20261206060000_team_category_scores.js',
      };
      await knex.migrate.down(config);
      expect(
        await knex.schema.hasColumn('kube_security_team_summaries', columns[0]),
      ).toBe(false);
      await knex.migrate.up(config);
      expect(
        await knex('kube_security_team_summaries')
          .orderBy('entity_ref')
          .select('entity_ref', ...columns),
      ).toEqual(written);
    },
    TIMEOUT,
  );
});
