import { ReactElement } from 'react';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  PermissionApi,
  permissionApiRef,
} from '@backstage/plugin-permission-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { kubeSecurityApiRef, KubeSecurityApi } from '../api';
import { rootRouteRef } from '../routes';

type AuthorizeResponse = Awaited<ReturnType<PermissionApi['authorize']>>;

/**
 * A permission API that answers every request with `decide(permission name)`.
 * Note: usePermission caches answers per permission and resource ref for the whole
 * test file, so a test that needs a different answer must use another entity.
 */
export function permissionApiThat(
  decide: (permissionName: string) => 'ALLOW' | 'DENY',
): jest.Mocked<PermissionApi> {
  return {
    authorize: jest.fn(
      async request =>
        ({ result: decide(request.permission.name) } as AuthorizeResponse),
    ),
  };
}

/** Renders inside a test app with the plugin's and the catalog's routes mounted. */
export function renderWithApi(
  element: ReactElement,
  api: Partial<KubeSecurityApi>,
  options: { routeEntries?: string[]; permissionApi?: PermissionApi } = {},
) {
  const permissionApi =
    options.permissionApi ?? permissionApiThat(() => 'ALLOW');
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [kubeSecurityApiRef, api],
        [permissionApiRef, permissionApi],
      ]}
    >
      {element}
    </TestApiProvider>,
    {
      routeEntries: options.routeEntries,
      mountedRoutes: {
        '/kube-security': rootRouteRef,
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
    },
  );
}
