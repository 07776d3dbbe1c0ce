import { lazy, ReactNode, Suspense, useLayoutEffect, useState } from 'react';
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
 * The app mounts a page whose code it loaded lazily as a retry of its Suspense boundary,
 * which React renders in time slices: any update of the app shell meanwhile (the sign-in's
 * follow-up requests answering) throws the page's half-done render away and starts it again.
 * So the first commit is empty and the page renders in the update its layout effect makes,
 * synchronously and before the browser paints: nothing interrupts it, and nothing different
 * is ever drawn.
 */
const RenderOnCommit = ({ children }: { children: ReactNode }) => {
  const [committed, setCommitted] = useState(false);
  useLayoutEffect(() => setCommitted(true), []);
  return committed ? <>{children}</> : null;
};

/**
 * The org-wide security overview: every team's score, the clusters and the
 * unowned findings; a team's full scorecard lives below it at
 * /teams/:namespace/:name, and the action plan for any provider (no scan needed) at
 * /action-plan.
 *
 * @public
 */
export const KubeSecurityPage = () => (
  <RenderOnCommit>
    <Suspense fallback={<Progress />}>
      <Routes>
        <Route path="/" element={<OverviewPage />} />
        <Route path="/teams/:namespace/:name" element={<TeamPage />} />
        <Route path="/action-plan" element={<ActionPlanPage />} />
      </Routes>
    </Suspense>
  </RenderOnCommit>
);
