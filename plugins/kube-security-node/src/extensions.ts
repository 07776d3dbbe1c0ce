import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { KubeSecurityCollector } from './collect/types';

/**
 * Lets backend modules add collectors (e.g. live cloud posture for EKS, GKE and AKS).
 *
 * @public
 */
export interface KubeSecurityCollectorsExtensionPoint {
  addCollector(...collectors: KubeSecurityCollector[]): void;
}

/** @public */
export const kubeSecurityCollectorsExtensionPoint =
  createExtensionPoint<KubeSecurityCollectorsExtensionPoint>({
    id: 'kube-security.collectors',
  });
