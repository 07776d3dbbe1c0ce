import { createRouteRef, createSubRouteRef } from '@backstage/core-plugin-api';

/** The org-wide security overview page. */
export const rootRouteRef = createRouteRef({
  id: 'kube-security',
});

/** One team's full scorecard, below the overview page. */
export const teamRouteRef = createSubRouteRef({
  id: 'kube-security/team',
  parent: rootRouteRef,
  path: '/teams/:namespace/:name',
});

/** The action plan for any provider, below the overview page; it needs no scan. */
export const actionPlanRouteRef = createSubRouteRef({
  id: 'kube-security/action-plan',
  parent: rootRouteRef,
  path: '/action-plan',
});
