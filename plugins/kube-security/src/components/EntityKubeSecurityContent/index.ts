export { EntityKubeSecurityContent } from './EntityKubeSecurityContent';
