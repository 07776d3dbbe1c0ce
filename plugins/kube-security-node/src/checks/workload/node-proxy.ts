import { roleRuleCheck } from './rbac';
import { proxiesToNodes } from './rbac-matchers';

/** Roles with access to nodes/proxy (CIS 5.1.10): the kubelet API, bypassing audit and admission. */
export const nodeProxyCheck = roleRuleCheck({
  slug: 'node-proxy',
  severity: 'high',
  match: proxiesToNodes,
  describe: () =>
    'can use nodes/proxy, which reaches the kubelet API (running commands in any pod of the node) without audit or admission',
  field: 'resources',
});
