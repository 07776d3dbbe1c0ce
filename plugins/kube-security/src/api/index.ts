export { kubeSecurityApiRef } from './KubeSecurityApi';
export type {
  ActionPlanPdfQuery,
  DecisionsPageQuery,
  KubeSecurityApi,
  KubeSecurityEntityRef,
  KubeSecurityTeamRef,
  PageQuery,
  PlanPdfLayout,
  TeamsQuery,
} from './KubeSecurityApi';
export { KubeSecurityClient } from './KubeSecurityClient';
