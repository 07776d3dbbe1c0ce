/**
 * Kube Security frontend: the entity Security tab, the org overview page and team scorecards.
 *
 * @packageDocumentation
 */
export {
  kubeSecurityPlugin,
  KubeSecurityPage,
  EntityKubeSecurityContent,
  EntityTeamSecurityScorecardCard,
} from './plugin';
export { isKubeSecurityAvailable } from './components/common/entityMapping';
export { kubeSecurityApiRef, KubeSecurityClient } from './api';
export type { KubeSecurityApi } from './api';
