import {
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult, BasicPermission } from '@backstage/plugin-permission-common';
import {
  ACTION_ITEMS,
  ClustersResponse,
  ItemsResponse,
  kubeSecurityFindingsReadPermission,
} from '@kube-security/plugin-kube-security-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { KubeSecurityStore } from '../database/KubeSecurityStore';

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  logger: LoggerService;
  store: KubeSecurityStore;
}

/**
 * The REST API under /api/kube-security. Every route needs a signed-in user or a backend
 * service (the plugin's http router rejects anonymous calls with 401), and each one is
 * checked against the permission policy (403 when denied).
 */
export async function createRouter(options: RouterOptions): Promise<express.Router> {
  const { httpAuth, permissions, store } = options;
  const router = Router();
  router.use(express.json());

  async function authorize(req: Request, permission: BasicPermission) {
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
  }

  router.get('/items', async (req, res) => {
    await authorize(req, kubeSecurityFindingsReadPermission);
    const body: ItemsResponse = { items: [...ACTION_ITEMS] };
    res.json(body);
  });

  router.get('/clusters', async (req, res) => {
    await authorize(req, kubeSecurityFindingsReadPermission);
    const body: ClustersResponse = { clusters: await store.listClusters() };
    res.json(body);
  });

  return router;
}
