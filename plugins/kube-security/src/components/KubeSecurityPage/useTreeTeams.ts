import { useEffect, useRef, useState } from 'react';
import type {
  TeamSummary,
  TeamsResponse,
} from '@kube-security/plugin-kube-security-common';
import type { KubeSecurityApi, TeamsQuery } from '../../api';
import { EarlyRequest, TEAMS_PAGE } from './earlyRequests';

export { TEAMS_PAGE };

/** Every team matching the query's filters: a first page, then the others at once. */
export async function loadAllTeams(
  api: Pick<KubeSecurityApi, 'getTeams'>,
  query: TeamsQuery,
): Promise<TeamsResponse> {
  const first = await api.getTeams({ ...query, offset: 0, limit: TEAMS_PAGE });
  const offsets: number[] = [];
  if (first.teams.length > 0) {
    for (let o = first.teams.length; o < first.total; o += TEAMS_PAGE)
      offsets.push(o);
  }
  const rest = await Promise.all(
    offsets.map(offset =>
      api.getTeams({ ...query, offset, limit: TEAMS_PAGE }),
    ),
  );
  const teams = [first, ...rest].flatMap(page => page.teams);
  return { teams, total: first.total, offset: 0, limit: teams.length };
}

/** The teams the tree shows: the top of the tree first, then every team. */
export interface TreeTeams {
  teams: TeamSummary[];
  /** False while only the top of the tree is there and the other teams load. */
  complete: boolean;
}

/** The teams of the tree view as they load. */
export interface TreeTeamsState {
  value?: TreeTeams;
  loading: boolean;
  error?: Error;
}

/**
 * The teams of the tree view. Without filters, the tree's top (its roots and the level
 * below, `top` in one small request) shows first, so a large organisation's first rows do
 * not wait for its every team; then every team, read in pages. With filters, a root may be
 * any team whose parent does not match, so the tree waits for every matching team.
 * The tree sorts its siblings itself: the order of the query does not reload it.
 * `early` is the unfiltered top asked for before the page mounted (see earlyRequests):
 * the tree uses it instead of asking again, and shows it at once if it is in already.
 */
export function useTreeTeams(
  api: Pick<KubeSecurityApi, 'getTeams'>,
  query: TeamsQuery,
  options: {
    enabled: boolean;
    filtered: boolean;
    early?: EarlyRequest<TeamsResponse>;
  },
): TreeTeamsState {
  const filters = {
    q: query.q,
    category: query.category,
    provider: query.provider,
    cluster: query.cluster,
  };
  const key = JSON.stringify(filters);
  const { enabled, filtered } = options;
  // Only the first load of an unfiltered tree can use the early top.
  const early = useRef(enabled && !filtered ? options.early : undefined);
  const [state, setState] = useState<
    { key: string; value?: TreeTeams; error?: Error } | undefined
  >(() => {
    const teams = early.current?.value?.teams;
    return teams && teams.length > 0
      ? { key, value: { teams, complete: false } }
      : undefined;
  });

  useEffect(() => {
    if (!enabled) return undefined;
    let current = true;
    const q: TeamsQuery = { offset: 0, limit: TEAMS_PAGE, ...JSON.parse(key) };
    const earlyTop = filtered ? undefined : early.current?.promise;
    early.current = undefined;
    const load = async () => {
      if (!filtered) {
        // An older backend may not know `top`: then the tree waits for every team.
        const top = await (earlyTop ?? api.getTeams({ ...q, top: true })).catch(
          () => undefined,
        );
        if (current && top && top.teams.length > 0) {
          // The page's first render may show this top already: then nothing re-renders.
          setState(previous =>
            previous?.key === key &&
            (previous.value?.complete || previous.value?.teams === top.teams)
              ? previous
              : { key, value: { teams: top.teams, complete: false } },
          );
        }
      }
      const all = await loadAllTeams(api, q);
      if (current)
        setState({ key, value: { teams: all.teams, complete: true } });
    };
    load().catch((error: Error) => {
      if (current) setState({ key, error });
    });
    return () => {
      current = false;
    };
  }, [api, key, enabled, filtered]);

  const settled = state?.key === key && (state.error || state.value?.complete);
  return {
    // The previous teams stay while the next ones load.
    value: state?.value,
    loading: enabled && !settled,
    error: state?.key === key ? state.error : undefined,
  };
}
