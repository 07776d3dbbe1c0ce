export { kubeSecurityApiRef } from './KubeSecurityApi';
export type { KubeSecurityApi } from './KubeSecurityApi';
export { KubeSecurityClient } from './KubeSecurityClient';
