/**
 * Kube Security for apps on the new frontend system: one plugin with the API client, the
 * org overview page (in the navigation), the entity Security tab and the Group scorecard card.
 *
 * @packageDocumentation
 */
import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { convertLegacyRouteRefs } from '@backstage/core-compat-api';
import SecurityIcon from '@material-ui/icons/Security';
import { KubeSecurityClient, kubeSecurityApiRef } from './api';
import { isKubeSecurityAvailable } from './components/common/entityMapping';
import { actionPlanRouteRef, rootRouteRef, teamRouteRef } from './routes';

/** The legacy route refs, converted once so the page and the plugin share them. */
const routes = convertLegacyRouteRefs({
  root: rootRouteRef,
  team: teamRouteRef,
  actionPlan: actionPlanRouteRef,
});

/** The Kube Security API client, talking to the backend plugin. @alpha */
export const kubeSecurityApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: kubeSecurityApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new KubeSecurityClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The org-wide overview at /kube-security, with each team's scorecard and the action plan
 * for any provider (/kube-security/action-plan) below it. Its title and icon make it a
 * navigation item. The page draws its own header.
 *
 * @alpha
 */
export const kubeSecurityPage = PageBlueprint.make({
  params: {
    path: '/kube-security',
    title: 'Security',
    icon: <SecurityIcon />,
    routeRef: routes.root,
    noHeader: true,
    loader: () =>
      import('./components/KubeSecurityPage').then(m => <m.KubeSecurityPage />),
  },
});

/**
 * The Security tab, on entities findings can map to: those naming their workloads with the
 * Kubernetes plugin's annotations, and cluster Resources.
 *
 * @alpha
 */
export const entityKubeSecurityContent = EntityContentBlueprint.make({
  params: {
    path: '/kube-security',
    title: 'Security',
    filter: isKubeSecurityAvailable,
    // Prefetched while the browser is idle, so that the first switch to the tab
    // does not wait for its code (measured by scripts/tab-timing.mjs).
    loader: () =>
      import(
        /* webpackPrefetch: true */ './components/EntityKubeSecurityContent'
      ).then(m => <m.EntityKubeSecurityContent />),
  },
});

/** The team scorecard card, on Group pages. @alpha */
export const entityTeamSecurityScorecardCard = EntityCardBlueprint.make({
  name: 'team-scorecard',
  params: {
    filter: { kind: 'group' },
    loader: () =>
      import('./components/TeamScorecardCard').then(m => (
        <m.EntityTeamSecurityScorecardCard />
      )),
  },
});

/**
 * The Kube Security frontend plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'kube-security',
  title: 'Security',
  icon: <SecurityIcon />,
  routes,
  extensions: [
    kubeSecurityApi,
    kubeSecurityPage,
    entityKubeSecurityContent,
    entityTeamSecurityScorecardCard,
  ],
});
