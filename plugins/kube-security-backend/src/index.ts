/**
 * Kube Security backend plugin.
 *
 * @packageDocumentation
 */
export { kubeSecurityPlugin as default } from './plugin';
