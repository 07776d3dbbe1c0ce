/**
 * Kube Security for apps on the new frontend system: one plugin with the API client, the
 * org overview page (in the navigation), the entity Security tab and the Group scorecard card.
 *
 * @packageDocumentation
 */
import {
  ApiBlueprint,
  ApiHolder,
  PageBlueprint,
  configApiRef,
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
import {
  overviewRequestsAt,
  startOverviewRequests,
} from './components/KubeSecurityPage/earlyRequests';

/** The legacy route refs, converted once so the page and the plugin share them. */
const routes = convertLegacyRouteRefs({
  root: rootRouteRef,
  team: teamRouteRef,
  actionPlan: actionPlanRouteRef,
});

const OVERVIEW_PATH = '/kube-security';

const loadPage = () =>
  import('./components/KubeSecurityPage').then(m => <m.KubeSecurityPage />);

/**
 * When the app opens on the overview, its code and its first requests (the clusters, the
 * top of the team tree) start with the app, alongside the sign-in, instead of once the page
 * has rendered: a large organisation's first rows show sooner. The page takes the
 * requests' answers when it mounts (earlyRequests.ts).
 */
function startOverviewIfOpen(apis: ApiHolder, routePath: string) {
  if (typeof window === 'undefined') return;
  const baseUrl = apis.get(configApiRef)?.getOptionalString('app.baseUrl');
  const basePath = baseUrl
    ? new URL(baseUrl, window.location.origin).pathname.replace(/\/+$/, '')
    : '';
  const wanted = overviewRequestsAt(window.location, `${basePath}${routePath}`);
  const api = apis.get(kubeSecurityApiRef);
  if (!wanted.clusters || !api) return;
  loadPage().catch(() => undefined);
  startOverviewRequests(api, wanted);
}

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
export const kubeSecurityPage = PageBlueprint.makeWithOverrides({
  factory(originalFactory, { apis, config }) {
    const path = config.path ?? OVERVIEW_PATH;
    startOverviewIfOpen(apis, path);
    return originalFactory({
      path: OVERVIEW_PATH,
      title: 'Security',
      icon: <SecurityIcon />,
      routeRef: routes.root,
      noHeader: true,
      loader: loadPage,
    });
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
