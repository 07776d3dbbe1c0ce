import { useRouteRef } from '@backstage/core-plugin-api';
import { teamRouteRef } from '../../routes';
import { teamRefOf } from '../common';

/**
 * Builds links to a team's full scorecard. Returns undefined links when the
 * overview page is not mounted in the app, so cards degrade to plain text
 * instead of breaking the Group page.
 */
export function useTeamLink(): (entityRef: string) => string | undefined {
  let route:
    | ((params: { namespace: string; name: string }) => string)
    | undefined;
  try {
    // Called on every render; the try only catches the "No path" error that
    // useRouteRef throws after its own hooks have run.
    // eslint-disable-next-line react-hooks/rules-of-hooks
    route = useRouteRef(teamRouteRef);
  } catch {
    route = undefined;
  }
  return (entityRef: string) => {
    const team = teamRefOf(entityRef);
    return route && team ? route(team) : undefined;
  };
}
