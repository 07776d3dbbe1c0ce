// The overview's first two requests, started when the app opens on the overview (by the page
// extension, see alpha.tsx) rather than once the page has loaded its code, rendered and run
// its effects. Kept free of React and of the page's code: the app's entry bundle includes it.
import type {
  ClustersResponse,
  TeamsResponse,
} from '@kube-security/plugin-kube-security-common';
import type { KubeSecurityApi } from '../../api';

/** The backend's largest page of teams (the tree reads every team in pages this size). */
export const TEAMS_PAGE = 500;

/** What the tree asks first when it has no filters: its roots and the level below. */
export const TREE_TOP_QUERY = { offset: 0, limit: TEAMS_PAGE, top: true };

/** How long an answer that came in before the overview mounted stays good to show. */
export const EARLY_ANSWER_MAX_AGE_MS = 10_000;

/** A request started before the page that shows its answer mounts. */
export interface EarlyRequest<T> {
  promise: Promise<T>;
  /** The answer once it is in, so that the page's first render can show it. */
  value?: T;
  /** When it settled (Date.now()), answer or error. */
  settledAt?: number;
}

/** The overview's early requests: the clusters, and the top of the unfiltered tree. */
export interface OverviewEarlyRequests {
  clusters?: EarlyRequest<ClustersResponse>;
  treeTop?: EarlyRequest<TeamsResponse>;
}

const started = new WeakMap<object, OverviewEarlyRequests>();

function early<T>(promise: Promise<T>): EarlyRequest<T> {
  const request: EarlyRequest<T> = { promise };
  promise.then(
    value => {
      request.value = value;
      request.settledAt = Date.now();
    },
    () => {
      // The page that takes it sees the error; untaken, it is dropped.
      request.settledAt = Date.now();
    },
  );
  return request;
}

/**
 * Starts the overview's first requests for the overview about to open: the clusters and,
 * when the tree shows unfiltered, its top. They wait for the sign-in like any request.
 */
export function startOverviewRequests(
  api: Pick<KubeSecurityApi, 'getClusters' | 'getTeams'>,
  options: { treeTop: boolean },
): void {
  started.set(api, {
    clusters: early(api.getClusters()),
    treeTop: options.treeTop ? early(api.getTeams(TREE_TOP_QUERY)) : undefined,
  });
}

/**
 * The requests started for the overview (an answer older than
 * {@link EARLY_ANSWER_MAX_AGE_MS} is dropped). The page reads them when it renders and
 * forgets them once it has mounted ({@link forgetOverviewRequests}): a render that React
 * discards (the page suspended) must find them again, and a later overview asks again.
 */
export function overviewRequests(
  api: object,
  now: number = Date.now(),
): OverviewEarlyRequests {
  const requests = started.get(api);
  const fresh = <T>(request?: EarlyRequest<T>) =>
    request &&
    (request.settledAt === undefined ||
      now - request.settledAt <= EARLY_ANSWER_MAX_AGE_MS)
      ? request
      : undefined;
  return {
    clusters: fresh(requests?.clusters),
    treeTop: fresh(requests?.treeTop),
  };
}

/** Forgets the requests started for the overview: the mounted page has them. */
export function forgetOverviewRequests(api: object): void {
  started.delete(api);
}

/** The query parameters that filter the tree or show the flat list instead. */
const TREE_CHANGING_PARAMS = ['view', 'q', 'category', 'provider', 'cluster'];

/**
 * Which early requests the browser's location calls for: none unless it is the overview
 * itself (the page's mount path under the app's base path); the tree's top unless the URL
 * filters the tree or shows the list (the page reads the same parameters).
 */
export function overviewRequestsAt(
  location: { pathname: string; search: string },
  mountPath: string,
): { clusters: boolean; treeTop: boolean } {
  const trim = (path: string) => path.replace(/\/+$/, '');
  if (trim(location.pathname) !== trim(mountPath)) {
    return { clusters: false, treeTop: false };
  }
  const params = new URLSearchParams(location.search);
  const view = params.get('view');
  const treeTop =
    (view === null || view === 'tree') &&
    TREE_CHANGING_PARAMS.every(p => p === 'view' || !params.get(p));
  return { clusters: true, treeTop };
}
