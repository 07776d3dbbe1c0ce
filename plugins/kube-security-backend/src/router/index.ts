import {
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import express from 'express';
import Router from 'express-promise-router';
import { createAccess } from './access';
import {
  ActionPlanRouteOptions,
  addActionPlanRoutes,
} from './actionPlanRoutes';
import { EntityRouteOptions, addEntityRoutes } from './entityRoutes';
import { addFactRoutes } from './factRoutes';
import { OrgRouteOptions, addOrgRoutes } from './orgRoutes';
import type { VisibleRefsCacheOptions } from './visibleRefsCache';

export interface RouterOptions
  extends EntityRouteOptions,
    OrgRouteOptions,
    ActionPlanRouteOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  logger: LoggerService;
  catalog: CatalogService;
  /** The owners of a mapped entity, for the plugin's isOwner rule on findings. */
  ownersOf?: (entityRef: string) => string[];
  /**
   * How long the entities the catalog shows a caller (asked when the policy answers
   * catalog.entity.read with conditions) are reused: 10 s by default.
   */
  visibleRefsCache?: VisibleRefsCacheOptions;
}

/**
 * The REST API under /api/kube-security. Every route needs a signed-in user or a backend
 * service (the plugin's http router rejects anonymous calls with 401), and each one is
 * checked against the permission policy (403 when denied). Routes talk to the services
 * only.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const router = Router();
  router.use(express.json());
  const access = createAccess(options);
  addEntityRoutes(router, access, options);
  addOrgRoutes(router, access, options);
  addActionPlanRoutes(router, access, options);
  addFactRoutes(router, access, options);
  return router;
}
