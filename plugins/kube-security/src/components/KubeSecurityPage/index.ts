export { KubeSecurityPage } from './KubeSecurityPage';
