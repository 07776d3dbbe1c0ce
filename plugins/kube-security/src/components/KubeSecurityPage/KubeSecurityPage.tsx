import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router-dom';
import { Progress } from '@backstage/core-components';
import { OverviewPage } from './OverviewPage';

// The team scorecard (with its history chart) and the action plan load when their route
// opens, so the overview's first rows do not wait for their code.
const TeamPage = lazy(() =>
  import('./TeamPage').then(m => ({ default: m.TeamPage })),
);
const ActionPlanPage = lazy(() =>
  import('../ActionPlan').then(m => ({ default: m.ActionPlanPage })),
);

/**
 * The org-wide security overview: every team's score, the clusters and the
 * unowned findings; a team's full scorecard lives below it at
 * /teams/:namespace/:name, and the action plan for any provider (no scan needed) at
 * /action-plan.
 *
 * @public
 */
export const KubeSecurityPage = () => (
  <Suspense fallback={<Progress />}>
    <Routes>
      <Route path="/" element={<OverviewPage />} />
      <Route path="/teams/:namespace/:name" element={<TeamPage />} />
      <Route path="/action-plan" element={<ActionPlanPage />} />
    </Routes>
  </Suspense>
);
