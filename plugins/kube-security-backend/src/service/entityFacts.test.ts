import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  EntitySecurityFacts,
  GRADE_RANK,
  isActionableFinding,
} from '@kube-security/plugin-kube-security-common';
import { unlinkSync } from 'fs';
import { join } from 'path';
import { scanHarness } from '../__testUtils__/scanHarness';
import {
  acceptItem,
  acceptPrivilegedFinding,
  CART,
  deployPrivilegedCart,
  exampleEntity,
} from '../__testUtils__/privilegedCart';
import { ReadScope } from './ReadScope';

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const WEB = 'component:default/storefront-web';
const STOREFRONT = 'group:default/storefront';
const DAY = 24 * 3600 * 1000;
const PAGE = { offset: 0, limit: 1000 };

describe('entity facts (the scorecard facts of each entity and team)', () => {
  it.each(databases.eachSupportedId())(
    'agree with the plans, count severe findings and lapsed exceptions, and sum them per team, on %p',
    async (id: TestDatabaseId) => {
      const h = await scanHarness(databases, id);
      const factsOf = async () =>
        new Map(
          (await h.services.plans.entityFacts(PAGE)).entities.map(
            (f): [string, EntitySecurityFacts] => [f.entityRef, f],
          ),
        );

      // Every component agrees with its plan, built from its findings another way.
      let facts = await factsOf();
      for (const name of ['cart-service', 'storefront-web', 'payments-api']) {
        const { plan } = await h.services.plans.entityPlan(exampleEntity(name));
        const fact = facts.get(`component:default/${name}`)!;
        const severe = (severity: string) =>
          plan.items
            .flatMap(i => i.findings)
            .filter(f => f.severity === severity && isActionableFinding(f))
            .length;
        expect(fact).toMatchObject({
          score: plan.score.value,
          grade: plan.score.grade,
          gradeRank: plan.score.grade ? GRADE_RANK[plan.score.grade] : null,
          coverage: plan.score.coverage,
          openFindings: { critical: severe('critical'), high: severe('high') },
          exceptions: { expired: 0, expiringSoon: 0 },
        });
        for (const category of plan.categories) {
          expect(fact.openByCategory[category.category]).toBe(category.open);
        }
      }
      const sum = (key: 'critical' | 'high') =>
        facts.get(CART)!.openFindings[key] + facts.get(WEB)!.openFindings[key];
      expect(facts.get(STOREFRONT)!.openFindings).toEqual({
        critical: sum('critical'),
        high: sum('high'),
      });
      const before = facts.get(CART)!.openFindings.critical;

      // A privileged container adds a critical finding.
      const privileged = await deployPrivilegedCart(h);
      facts = await factsOf();
      expect(facts.get(CART)!.openFindings.critical).toBe(before + 1);
      expect(facts.get(STOREFRONT)!.openFindings.critical).toBe(
        before + 1 + facts.get(WEB)!.openFindings.critical,
      );

      // Accepted for 10 days: no longer open, and expiring soon; another for 60 days is not.
      await acceptPrivilegedFinding(h, privileged, 10);
      const other = (
        await h.stores.findings.openFindings({ entityRef: WEB })
      ).find(f => f.status === 'fail')!;
      await acceptItem(h, 'storefront-web', other.itemId, 60);
      facts = await factsOf();
      expect(facts.get(CART)!.openFindings.critical).toBe(before);
      expect(facts.get(CART)!.exceptions).toEqual({
        expired: 0,
        expiringSoon: 1,
      });
      expect(facts.get(WEB)!.exceptions).toEqual({
        expired: 0,
        expiringSoon: 0,
      });
      expect(facts.get(STOREFRONT)!.exceptions.expiringSoon).toBe(1);

      // Eleven days on, the exception ran out while the finding is still open.
      h.clock.now = new Date(h.clock.now.getTime() + 11 * DAY);
      facts = await factsOf();
      expect(facts.get(CART)!.openFindings.critical).toBe(before + 1);
      expect(facts.get(CART)!.exceptions).toEqual({
        expired: 1,
        expiringSoon: 0,
      });
      expect(facts.get(STOREFRONT)!.exceptions).toEqual({
        expired: 1,
        expiringSoon: 0,
      });

      // Once the pod is gone, the lapsed exception no longer matters.
      unlinkSync(join(h.dir, 'cart-debug.yaml'));
      await h.services.scans.scan(h.source);
      facts = await factsOf();
      expect(facts.get(CART)!.openFindings.critical).toBe(before);
      expect(facts.get(CART)!.exceptions.expired).toBe(0);
    },
    120_000,
  );

  it.each(databases.eachSupportedId())(
    'show only what the caller may see, a page at a time, on %p',
    async (id: TestDatabaseId) => {
      const h = await scanHarness(databases, id);
      const everything = await h.services.plans.entityFacts(PAGE);
      const refs = everything.entities.map(f => f.entityRef);
      expect(refs).toEqual([...refs].sort());
      expect(refs).toEqual(expect.arrayContaining([CART, WEB, STOREFRONT]));
      expect(everything.total).toBe(refs.length);

      const page = await h.services.plans.entityFacts({ offset: 1, limit: 2 });
      expect(page.entities.map(f => f.entityRef)).toEqual(refs.slice(1, 3));
      expect(page).toMatchObject({ total: refs.length, offset: 1, limit: 2 });

      // A caller the catalog does not show cart-service to.
      const scope = new ReadScope({
        decision: { result: AuthorizeResult.ALLOW },
        visibleRefs: refs.filter(ref => ref !== CART),
        ownersOf: () => [],
      });
      const seen = await h.services.plans.entityFacts(PAGE, scope);
      expect(seen.entities.map(f => f.entityRef)).toEqual(
        refs.filter(ref => ref !== CART),
      );
      const web = everything.entities.find(f => f.entityRef === WEB)!;
      expect(
        seen.entities.find(f => f.entityRef === STOREFRONT)!.openFindings,
      ).toEqual(web.openFindings);
    },
    120_000,
  );
});
