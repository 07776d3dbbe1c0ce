import { createRouteRef } from '@backstage/core-plugin-api';

/** The org-wide security overview page. */
export const rootRouteRef = createRouteRef({
  id: 'kube-security',
});
