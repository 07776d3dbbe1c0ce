import type { Provider } from '@kube-security/plugin-kube-security-common';

/** How the entity and team PDFs are laid out, from the request's query string. */
export interface PlanPdfOptions {
  /** Steps for this provider instead of the plan's own (or every provider's when unknown). */
  provider?: Provider;
  /**
   * `priority` (the default): open items most important first, then the rest.
   * `category`: the four categories in plan order, the open items first in each.
   */
  groupBy?: 'priority' | 'category';
}
