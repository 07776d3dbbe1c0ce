import { Route, Routes } from 'react-router-dom';
import { ActionPlanPage } from '../ActionPlan';
import { OverviewPage } from './OverviewPage';
import { TeamPage } from './TeamPage';

/**
 * The org-wide security overview: every team's score, the clusters and the
 * unowned findings; a team's full scorecard lives below it at
 * /teams/:namespace/:name, and the action plan for any provider (no scan needed) at
 * /action-plan.
 *
 * @public
 */
export const KubeSecurityPage = () => (
  <Routes>
    <Route path="/" element={<OverviewPage />} />
    <Route path="/teams/:namespace/:name" element={<TeamPage />} />
    <Route path="/action-plan" element={<ActionPlanPage />} />
  </Routes>
);
