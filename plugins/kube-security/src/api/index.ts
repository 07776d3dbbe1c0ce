export { kubeSecurityApiRef } from './KubeSecurityApi';
export type {
  DecisionsPageQuery,
  KubeSecurityApi,
  KubeSecurityEntityRef,
  KubeSecurityTeamRef,
  PageQuery,
  TeamsQuery,
} from './KubeSecurityApi';
export { KubeSecurityClient } from './KubeSecurityClient';
