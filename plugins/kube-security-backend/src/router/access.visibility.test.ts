import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { stringifyEntityRef, parseEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  EvaluatePermissionRequest,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { createAccess } from './access';

const conditional = (owner: string): PolicyDecision => ({
  result: AuthorizeResult.CONDITIONAL,
  pluginId: 'catalog',
  resourceType: 'catalog-entity',
  conditions: {
    rule: 'IS_ENTITY_OWNER',
    resourceType: 'catalog-entity',
    params: { claims: [owner] },
  },
});

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const CAROL = 'user:default/carol';
const DAN = 'user:default/dan';

/**
 * A policy and a catalog: alice and bob get the same conditions on catalog.entity.read
 * (so only their identity tells them apart) and see different entities; carol may see
 * everything; dan nothing.
 */
function setup() {
  let clock = 1_000;
  const catalogRead: Record<string, PolicyDecision> = {
    [ALICE]: conditional('group:default/shared'),
    [BOB]: conditional('group:default/shared'),
    [CAROL]: { result: AuthorizeResult.ALLOW },
    [DAN]: { result: AuthorizeResult.DENY },
  };
  const shown: Record<string, string[]> = {
    [ALICE]: ['component:default/alpha', 'group:default/alpha-team'],
    [BOB]: ['component:default/beta'],
  };
  const userOf = (c?: BackstageCredentials) =>
    (c?.principal as { userEntityRef?: string }).userEntityRef ?? '';
  const asked: string[] = [];
  const catalog = {
    getEntities: async (
      _req: unknown,
      { credentials }: { credentials: BackstageCredentials },
    ) => {
      asked.push(userOf(credentials));
      return {
        items: (shown[userOf(credentials)] ?? []).map(ref => {
          const { kind, namespace, name } = parseEntityRef(ref);
          return { apiVersion: 'v1', kind, metadata: { namespace, name } };
        }),
      };
    },
  } as unknown as CatalogService;
  const permissions = mockServices.permissions.mock({
    authorizeConditional: async (
      requests: EvaluatePermissionRequest[],
      options?: { credentials: BackstageCredentials },
    ) =>
      requests.map(r =>
        r.permission.name === 'catalog.entity.read'
          ? catalogRead[userOf(options?.credentials)]
          : { result: AuthorizeResult.ALLOW },
      ) as any,
  });
  const access = createAccess({
    httpAuth: mockServices.httpAuth(),
    permissions,
    catalog,
    visibleRefsCache: { ttlMs: 10_000, now: () => clock },
  });
  const scope = (user: string) =>
    access.scopeFor(mockCredentials.user(user), { catalog: true });
  return {
    scope,
    asked,
    shown,
    catalogRead,
    tick: (ms: number) => {
      clock += ms;
    },
  };
}

describe('the catalog visibility of a read scope', () => {
  it('does not ask the catalog when the policy lets the caller read every entity', async () => {
    const { scope, asked } = setup();
    const carol = await scope(CAROL);
    expect(carol.unrestricted).toBe(true);
    expect(carol.seesEntity('component:default/anything')).toBe(true);
    expect(asked).toEqual([]);
  });

  it('shows nothing when the policy denies reading the catalog, without asking it', async () => {
    const { scope, asked } = setup();
    const dan = await scope(DAN);
    expect(dan.unrestricted).toBe(false);
    expect(dan.seesEntity('component:default/alpha')).toBe(false);
    expect(asked).toEqual([]);
  });

  it('asks the catalog as each caller under conditions and never gives one caller another one’s answer', async () => {
    const { scope, asked } = setup();
    const alice = await scope(ALICE);
    const bob = await scope(BOB);
    expect(asked).toEqual([ALICE, BOB]);
    expect(alice.unrestricted).toBe(false);
    expect(alice.seesEntity('component:default/alpha')).toBe(true);
    expect(alice.seesEntity('component:default/beta')).toBe(false);
    expect(bob.seesEntity('component:default/beta')).toBe(true);
    expect(bob.seesEntity('component:default/alpha')).toBe(false);
    expect(bob.seesEntity('group:default/alpha-team')).toBe(false);
    // Asked again within the TTL, each keeps their own answer without a catalog call.
    expect((await scope(BOB)).seesEntity('component:default/alpha')).toBe(
      false,
    );
    expect((await scope(ALICE)).seesEntity('component:default/alpha')).toBe(
      true,
    );
    expect(asked).toEqual([ALICE, BOB]);
  });

  it('asks the catalog again once the answer expired', async () => {
    const { scope, asked, shown, tick } = setup();
    await scope(ALICE);
    shown[ALICE] = ['component:default/gamma'];
    tick(9_999);
    expect((await scope(ALICE)).seesEntity('component:default/gamma')).toBe(
      false,
    );
    tick(1);
    const later = await scope(ALICE);
    expect(later.seesEntity('component:default/gamma')).toBe(true);
    expect(later.seesEntity('component:default/alpha')).toBe(false);
    expect(asked).toEqual([ALICE, ALICE]);
  });

  it('asks the catalog again when the policy answers the same caller differently', async () => {
    const { scope, asked, shown, catalogRead } = setup();
    await scope(ALICE);
    catalogRead[ALICE] = conditional('group:default/other');
    shown[ALICE] = ['component:default/gamma'];
    const now = await scope(ALICE);
    expect(now.seesEntity('component:default/gamma')).toBe(true);
    expect(now.seesEntity('component:default/alpha')).toBe(false);
    expect(asked).toEqual([ALICE, ALICE]);
  });

  it('matches the kept refs whatever the case of the ref asked about', async () => {
    const { scope } = setup();
    const alice = await scope(ALICE);
    expect(
      alice.seesEntity(
        stringifyEntityRef({
          kind: 'Component',
          namespace: 'default',
          name: 'alpha',
        }),
      ),
    ).toBe(true);
  });
});
