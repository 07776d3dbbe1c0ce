import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { KubeSecurityClient, kubeSecurityApiRef } from './api';
import { actionPlanRouteRef, rootRouteRef, teamRouteRef } from './routes';

/** @public */
export const kubeSecurityPlugin = createPlugin({
  id: 'kube-security',
  apis: [
    createApiFactory({
      api: kubeSecurityApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new KubeSecurityClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
    team: teamRouteRef,
    actionPlan: actionPlanRouteRef,
  },
});

/** The org-wide security overview page. @public */
export const KubeSecurityPage = kubeSecurityPlugin.provide(
  createRoutableExtension({
    name: 'KubeSecurityPage',
    component: () =>
      import('./components/KubeSecurityPage').then(m => m.KubeSecurityPage),
    mountPoint: rootRouteRef,
  }),
);

/** The Security tab for Component and cluster Resource pages. @public */
export const EntityKubeSecurityContent = kubeSecurityPlugin.provide(
  createComponentExtension({
    name: 'EntityKubeSecurityContent',
    component: {
      lazy: () =>
        import('./components/EntityKubeSecurityContent').then(
          m => m.EntityKubeSecurityContent,
        ),
    },
  }),
);

/** The team scorecard card for Group pages. @public */
export const EntityTeamSecurityScorecardCard = kubeSecurityPlugin.provide(
  createComponentExtension({
    name: 'EntityTeamSecurityScorecardCard',
    component: {
      lazy: () =>
        import('./components/TeamScorecardCard').then(
          m => m.EntityTeamSecurityScorecardCard,
        ),
    },
  }),
);
