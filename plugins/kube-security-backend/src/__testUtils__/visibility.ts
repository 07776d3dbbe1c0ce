import {
  BackstageCredentials,
  BackstageUserPrincipal,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  AuthorizeResult,
  EvaluatePermissionRequest,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { loadExampleCatalog } from './exampleCatalog';

/** What the catalog hides from `user:default/outsider` (its own permissions: CATALOG_READ_POLICY). */
export const HIDDEN_FROM_OUTSIDER = [
  'group:default/storefront',
  'component:default/storefront-web',
  'component:default/cart-service',
  'component:default/payments-ledger',
];

/** The user entity ref of a caller, when it is a user. */
export const userOf = (credentials?: BackstageCredentials) =>
  (credentials as BackstageCredentials<BackstageUserPrincipal> | undefined)
    ?.principal?.userEntityRef;

/**
 * The policy's answer on catalog.entity.read, per user: the catalog of
 * `catalogWithVisibility` hides HIDDEN_FROM_OUTSIDER from the outsider because of it (a
 * catalog filters on this decision); everyone else sees the whole catalog.
 */
export const CATALOG_READ_POLICY: Record<string, PolicyDecision> = {
  'user:default/outsider': {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'catalog',
    resourceType: 'catalog-entity',
    conditions: {
      not: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: { claims: ['group:default/storefront'] },
      },
    },
  },
};

/**
 * A permission service whose conditional decisions come from `readPolicy`, per calling
 * user, and on catalog.entity.read from `catalogReadPolicy`; users they do not name, and
 * every plain authorize, are allowed.
 */
export function permissionsWithReadPolicy(
  readPolicy: Record<string, PolicyDecision>,
  catalogReadPolicy: Record<string, PolicyDecision> = CATALOG_READ_POLICY,
) {
  return mockServices.permissions.mock({
    authorize: async (requests: EvaluatePermissionRequest[]) =>
      requests.map(() => ({ result: AuthorizeResult.ALLOW })),
    authorizeConditional: async (
      requests: EvaluatePermissionRequest[],
      options?: { credentials: BackstageCredentials },
    ) =>
      requests.map(
        r =>
          (r.permission.name === 'catalog.entity.read'
            ? catalogReadPolicy
            : readPolicy)[userOf(options?.credentials) ?? ''] ?? {
            result: AuthorizeResult.ALLOW,
          },
      ) as any,
  });
}

/**
 * The example catalog, with the entities it hides from `user:default/outsider`; `asked`
 * lists the users it was asked on behalf of.
 */
export function catalogWithVisibility() {
  const base = catalogServiceMock({ entities: loadExampleCatalog() });
  const hidden = (credentials?: BackstageCredentials) =>
    userOf(credentials) === 'user:default/outsider'
      ? new Set(HIDDEN_FROM_OUTSIDER)
      : new Set<string>();
  const asked: Array<string | undefined> = [];
  const service = Object.assign(Object.create(base), {
    async getEntities(req: any, opts: { credentials: BackstageCredentials }) {
      asked.push(userOf(opts.credentials));
      const res = await base.getEntities(req, opts);
      const hide = hidden(opts.credentials);
      return {
        items: res.items.filter(
          (e: Entity) => !hide.has(stringifyEntityRef(e)),
        ),
      };
    },
    async getEntityByRef(
      ref: any,
      opts: { credentials: BackstageCredentials },
    ) {
      const e = await base.getEntityByRef(ref, opts);
      return e && hidden(opts.credentials).has(stringifyEntityRef(e))
        ? undefined
        : e;
    },
  });
  return {
    asked,
    factory: createServiceFactory({
      service: catalogServiceRef,
      deps: {},
      factory: () => service,
    }),
  };
}
