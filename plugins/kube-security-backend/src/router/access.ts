import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  BasicPermission,
  PolicyDecision,
  ResourcePermission,
  createPermission,
} from '@backstage/plugin-permission-common';
import {
  KUBE_SECURITY_FINDING_RESOURCE_TYPE,
  KUBE_SECURITY_PLUGIN_ID,
  kubeSecurityFindingsReadPermission,
} from '@kube-security/plugin-kube-security-common';
import { Request } from 'express';
import { ReadScope } from '../service/ReadScope';
import { entityParams, parse } from './schemas';
import { VisibleRefsCache, VisibleRefsCacheOptions } from './visibleRefsCache';

/**
 * The catalog's own read permission (as `@backstage/plugin-catalog-common/alpha` defines
 * it): the catalog shows a caller the entities its decision on this permission allows.
 */
export const catalogEntityReadPermission = createPermission({
  name: 'catalog.entity.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

/**
 * Who the caller is and what the policy answered them on catalog.entity.read: the key of
 * their catalog visibility in the cache. Two callers share an answer only when both the
 * identity and the decision are the same.
 */
export function visibilityKey(
  credentials: BackstageCredentials,
  decision: PolicyDecision,
): string {
  return JSON.stringify([actorOf(credentials), decision]);
}

/** The kinds whose entities findings, teams and decisions belong to. */
const MAPPED_KINDS = ['component', 'resource', 'system', 'group'];

/** Who made a decision: the user's entity ref, or the calling service. */
export function actorOf(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  if (principal.type === 'user' && principal.userEntityRef)
    return principal.userEntityRef;
  return `service:${principal.subject ?? 'unknown'}`;
}

export interface Access {
  /**
   * What the caller may read: the policy's answer on kube-security.findings.read (403 when
   * it denies) and, with `catalog`, the entities the catalog shows them (asked with their
   * credentials).
   */
  readScope(
    req: Request,
    options: { catalog: boolean },
  ): Promise<{ credentials: BackstageCredentials; scope: ReadScope }>;
  /**
   * The entity the path names, when the catalog shows it to the caller (else 404) and the
   * read policy lets them read about it (else 403).
   */
  loadReadableEntity(
    req: Request,
  ): Promise<{ credentials: BackstageCredentials; entity: Entity }>;
  /** The caller's credentials, when the policy allows the permission (else 403). */
  authorize(
    req: Request,
    permission: BasicPermission,
  ): Promise<BackstageCredentials>;
  /**
   * The caller's credentials when they are a user's; a backend service gets 403 (the
   * permission service allows services without asking the policy).
   */
  requireUser(req: Request): Promise<BackstageCredentials>;
  /** A permission on one catalog entity (the policy can check, say, ownership). */
  authorizeOnEntity(
    req: Request,
    permission: ResourcePermission<'catalog-entity'>,
    entityRef: string,
  ): Promise<BackstageCredentials>;
  /** The entity the path names, read from the catalog on behalf of the caller (else 404). */
  loadEntity(req: Request, credentials: BackstageCredentials): Promise<Entity>;
  /**
   * What these credentials may read, as `readScope` answers for a request (403 when the
   * policy denies); for callers that hold credentials rather than a request (actions).
   */
  scopeFor(
    credentials: BackstageCredentials,
    options: { catalog: boolean },
  ): Promise<ReadScope>;
  /**
   * The entity `ref` names, when the catalog shows it to these credentials (else 404) and
   * `scope` lets them read about it (else 403).
   */
  readableEntity(
    credentials: BackstageCredentials,
    scope: ReadScope,
    ref: string,
  ): Promise<Entity>;
}

/** What the access checks ask: the caller, the policy and the catalog. */
export interface AccessOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  /** The owners of a mapped entity, for the plugin's isOwner rule. */
  ownersOf?: (entityRef: string) => string[];
  /** How long the entities the catalog shows a caller are reused (see VisibleRefsCache). */
  visibleRefsCache?: VisibleRefsCacheOptions;
}

/** The entity ref a route's path names (400 when it is malformed). */
function refFromPath(req: Request): string {
  const params = parse(entityParams, req.params, 'entity reference');
  return stringifyEntityRef({
    kind: params.kind.toLocaleLowerCase('en-US'),
    namespace: params.namespace,
    name: params.name,
  });
}

/**
 * Who may call a route: a signed-in user or a backend service (the plugin's http router
 * rejects anonymous calls with 401), checked against the permission policy (403 when
 * denied); and the catalog entity a route is about.
 */
export function createAccess(options: AccessOptions): Access {
  const { httpAuth, permissions, catalog } = options;

  const cache = new VisibleRefsCache(options.visibleRefsCache);

  /** Refs of the entities the catalog shows the caller, asked with their credentials. */
  async function askCatalog(credentials: BackstageCredentials) {
    const { items } = await catalog.getEntities(
      {
        filter: MAPPED_KINDS.map(kind => ({ kind })),
        fields: ['kind', 'metadata.namespace', 'metadata.name'],
      },
      { credentials },
    );
    return items.map(e => stringifyEntityRef(e));
  }

  /**
   * The entities the catalog shows the caller, decided as the catalog decides: on the
   * policy's answer to catalog.entity.read. Allowed without conditions, the catalog shows
   * everything (undefined: no filter, and nothing to ask); denied, nothing; with
   * conditions, the catalog is asked on the caller's behalf, and its answer kept a few
   * seconds for the same caller and decision.
   */
  async function visibleSet(
    credentials: BackstageCredentials,
    decision: PolicyDecision,
  ): Promise<ReadonlySet<string> | undefined> {
    if (decision.result === AuthorizeResult.ALLOW) return undefined;
    if (decision.result === AuthorizeResult.DENY) return new Set();
    return cache.get(visibilityKey(credentials, decision), () =>
      askCatalog(credentials),
    );
  }

  const access: Access = {
    async readScope(req, what) {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      return { credentials, scope: await access.scopeFor(credentials, what) };
    },

    async scopeFor(credentials, what) {
      const [decision, catalogDecision] =
        await permissions.authorizeConditional(
          what.catalog
            ? [
                { permission: kubeSecurityFindingsReadPermission },
                { permission: catalogEntityReadPermission },
              ]
            : [{ permission: kubeSecurityFindingsReadPermission }],
          { credentials },
        );
      if (decision.result === AuthorizeResult.DENY) {
        throw new NotAllowedError(
          `You are not allowed to ${kubeSecurityFindingsReadPermission.name} (permission denied by policy)`,
        );
      }
      if (
        decision.result === AuthorizeResult.CONDITIONAL &&
        (decision.pluginId !== KUBE_SECURITY_PLUGIN_ID ||
          decision.resourceType !== KUBE_SECURITY_FINDING_RESOURCE_TYPE)
      ) {
        throw new NotAllowedError(
          `The policy answered ${kubeSecurityFindingsReadPermission.name} with conditions of ${decision.pluginId}/${decision.resourceType}; only the kube-security rules on ${KUBE_SECURITY_FINDING_RESOURCE_TYPE} apply to findings`,
        );
      }
      return new ReadScope({
        decision,
        visible: what.catalog
          ? await visibleSet(credentials, catalogDecision)
          : undefined,
        ownersOf: options.ownersOf ?? (() => []),
      });
    },

    async loadReadableEntity(req) {
      const { credentials, scope } = await access.readScope(req, {
        catalog: false,
      });
      const entity = await access.readableEntity(
        credentials,
        scope,
        refFromPath(req),
      );
      return { credentials, entity };
    },

    async readableEntity(credentials, scope, ref) {
      // The catalog answers only what it shows the caller (404 otherwise).
      const entity = await catalog.getEntityByRef(ref, { credentials });
      if (!entity) throw new NotFoundError(`No catalog entity ${ref}`);
      const found = stringifyEntityRef(entity);
      if (!scope.seesEntity(found)) {
        throw new NotAllowedError(
          `You are not allowed to ${kubeSecurityFindingsReadPermission.name} on ${found} (permission denied by policy)`,
        );
      }
      return entity;
    },

    async authorize(req, permission) {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const [decision] = await permissions.authorize([{ permission }], {
        credentials,
      });
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `You are not allowed to ${permission.name} (permission denied by policy)`,
        );
      }
      return credentials;
    },

    async requireUser(req) {
      try {
        return await httpAuth.credentials(req, { allow: ['user'] });
      } catch (e) {
        if ((e as Error).name === 'NotAllowedError') {
          throw new NotAllowedError(
            'Only users may create or revoke exceptions and attestations; a service cannot decide for a team',
          );
        }
        throw e;
      }
    },

    async authorizeOnEntity(req, permission, entityRef) {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const [decision] = await permissions.authorize(
        [{ permission, resourceRef: entityRef }],
        { credentials },
      );
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `You are not allowed to ${permission.name} on ${entityRef} (permission denied by policy)`,
        );
      }
      return credentials;
    },

    async loadEntity(req, credentials) {
      const ref = refFromPath(req);
      // Asked on behalf of the caller, so catalog permissions apply too.
      const entity = await catalog.getEntityByRef(ref, { credentials });
      if (!entity) throw new NotFoundError(`No catalog entity ${ref}`);
      return entity;
    },
  };
  return access;
}
