import { ReactElement } from 'react';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { kubeSecurityApiRef, KubeSecurityApi } from '../api';
import { rootRouteRef } from '../routes';

/** Renders inside a test app with the plugin's and the catalog's routes mounted. */
export function renderWithApi(
  element: ReactElement,
  api: Partial<KubeSecurityApi>,
  options: { routeEntries?: string[] } = {},
) {
  return renderInTestApp(
    <TestApiProvider apis={[[kubeSecurityApiRef, api]]}>
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
