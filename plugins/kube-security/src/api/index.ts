export { kubeSecurityApiRef } from './KubeSecurityApi';
export type {
  KubeSecurityApi,
  KubeSecurityEntityRef,
  KubeSecurityTeamRef,
  PageQuery,
  TeamsQuery,
} from './KubeSecurityApi';
export { KubeSecurityClient } from './KubeSecurityClient';
