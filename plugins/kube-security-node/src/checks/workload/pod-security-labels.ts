import type { Check } from '../../engine/check';
import { isSystemNamespace, teamWorkloads } from './helpers';
import { ADMISSION_ITEM as ITEM } from './podSecurity';

const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';
const ENFORCING_LEVELS = ['baseline', 'restricted'];

/**
 * Namespaces enforce a Pod Security level. Reported: no labels, enforce: privileged, and
 * warn/audit without enforce (a failure, not a partial pass: nothing is refused there).
 */
export const podSecurityLabelsCheck: Check = {
  id: `${ITEM}/pod-security-labels`,
  itemId: ITEM,
  severity: 'medium',
  reads: ['Namespace'],
  run(ctx) {
    const { index } = ctx;
    const wholeCluster = index.snapshot.scope === 'cluster';
    // On a cluster: namespaces where teams run workloads. On manifests: the Namespace
    // objects the manifests define (a team's namespace manifest is what would carry labels).
    const names = wholeCluster
      ? [...new Set(teamWorkloads(ctx).map(w => w.namespace))]
      : index.ofKind('Namespace').map(ns => ns.metadata.name);
    let judged = 0;
    for (const name of names.sort()) {
      if (isSystemNamespace(ctx, name)) continue;
      const namespace = index.namespaceObject(name);
      if (!namespace) continue; // its labels were not collected: cannot tell
      judged++;
      const labels = namespace.metadata.labels ?? {};
      const level = labels[ENFORCE_LABEL];
      if (ENFORCING_LEVELS.includes(level)) continue;
      const onlySoft =
        labels['pod-security.kubernetes.io/warn'] ||
        labels['pod-security.kubernetes.io/audit'];
      let message = `Namespace '${name}' has no ${ENFORCE_LABEL} label: the built-in Pod Security admission does not refuse privileged or host-access pods there`;
      if (level === 'privileged') {
        message = `Namespace '${name}' enforces the 'privileged' Pod Security level, which allows every pod`;
      } else if (onlySoft) {
        message = `Namespace '${name}' only warns or audits Pod Security violations: set ${ENFORCE_LABEL} to baseline or restricted so they are refused`;
      }
      ctx.report({
        message,
        resource: { kind: 'Namespace', namespace: name, name },
        evidencePath: `metadata.labels['${ENFORCE_LABEL}']`,
        ...(Object.keys(labels).length > 0 ? { labels } : {}),
      });
    }
    return judged > 0 || (wholeCluster && index.canRead('Namespace'));
  },
};
