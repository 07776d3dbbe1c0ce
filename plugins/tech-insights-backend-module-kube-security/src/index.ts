/**
 * Tech Insights backend module of Kube Security: a fact retriever with each entity's
 * Kubernetes security score, grade, open items and findings, and exceptions.
 *
 * @packageDocumentation
 */

export { techInsightsModuleKubeSecurity as default } from './module';
export {
  KUBE_SECURITY_FACT_RETRIEVER_ID,
  createKubeSecurityFactRetriever,
  kubeSecurityFactSchema,
  toFactValues,
} from './factRetriever';
