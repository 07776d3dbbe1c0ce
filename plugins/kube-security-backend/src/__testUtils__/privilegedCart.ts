import type { ActionItemId } from '@kube-security/plugin-kube-security-common';
import type { StoredFinding } from '../database/FindingStore';
import { loadExampleCatalog } from './exampleCatalog';
import { PRIVILEGED_CART, scanHarness } from './scanHarness';

/*
 * Steps the service tests share over a scan harness: a privileged container deployed on
 * cart-service (a new critical finding with an owner), and exceptions accepted by alice.
 */

export type ScanHarness = Awaited<ReturnType<typeof scanHarness>>;

export const CART = 'component:default/cart-service';

const DAY = 24 * 3600 * 1000;

/** The example catalog's entity of that name. */
export const exampleEntity = (name: string) =>
  loadExampleCatalog().find(e => e.metadata.name === name)!;

/** Deploys the privileged cart-debug pod, rescans, and returns its critical finding. */
export async function deployPrivilegedCart(
  h: ScanHarness,
): Promise<StoredFinding> {
  h.addFile('cart-debug.yaml', PRIVILEGED_CART);
  await h.services.scans.scan(h.source);
  const [privileged] = (
    await h.stores.findings.openFindings({ entityRef: CART })
  ).filter(f => f.resource.name === 'cart-debug' && f.severity === 'critical');
  return privileged;
}

/** The time `days` days after the harness clock's now, as an ISO string. */
const daysAhead = (h: ScanHarness, days: number) =>
  new Date(h.clock.now.getTime() + days * DAY).toISOString();

/** Alice accepts cart-service's privileged finding for `days` days. */
export function acceptPrivilegedFinding(
  h: ScanHarness,
  privileged: StoredFinding,
  days: number,
) {
  return h.services.decisions.createException(
    exampleEntity('cart-service'),
    {
      scope: 'finding',
      itemId: privileged.itemId,
      findingId: privileged.id,
      justification: 'Debug pod for an incident, removed after it',
      expiresAt: daysAhead(h, days),
    },
    'user:default/alice',
  );
}

/** Alice accepts a whole item of the entity of that name for `days` days. */
export function acceptItem(
  h: ScanHarness,
  entityName: string,
  itemId: ActionItemId,
  days: number,
) {
  return h.services.decisions.createException(
    exampleEntity(entityName),
    {
      scope: 'item',
      itemId,
      justification: 'Replaced by the new platform next quarter',
      expiresAt: daysAhead(h, days),
    },
    'user:default/alice',
  );
}
