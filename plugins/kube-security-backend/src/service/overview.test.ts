import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  isActionableFinding,
  markAcceptedFindings,
} from '@kube-security/plugin-kube-security-common';
import { scanHarness } from '../__testUtils__/scanHarness';
import {
  acceptItem,
  acceptPrivilegedFinding,
  CART,
  deployPrivilegedCart,
  ScanHarness,
} from '../__testUtils__/privilegedCart';
import type { StoredFinding } from '../database/FindingStore';
import { ReadScope } from './ReadScope';

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const WEB = 'component:default/storefront-web';

/** Open findings, each marked accepted by the exceptions of its own entity only. */
async function openMarked(h: ScanHarness) {
  const exceptions = await h.stores.decisions.activeExceptions();
  return (await h.stores.findings.openFindings()).map(
    f =>
      markAcceptedFindings(
        [f],
        exceptions.filter(e => e.entityRef === f.entityRef),
      )[0] as StoredFinding,
  );
}

/** The headline's finding counts, counted by hand from a list of open findings. */
function countByHand(findings: StoredFinding[]) {
  const open = findings.filter(isActionableFinding);
  return {
    critical: open.filter(f => f.severity === 'critical').length,
    high: open.filter(f => f.severity === 'high').length,
    internetExposed: open.filter(f => f.exposure?.internet).length,
    unowned: open.filter(f => !f.entityRef).length,
    unownedCritical: open.filter(f => !f.entityRef && f.severity === 'critical')
      .length,
  };
}

describe('the overview headline', () => {
  it.each(databases.eachSupportedId())(
    'counts open critical, high, exposed and unowned findings and expiring exceptions, on %p',
    async (id: TestDatabaseId) => {
      const h = await scanHarness(databases, id);
      const headline = async (scope?: ReadScope) =>
        (await h.services.plans.overview(scope)).headline;

      const all = await openMarked(h);
      // The example declares an exception on storefront-web: its findings are not counted.
      expect(all.some(f => f.accepted)).toBe(true);
      let counts = countByHand(all);
      // The example clusters have work of every kind, unowned included.
      expect(counts.critical).toBeGreaterThan(0);
      expect(counts.high).toBeGreaterThan(0);
      expect(counts.internetExposed).toBeGreaterThan(0);
      expect(counts.unowned).toBeGreaterThan(0);
      expect(await headline()).toEqual({
        ...counts,
        expiringExceptions: 0,
        expiringWithinDays: 30,
      });

      // A privileged container on cart-service adds a critical finding with an owner.
      const privileged = await deployPrivilegedCart(h);
      const after = await headline();
      expect(after.critical).toBe(counts.critical + 1);
      expect(after.unowned).toBe(counts.unowned);

      // Accepted for 10 days: no longer counted, and expiring within 30 days; an item-wide
      // exception of storefront-web for 60 days hides only storefront-web's findings.
      await acceptPrivilegedFinding(h, privileged, 10);
      const webFinding = (
        await h.stores.findings.openFindings({ entityRef: WEB })
      ).find(
        f =>
          f.status === 'fail' &&
          all.some(
            g =>
              g.entityRef === CART &&
              g.itemId === f.itemId &&
              isActionableFinding(g),
          ),
      )!;
      await acceptItem(h, 'storefront-web', webFinding.itemId, 60);
      const byHand = countByHand(await openMarked(h));
      expect(await headline()).toEqual({
        ...byHand,
        expiringExceptions: 1,
        expiringWithinDays: 30,
      });
      expect(byHand.critical).toBe(counts.critical);

      // The team's list of that item keeps cart-service's findings: storefront-web's
      // item-wide exception does not cover another entity's.
      const listed = await h.services.plans.openFindings({
        offset: 0,
        limit: 1000,
        teamRef: 'group:default/storefront',
        itemId: webFinding.itemId,
      });
      expect(listed.findings.some(f => f.entityRef === CART)).toBe(true);
      expect(listed.findings.some(f => f.entityRef === WEB)).toBe(false);

      // Only what the caller may see: without cart-service, its findings and exception go.
      const visible = [
        ...new Set(all.map(f => f.entityRef).filter(r => r && r !== CART)),
      ] as string[];
      const scope = new ReadScope({
        decision: { result: AuthorizeResult.ALLOW },
        visibleRefs: [...visible, 'group:default/storefront'],
        ownersOf: () => [],
      });
      counts = countByHand(
        (await openMarked(h)).filter(f => f.entityRef !== CART),
      );
      expect(await headline(scope)).toEqual({
        ...counts,
        expiringExceptions: 0,
        expiringWithinDays: 30,
      });
      expect(counts.critical).toBeLessThan(byHand.critical);
    },
    120_000,
  );
});
